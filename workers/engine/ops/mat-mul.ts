/**
 * MatMul (https://onnx.ai/onnx/operators/onnx__MatMul.html), numpy.matmul semantics: the last two
 * dims multiply, leading (batch) dims broadcast; a 1-D A is promoted to [1, K] and a 1-D B to
 * [K, 1], and the promoted dim is removed from the result. float32 goes through `sgemm`, one call
 * per batch pair; float64 and integers use a plain loop (int64 in BigInt, wrapping like the typed
 * array store).
 */
import { formatDims, isBigIntDType, sizeOf, type DType, type Tensor } from '../tensor.js';
import { getKernels } from '../kernels/index.js';
import { broadcastDims, planBroadcast } from './broadcast.js';
import type { BigIntArray, NumberArray } from './elementwise-binary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectDType, expectInputCount, requireInput } from './op-inputs.js';

const MATMUL_DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'uint32', 'int64', 'uint64'];

interface MatMulShape {
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly batchA: number[];
  readonly batchB: number[];
  readonly batch: number[];
  readonly outDims: number[];
}

function matMulShape(ctx: InferContext | null, a: readonly number[], b: readonly number[]): MatMulShape {
  if (ctx && (a.length === 0 || b.length === 0)) {
    throw opInvalid(ctx, `inputs A ${formatDims(a)} and B ${formatDims(b)} must have rank 1 or more.`);
  }
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const M = a2[a2.length - 2];
  const K = a2[a2.length - 1];
  const N = b2[b2.length - 1];
  if (ctx && b2[b2.length - 2] !== K) {
    throw opInvalid(ctx, `A ${formatDims(a)} has ${K} columns but B ${formatDims(b)} has ${b2[b2.length - 2]} rows; they must agree.`);
  }
  const batchA = a2.slice(0, -2);
  const batchB = b2.slice(0, -2);
  const batch = ctx ? broadcastDims(ctx, [batchA, batchB], ['A batch dims', 'B batch dims']) : broadcastUnchecked(batchA, batchB);
  const outDims = [...batch];
  if (a.length > 1) outDims.push(M);
  if (b.length > 1) outDims.push(N);
  return { M, N, K, batchA, batchB, batch, outDims };
}

function broadcastUnchecked(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}

export const matMulOp: OpDef = {
  type: 'MatMul',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 2, 2);
    const a = requireInput(ctx, 0, 'A');
    const b = requireInput(ctx, 1, 'B');
    expectDType(ctx, a, 'A', MATMUL_DTYPES);
    if (b.dtype !== a.dtype) throw opInvalid(ctx, `A is ${a.dtype} but B is ${b.dtype}; they must match.`);
    return [{ dtype: a.dtype, dims: matMulShape(ctx, a.dims, b.dims).outDims }];
  },
  run(ctx: RunContext): void {
    const a = ctx.inputs[0] as Tensor;
    const b = ctx.inputs[1] as Tensor;
    const y = ctx.outputs[0];
    const s = matMulShape(null, a.dims, b.dims);
    const { M, N, K } = s;
    // Walk batch pairs with the broadcasting planner: each "element" is one matrix.
    const plan = planBroadcast(s.batch, [s.batchA, s.batchB]);
    const batches = sizeOf(s.batch);
    for (let i = 0; i < batches; i++) {
      const row = Math.floor(i / plan.rowLength);
      const j = i - row * plan.rowLength;
      const ai = (plan.rowOffset(0, row) + j * plan.innerStride[0]) * M * K;
      const bi = (plan.rowOffset(1, row) + j * plan.innerStride[1]) * K * N;
      const yi = i * M * N;
      if (a.dtype === 'float32') {
        const ad = a.data as Float32Array;
        const bd = b.data as Float32Array;
        const yd = y.data as Float32Array;
        getKernels().sgemm(M, N, K, ad.subarray(ai, ai + M * K), bd.subarray(bi, bi + K * N), yd.subarray(yi, yi + M * N), null, false);
      } else if (isBigIntDType(a.dtype)) {
        matMulBigInt(M, N, K, a.data as BigIntArray, ai, b.data as BigIntArray, bi, y.data as BigIntArray, yi);
      } else {
        matMulNumbers(M, N, K, a.data as NumberArray, ai, b.data as NumberArray, bi, y.data as NumberArray, yi);
      }
    }
  },
};

function matMulNumbers(M: number, N: number, K: number, a: NumberArray, ao: number, b: NumberArray, bo: number, y: NumberArray, yo: number): void {
  const isInt32 = a instanceof Int32Array || a instanceof Uint32Array;
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const x = a[ao + m * K + k];
        const w = b[bo + k * N + n];
        // 32-bit integer products and sums wrap; Math.imul and `| 0` keep them exact.
        if (isInt32) sum = (sum + Math.imul(x, w)) | 0;
        else sum += x * w;
      }
      y[yo + m * N + n] = sum;
    }
  }
}

function matMulBigInt(M: number, N: number, K: number, a: BigIntArray, ao: number, b: BigIntArray, bo: number, y: BigIntArray, yo: number): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = 0n;
      for (let k = 0; k < K; k++) sum += a[ao + m * K + k] * b[bo + k * N + n];
      y[yo + m * N + n] = sum;
    }
  }
}
