/**
 * The 2-D convolution geometry of a Conv node for the integer kernels, given the dims the float
 * operator inferred. Padding follows the ONNX Conv spec: explicit `pads` [top, left, bottom, right],
 * or auto_pad SAME_UPPER / SAME_LOWER (extra padding at the end / the beginning) and VALID.
 */
import type { Attributes } from '../ops/attributes.js';
import type { Conv2dGeometry } from '../kernels/types.js';

export function conv2dGeometry(
  attributes: Attributes,
  x: readonly number[],
  w: readonly number[],
  y: readonly number[],
): Conv2dGeometry | null {
  if (x.length !== 4 || w.length !== 4 || y.length !== 4) return null;
  const [strideH, strideW] = attributes.ints('strides', [1, 1]);
  const [dilationH, dilationW] = attributes.ints('dilations', [1, 1]);
  const autoPad = attributes.string('auto_pad', 'NOTSET');
  let padTop = 0;
  let padLeft = 0;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const total = (inp: number, out: number, k: number, s: number, d: number) =>
      Math.max(0, (out - 1) * s + (k - 1) * d + 1 - inp);
    const th = total(x[2], y[2], w[2], strideH, dilationH);
    const tw = total(x[3], y[3], w[3], strideW, dilationW);
    padTop = autoPad === 'SAME_UPPER' ? Math.floor(th / 2) : Math.ceil(th / 2);
    padLeft = autoPad === 'SAME_UPPER' ? Math.floor(tw / 2) : Math.ceil(tw / 2);
  } else if (autoPad === 'NOTSET') {
    const pads = attributes.ints('pads', [0, 0, 0, 0]);
    padTop = pads[0];
    padLeft = pads[1];
  }
  return {
    batch: x[0],
    inC: x[1],
    inH: x[2],
    inW: x[3],
    outC: y[1],
    outH: y[2],
    outW: y[3],
    kH: w[2],
    kW: w[3],
    strideH,
    strideW,
    padTop,
    padLeft,
    dilationH,
    dilationW,
    group: attributes.int('group', 1),
  };
}
