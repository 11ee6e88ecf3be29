/**
 * Integer AveragePool / GlobalAveragePool (2-D, NCHW): exact integer window sums of (x − x_zero)
 * requantized with accumulator scale s_x / count, one fixed-point multiplier per distinct window
 * count (count_include_pad = 0 makes border windows smaller).
 */
import type { Attributes } from '../../ops/attributes.js';
import type { OpDef } from '../../ops/op.js';
import { stateKeyOf } from '../../ops/state-key.js';
import type { IntGrid } from '../int-grid.js';
import { Requantizer, fastIntegerKernels, type ClampReal, type RequantRounding } from '../requantizer.js';

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
  let sums = new Int32Array(0);
  // Window counts per output position, for the last plane geometry seen.
  let countsKey = '';
  let counts = new Int32Array(0);
  let sameCount = true;
  const countsFor = (H: number, W: number, OH: number, OW: number): Int32Array => {
    const key = `${H},${W},${OH},${OW}`;
    if (key === countsKey) return counts;
    const w = window;
    counts = new Int32Array(OH * OW);
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * w.strideH - w.padTop;
      const rows = w.countIncludePad ? padded(h0, w.kH, H, w.padTop, w.padBottom) : inside(h0, w.kH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * w.strideW - w.padLeft;
        const cols = w.countIncludePad ? padded(w0, w.kW, W, w.padLeft, w.padRight) : inside(w0, w.kW, W);
        counts[oh * OW + ow] = rows * cols;
      }
    }
    sameCount = counts.every((c) => c === counts[0]);
    countsKey = key;
    return counts;
  };
  return {
    type: 'QAveragePool',
    stateKey: stateKeyOf(window, input, out, clamp, rounding),
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
      const k = fastIntegerKernels();
      // Uniform grids with single rounding: the requantizers have a fixed-point form for the kernels.
      if (k?.poolSums && out.uniform && rounding === 'single') {
        // Window sums in the kernels, then one requantization per distinct window count.
        const total = N * C * OH * OW;
        if (sums.length < total) sums = new Int32Array(total);
        const s = sums.subarray(0, total);
        k.poolSums(N * C, H, W, OH, OW, window, x, z, s);
        const cnt = countsFor(H, W, OH, OW);
        if (sameCount) {
          requantizerFor(cnt[0]).apply(s, y, 1, total);
          return;
        }
        const cell = y instanceof Uint8Array ? new Uint8Array(1) : new Int32Array(1);
        for (let i = 0; i < total; i++) {
          one[0] = s[i];
          requantizerFor(cnt[i % (OH * OW)]).apply(one, cell, 1, 1);
          y[i] = cell[0];
        }
        return;
      }
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

/** Window cells inside the input (count_include_pad = 0). */
function inside(start: number, k: number, size: number): number {
  return Math.max(0, Math.min(start + k, size) - Math.max(start, 0));
}

/** Window cells inside the padded input (ONNX count_include_pad counts pads, not ceil overhang). */
function padded(start: number, k: number, size: number, padBefore: number, padAfter: number): number {
  const lo = Math.max(start, -padBefore);
  const hi = Math.min(start + k, size + padAfter);
  return Math.max(0, hi - lo);
}
