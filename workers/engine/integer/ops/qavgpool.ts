/**
 * Integer AveragePool / GlobalAveragePool (2-D, NCHW): exact integer window sums of (x − x_zero)
 * requantized with accumulator scale s_x / count, one fixed-point multiplier per distinct window
 * count (count_include_pad = 0 makes border windows smaller).
 */
import type { Attributes } from '../../ops/attributes.js';
import type { OpDef } from '../../ops/op.js';
import type { IntGrid } from '../int-grid.js';
import { Requantizer, type ClampReal, type RequantRounding } from '../requantizer.js';

export interface PoolWindow {
  readonly kH: number;
  readonly kW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly padBottom: number;
  readonly padRight: number;
  readonly countIncludePad: boolean;
}

export function poolWindow(opType: string, attributes: Attributes, inputDims: readonly number[]): PoolWindow | null {
  if (inputDims.length !== 4) return null;
  if (opType === 'GlobalAveragePool') {
    return { kH: inputDims[2], kW: inputDims[3], strideH: 1, strideW: 1, padTop: 0, padLeft: 0, padBottom: 0, padRight: 0, countIncludePad: true };
  }
  const autoPad = attributes.string('auto_pad', 'NOTSET');
  const dilations = attributes.ints('dilations', [1, 1]);
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') return null;
  if (dilations.some((d) => d !== 1)) return null;
  const [kH, kW] = attributes.ints('kernel_shape', []);
  const [strideH, strideW] = attributes.ints('strides', [1, 1]);
  const pads = autoPad === 'VALID' ? [0, 0, 0, 0] : attributes.ints('pads', [0, 0, 0, 0]);
  return { kH, kW, strideH, strideW, padTop: pads[0], padLeft: pads[1], padBottom: pads[2], padRight: pads[3], countIncludePad: attributes.int('count_include_pad', 0) !== 0 };
}

export function makeQAvgPoolOp(
  window: PoolWindow,
  input: IntGrid,
  out: IntGrid,
  clamp: ClampReal,
  rounding: RequantRounding,
  inferDims: (inputDims: readonly number[]) => readonly number[],
): OpDef {
  const requantizers = new Map<number, Requantizer>();
  const requantizerFor = (count: number): Requantizer => {
    let r = requantizers.get(count);
    if (!r) {
      r = new Requantizer(Float64Array.of(input.scale / count), out, clamp, rounding);
      requantizers.set(count, r);
    }
    return r;
  };
  const one = new Int32Array(1);
  return {
    type: 'QAveragePool',
    domain: 'edgefront',
    noFold: true,
    infer(ctx) {
      return [{ dtype: out.dtype, dims: inferDims(ctx.inputs[0]!.dims) }];
    },
    run(ctx) {
      const xT = ctx.inputs[0]!;
      const yT = ctx.outputs[0];
      const x = xT.data as Uint8Array | Int32Array;
      const y = yT.data as Uint8Array | Int32Array;
      const [N, C, H, W] = xT.dims;
      const [, , OH, OW] = yT.dims;
      const z = input.zero;
      const w = window;
      const cell = new Uint8Array(1);
      const cellWide = new Int32Array(1);
      const target = out.dtype === 'uint8' ? cell : cellWide;
      for (let nc = 0; nc < N * C; nc++) {
        const xBase = nc * H * W;
        for (let oh = 0; oh < OH; oh++) {
          const h0 = oh * w.strideH - w.padTop;
          for (let ow = 0; ow < OW; ow++) {
            const w0 = ow * w.strideW - w.padLeft;
            let sum = 0;
            let valid = 0;
            for (let kh = 0; kh < w.kH; kh++) {
              const ih = h0 + kh;
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < w.kW; kw++) {
                const iw = w0 + kw;
                if (iw < 0 || iw >= W) continue;
                sum += x[xBase + ih * W + iw] - z;
                valid++;
              }
            }
            // With count_include_pad the divisor counts pad cells inside the padded input only.
            const count = w.countIncludePad
              ? padded(h0, w.kH, H, w.padTop, w.padBottom) * padded(w0, w.kW, W, w.padLeft, w.padRight)
              : valid;
            one[0] = sum;
            requantizerFor(count).apply(one, target, 1, 1);
            y[(nc * OH + oh) * OW + ow] = target[0];
          }
        }
      }
    },
  };
}

/** Window cells inside the padded input (ONNX count_include_pad counts pads, not ceil overhang). */
function padded(start: number, k: number, size: number, padBefore: number, padAfter: number): number {
  const lo = Math.max(start, -padBefore);
  const hi = Math.min(start + k, size + padAfter);
  return Math.max(0, hi - lo);
}
