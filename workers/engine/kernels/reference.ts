/**
 * The readable reference kernels: straightforward loops that define what the fast WebAssembly
 * kernels must compute. Tests compare the two; ops fall back to these when WebAssembly SIMD is
 * unavailable or an integer grid does not fit the fast path (more than 8 bits).
 */
import type { Conv2dGeometry, IntActivations, IntWeights, Kernels } from './types.js';

export const referenceKernels: Kernels = {
  name: 'reference',

  sgemm(M, N, K, A, B, C, bias, biasPerRow) {
    for (let m = 0; m < M; m++) {
      const cRow = m * N;
      for (let n = 0; n < N; n++) C[cRow + n] = bias ? (biasPerRow ? bias[m] : bias[n]) : 0;
      for (let k = 0; k < K; k++) {
        const a = A[m * K + k];
        if (a === 0) continue;
        const bRow = k * N;
        for (let n = 0; n < N; n++) C[cRow + n] += a * B[bRow + n];
      }
    }
  },

  conv2d(g, x, w, bias, y) {
    convLoop(g, (xi) => x[xi], 0, (wi) => w[wi], (oc) => (bias ? bias[oc] : 0), (yi, v) => {
      y[yi] = v;
    });
  },

  conv2dInt(g, x, xZero, w, bias, acc) {
    // JS numbers are exact integers up to 2^53, so accumulate exactly and wrap to int32 once:
    // the same result as int32 accumulation with wrap-around in any order.
    convLoop(g, (xi) => x[xi] - xZero, 0, (wi) => w[wi], (oc) => (bias ? bias[oc] : 0), (yi, v) => {
      acc[yi] = v | 0;
    });
  },

  igemm(M, N, K, A, aZero, B, bias, acc) {
    igemmReference(M, N, K, A, aZero, B, bias, acc);
  },
};

function igemmReference(
  M: number,
  N: number,
  K: number,
  A: IntActivations,
  aZero: number,
  B: IntWeights,
  bias: Int32Array | null,
  acc: Int32Array,
): void {
  const row = new Float64Array(N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) row[n] = bias ? bias[n] : 0;
    for (let k = 0; k < K; k++) {
      const a = A[m * K + k] - aZero;
      if (a === 0) continue;
      const bRow = k * N;
      for (let n = 0; n < N; n++) row[n] += a * B[bRow + n];
    }
    for (let n = 0; n < N; n++) acc[m * N + n] = row[n] | 0;
  }
}

/** Direct convolution; `padValue` is what an out-of-image input reads as (after `readX`). */
function convLoop(
  g: Conv2dGeometry,
  readX: (index: number) => number,
  padValue: number,
  readW: (index: number) => number,
  biasOf: (outChannel: number) => number,
  write: (index: number, value: number) => void,
): void {
  const icPerGroup = g.inC / g.group;
  const ocPerGroup = g.outC / g.group;
  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outC; oc++) {
      const grp = Math.floor(oc / ocPerGroup);
      for (let oh = 0; oh < g.outH; oh++) {
        for (let ow = 0; ow < g.outW; ow++) {
          let sum = biasOf(oc);
          for (let icg = 0; icg < icPerGroup; icg++) {
            const ic = grp * icPerGroup + icg;
            const xBase = (n * g.inC + ic) * g.inH * g.inW;
            const wBase = (oc * icPerGroup + icg) * g.kH * g.kW;
            for (let kh = 0; kh < g.kH; kh++) {
              const ih = oh * g.strideH - g.padTop + kh * g.dilationH;
              for (let kw = 0; kw < g.kW; kw++) {
                const iw = ow * g.strideW - g.padLeft + kw * g.dilationW;
                const inside = ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW;
                const xv = inside ? readX(xBase + ih * g.inW + iw) : padValue;
                sum += xv * readW(wBase + kh * g.kW + kw);
              }
            }
          }
          write(((n * g.outC + oc) * g.outH + oh) * g.outW + ow, sum);
        }
      }
    }
  }
}
