/**
 * Integer Conv / Gemm / MatMul with a fused ReLU or Clip: the anchor of a quantized group.
 *
 *   acc[c] = Σ w_c · (x − x_zero) + bias_c,   bias_c = round(b_c / (α · s_w,c · s_x))  (int32)
 *   out    = requantize(acc, α · s_w,c · s_x)
 *
 * Weights enter as integer levels minus their zero-point (0 for symmetric quantizers); the
 * accumulation is exact in int32 (wrapping) through the fast kernels, or wraps/saturates at a
 * narrower width through `narrow-accumulator.ts`.
 */
import { getKernels } from '../../kernels/index.js';
import type { Conv2dGeometry, IntWeights } from '../../kernels/types.js';
import type { OpDef, ValueType } from '../../ops/op.js';
import { stateKeyOf } from '../../ops/state-key.js';
import type { IntGrid } from '../int-grid.js';
import { conv2dIntNarrow, igemmNarrow, type OverflowMode } from '../narrow-accumulator.js';
import { fastIntegerKernels, type Requantizer } from '../requantizer.js';

export interface QLinearSpec {
  readonly kind: 'conv' | 'gemm';
  /** Conv: levels in [outC, inC/g, kH, kW]; Gemm: levels transposed to [K, N]. */
  readonly weights: IntWeights;
  readonly bias: Int32Array | null;
  readonly input: IntGrid;
  readonly output: IntGrid;
  readonly requantizer: Requantizer;
  /** Output dims from the float operator, as a function of the input dims. */
  readonly inferDims: (inputDims: readonly number[]) => readonly number[];
  /** Conv only. */
  readonly geometry?: (inputDims: readonly number[], outputDims: readonly number[]) => Conv2dGeometry;
  readonly accumulatorBits: number;
  readonly overflow: OverflowMode;
}

export function makeQLinearOp(spec: QLinearSpec): OpDef {
  let acc = new Int32Array(0);
  const accumulators = (n: number): Int32Array => {
    if (acc.length < n) acc = new Int32Array(n);
    return acc.subarray(0, n);
  };
  const fast = spec.accumulatorBits === 32 && spec.overflow === 'wrap';
  return {
    type: spec.kind === 'conv' ? 'QConv' : 'QGemm',
    stateKey: stateKeyOf(spec),
    domain: 'edgefront',
    noFold: true,
    infer(ctx): ValueType[] {
      return [{ dtype: spec.output.dtype, dims: spec.inferDims(ctx.inputs[0]!.dims) }];
    },
    run(ctx) {
      const x = ctx.inputs[0]!;
      const y = ctx.outputs[0];
      const n = y.data.length;
      const xd = x.data as Uint8Array | Int32Array;
      const yd = y.data as Uint8Array | Int32Array;
      const k = getKernels();
      // Fused: the wasm kernels requantize inside the module, accumulators never reach JavaScript.
      const fused = fast && spec.requantizer.fixedPoint ? fastIntegerKernels() : null;
      if (spec.kind === 'conv') {
        const g = spec.geometry!(x.dims, y.dims);
        if (fused?.conv2dIntRequant) {
          fused.conv2dIntRequant(g, xd, spec.input.zero, spec.weights, spec.bias, spec.requantizer.fixedPoint!, yd);
          return;
        }
        const a = accumulators(n);
        if (fast) k.conv2dInt(g, xd, spec.input.zero, spec.weights, spec.bias, a);
        else conv2dIntNarrow(g, xd, spec.input.zero, spec.weights, spec.bias, a, spec.accumulatorBits, spec.overflow);
        spec.requantizer.apply(a, y.data as Uint8Array | Int32Array, g.outC, g.outH * g.outW);
      } else {
        const K = x.dims[x.dims.length - 1];
        const N = y.dims[y.dims.length - 1];
        const M = n / N;
        if (fused?.igemmRequant) {
          fused.igemmRequant(M, N, K, xd, spec.input.zero, spec.weights, spec.bias, spec.requantizer.fixedPoint!, yd);
          return;
        }
        const a = accumulators(n);
        if (fast) k.igemm(M, N, K, xd, spec.input.zero, spec.weights, spec.bias, a);
        else igemmNarrow(M, N, K, xd, spec.input.zero, spec.weights, spec.bias, a, spec.accumulatorBits, spec.overflow);
        spec.requantizer.apply(a, y.data as Uint8Array | Int32Array, N, 1, true);
      }
    },
  };
}
