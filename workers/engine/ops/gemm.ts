/**
 * Gemm (https://onnx.ai/onnx/operators/onnx__Gemm.html): Y = alpha · A' · B' + beta · C, with
 * A' = transA ? Aᵀ : A (M×K), B' = transB ? Bᵀ : B (K×N), and C unidirectionally broadcast to M×N.
 * The product goes through the `sgemm` kernel, which takes B as K×N. A transposed constant B
 * (PyTorch's Linear exports transB = 1, so this is the common path) is transposed once and kept;
 * other transposed operands are copied into a scratch buffer reused across calls.
 */
import { formatDims, type Tensor } from '../tensor.js';
import { getKernels } from '../kernels/index.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectDType, expectInputCount, requireInput } from './op-inputs.js';

/**
 * Constant B operands (weights: initializers and folded values), recorded by `infer` through
 * `constInput`; plans hand `run` the same tensor object. Their transpose is made once and kept
 * (PyTorch's Linear exports transB = 1: without this every batch transposes every weight matrix,
 * ~15 % of an MLP's time). Constants are never written after planning.
 */
const constantB = new WeakSet<Tensor>();
const transposedConstants = new WeakMap<Tensor, Float32Array>();

function transposedConstant(b: Tensor<'float32'>, rows: number, cols: number): Float32Array {
  let t = transposedConstants.get(b);
  if (t === undefined || t.length !== rows * cols) {
    t = new Float32Array(rows * cols);
    transposeTo(b.data, rows, cols, t);
    transposedConstants.set(b, t);
  }
  return t;
}

function transposeTo(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
  }
}

let scratchA = new Float32Array(0);
let scratchB = new Float32Array(0);

function transposeInto(src: Float32Array, rows: number, cols: number, which: 'A' | 'B'): Float32Array {
  const n = rows * cols;
  if (which === 'A' && scratchA.length < n) scratchA = new Float32Array(n);
  if (which === 'B' && scratchB.length < n) scratchB = new Float32Array(n);
  const dst = (which === 'A' ? scratchA : scratchB).subarray(0, n);
  transposeTo(src, rows, cols, dst);
  return dst;
}

interface GemmShape {
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

function gemmShape(ctx: InferContext, a: ValueType, b: ValueType): GemmShape {
  if (a.dims.length !== 2 || b.dims.length !== 2) {
    throw opInvalid(ctx, `inputs A ${formatDims(a.dims)} and B ${formatDims(b.dims)} must both be 2-D matrices. Insert a Flatten before this node.`);
  }
  const transA = ctx.attributes.int('transA', 0) !== 0;
  const transB = ctx.attributes.int('transB', 0) !== 0;
  const [M, K] = transA ? [a.dims[1], a.dims[0]] : [a.dims[0], a.dims[1]];
  const [Kb, N] = transB ? [b.dims[1], b.dims[0]] : [b.dims[0], b.dims[1]];
  if (K !== Kb) {
    throw opInvalid(
      ctx,
      `A ${formatDims(a.dims)}${transA ? ' (transposed)' : ''} has ${K} columns but B ${formatDims(b.dims)}${transB ? ' (transposed)' : ''} has ${Kb} rows; they must agree. Check the feature count of the layer before this node.`,
    );
  }
  return { M, N, K };
}

export const gemmOp: OpDef = {
  type: 'Gemm',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 2, 3);
    const a = requireInput(ctx, 0, 'A');
    const b = requireInput(ctx, 1, 'B');
    expectDType(ctx, a, 'A', ['float32']);
    expectDType(ctx, b, 'B', ['float32']);
    const { M, N } = gemmShape(ctx, a, b);
    const bValue = ctx.constInput(1);
    if (bValue !== undefined) constantB.add(bValue);
    const c = ctx.inputs[2];
    if (c !== undefined) {
      expectDType(ctx, c, 'C', ['float32']);
      const ok = c.dims.length <= 2 && c.dims.every((d, i) => d === 1 || d === [M, N].slice(2 - c.dims.length)[i]);
      if (!ok) throw opInvalid(ctx, `bias C has shape ${formatDims(c.dims)}, which does not broadcast to the output [${M}, ${N}].`);
    }
    return [{ dtype: 'float32', dims: [M, N] }];
  },
  run(ctx: RunContext): void {
    const a = ctx.inputs[0] as Tensor<'float32'>;
    const b = ctx.inputs[1] as Tensor<'float32'>;
    const c = ctx.inputs[2] as Tensor<'float32'> | undefined;
    const y = ctx.outputs[0].data as Float32Array;
    const transA = ctx.attributes.int('transA', 0) !== 0;
    const transB = ctx.attributes.int('transB', 0) !== 0;
    const alpha = ctx.attributes.float('alpha', 1);
    const beta = ctx.attributes.float('beta', 1);
    const [M, N] = ctx.outputs[0].dims;
    const K = transA ? a.dims[0] : a.dims[1];
    const A = transA ? transposeInto(a.data, K, M, 'A') : a.data;
    const B = !transB ? b.data : constantB.has(b) ? transposedConstant(b, N, K) : transposeInto(b.data, N, K, 'B');
    const useC = c !== undefined && beta !== 0;
    // Fast path: the common Linear layer, bias of N values (or [1, N]) added by the kernel.
    if (useC && alpha === 1 && beta === 1 && c.data.length === N && c.dims[c.dims.length - 1] === N) {
      getKernels().sgemm(M, N, K, A, B, y, c.data, false);
      return;
    }
    getKernels().sgemm(M, N, K, A, B, y, null, false);
    if (alpha !== 1) for (let i = 0; i < y.length; i++) y[i] *= alpha;
    if (!useC) return;
    // C is [], [1], [N], [1, N], [M, 1] or [M, N] after the checks in infer.
    const cd = c.data;
    const rowStride = c.dims.length === 2 && c.dims[0] === M && M !== 1 ? c.dims[1] : 0;
    const colStride = c.dims.length > 0 && c.dims[c.dims.length - 1] === N && N !== 1 ? 1 : 0;
    for (let m = 0; m < M; m++) {
      const row = m * rowStride;
      for (let n = 0; n < N; n++) y[m * N + n] += beta * cd[row + n * colStride];
    }
  },
};
