/**
 * Integer convolution and matrix product with an accumulator of `bits` bits that wraps or
 * saturates after every addition, as a sequential MAC unit does: the accumulator starts at the
 * bias and adds the products in input-channel, kernel-row, kernel-column order. Slow by design —
 * it exists to show what a narrow accumulator does to accuracy, not to be fast; the 32-bit
 * wrapping case uses the fast kernels, which give the same result in any order.
 */
import type { Conv2dGeometry, IntActivations, IntWeights } from '../kernels/types.js';

export type OverflowMode = 'wrap' | 'saturate';

export function makeAccumulate(bits: number, mode: OverflowMode): (acc: number, product: number) => number {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  const span = 2 ** bits;
  if (mode === 'saturate') {
    return (acc, p) => {
      const s = acc + p;
      return s > max ? max : s < min ? min : s;
    };
  }
  return (acc, p) => {
    let s = acc + p;
    if (s > max || s < min) s = ((((s - min) % span) + span) % span) + min;
    return s;
  };
}

export function conv2dIntNarrow(
  g: Conv2dGeometry,
  x: IntActivations,
  xZero: number,
  w: IntWeights,
  bias: Int32Array | null,
  acc: Int32Array,
  bits: number,
  mode: OverflowMode,
): void {
  const add = makeAccumulate(bits, mode);
  const start = makeAccumulate(bits, mode);
  const icPerGroup = g.inC / g.group;
  const ocPerGroup = g.outC / g.group;
  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outC; oc++) {
      const grp = Math.floor(oc / ocPerGroup);
      for (let oh = 0; oh < g.outH; oh++) {
        for (let ow = 0; ow < g.outW; ow++) {
          let sum = start(0, bias ? bias[oc] : 0);
          for (let icg = 0; icg < icPerGroup; icg++) {
            const ic = grp * icPerGroup + icg;
            const xBase = (n * g.inC + ic) * g.inH * g.inW;
            const wBase = (oc * icPerGroup + icg) * g.kH * g.kW;
            for (let kh = 0; kh < g.kH; kh++) {
              const ih = oh * g.strideH - g.padTop + kh * g.dilationH;
              if (ih < 0 || ih >= g.inH) continue;
              for (let kw = 0; kw < g.kW; kw++) {
                const iw = ow * g.strideW - g.padLeft + kw * g.dilationW;
                if (iw < 0 || iw >= g.inW) continue;
                sum = add(sum, (x[xBase + ih * g.inW + iw] - xZero) * w[wBase + kh * g.kW + kw]);
              }
            }
          }
          acc[((n * g.outC + oc) * g.outH + oh) * g.outW + ow] = sum;
        }
      }
    }
  }
}

export function igemmNarrow(
  M: number,
  N: number,
  K: number,
  A: IntActivations,
  aZero: number,
  B: IntWeights,
  bias: Int32Array | null,
  acc: Int32Array,
  bits: number,
  mode: OverflowMode,
): void {
  const add = makeAccumulate(bits, mode);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = add(0, bias ? bias[n] : 0);
      for (let k = 0; k < K; k++) sum = add(sum, (A[m * K + k] - aZero) * B[k * N + n]);
      acc[m * N + n] = sum;
    }
  }
}
