/**
 * The readable reference kernels: straightforward loops that define what the fast WebAssembly
 * kernels must compute. Tests compare the two; ops fall back to these when WebAssembly SIMD is
 * unavailable or an integer grid does not fit the fast path (more than 8 bits).
 */
import { multiplyByQuantizedMultiplierSingleRounding } from '../quant/fixed-point.js';
import type { Conv2dGeometry, FixedPointRequant, IntActivations, IntWeights, Kernels, PoolGeometry, QAddParams } from './types.js';

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

  requantize(acc, out, channels, inner, rq) {
    requantizeReference(acc, out, channels, inner, rq);
  },

  conv2dIntRequant(g, x, xZero, w, bias, rq, out) {
    const acc = new Int32Array(g.batch * g.outC * g.outH * g.outW);
    referenceKernels.conv2dInt(g, x, xZero, w, bias, acc);
    requantizeReference(acc, out, g.outC, g.outH * g.outW, rq);
  },

  igemmRequant(M, N, K, A, aZero, B, bias, rq, out) {
    const acc = new Int32Array(M * N);
    igemmReference(M, N, K, A, aZero, B, bias, acc);
    requantizeReference(acc, out, N, 1, rq);
  },

  qadd(n, x, y, p, out) {
    qaddReference(n, x, y, p, out);
  },

  poolSums(planes, H, W, OH, OW, pool, x, xZero, sums) {
    poolSumsReference(planes, H, W, OH, OW, pool, x, xZero, sums);
  },

  maxPoolInt(planes, H, W, OH, OW, pool, x, out) {
    for (let p = 0; p < planes; p++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          let m = -Infinity;
          for (let kh = 0; kh < pool.kH; kh++) {
            const ih = oh * pool.strideH - pool.padTop + kh;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < pool.kW; kw++) {
              const iw = ow * pool.strideW - pool.padLeft + kw;
              if (iw >= 0 && iw < W) m = Math.max(m, x[(p * H + ih) * W + iw]);
            }
          }
          out[(p * OH + oh) * OW + ow] = m;
        }
      }
    }
  },
};

function requantizeReference(acc: Int32Array, out: IntActivations, channels: number, inner: number, rq: FixedPointRequant): void {
  const n = Math.floor(acc.length / (channels * inner)) * channels * inner;
  for (let i = 0; i < n; i++) out[i] = requantOne(acc[i], rq, Math.floor(i / inner) % channels);
}

function requantOne(acc: number, rq: FixedPointRequant, c: number): number {
  let level = rq.zero + multiplyByQuantizedMultiplierSingleRounding(acc, rq.multipliers[c], rq.shifts[c]);
  if (level < rq.lo) level = rq.lo;
  else if (level > rq.hi) level = rq.hi;
  return level + rq.offset;
}

function qaddReference(n: number, x: IntActivations, y: IntActivations, p: QAddParams, out: IntActivations): void {
  const unit = 2 ** p.leftShift;
  for (let i = 0; i < n; i++) {
    const a = multiplyByQuantizedMultiplierSingleRounding((x[i] - p.aZero) * unit, p.aMultiplier, p.aShift);
    const b = multiplyByQuantizedMultiplierSingleRounding((y[i] - p.bZero) * unit, p.bMultiplier, p.bShift);
    out[i] = requantOne((a + b) | 0, p.out, 0);
  }
}

function poolSumsReference(
  planes: number, H: number, W: number, OH: number, OW: number, pool: PoolGeometry, x: IntActivations, xZero: number, sums: Int32Array,
): void {
  for (let p = 0; p < planes; p++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        let sum = 0;
        for (let kh = 0; kh < pool.kH; kh++) {
          const ih = oh * pool.strideH - pool.padTop + kh;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < pool.kW; kw++) {
            const iw = ow * pool.strideW - pool.padLeft + kw;
            if (iw >= 0 && iw < W) sum += x[(p * H + ih) * W + iw] - xZero;
          }
        }
        sums[(p * OH + oh) * OW + ow] = sum | 0;
      }
    }
  }
}

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
