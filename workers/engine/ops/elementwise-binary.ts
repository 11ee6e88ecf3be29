/**
 * The skeleton shared by the broadcasting binary operators (Add, Sub, Mul, Div, Max, Less, …):
 * validate dtypes, broadcast the shapes, then call a row kernel once per broadcast row
 * (see `broadcast.ts`). Each operator file only supplies its element loops.
 */
import { isBigIntDType, type DType, type Tensor, type TensorData } from '../tensor.js';
import { broadcastDims, planBroadcast, type BroadcastPlan } from './broadcast.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectInputCount, requireInput } from './op-inputs.js';

export type NumberArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;
export type BigIntArray = BigInt64Array | BigUint64Array;

/**
 * out[o + i] = f(a[ao + i·as], b[bo + i·bs]) for i < n, with as, bs ∈ {0, 1}.
 * Written per operator as a plain loop so the hot float path has no per-element call.
 */
export type RowKernel<I, O> = (out: O, o: number, a: I, ao: number, as: number, b: I, bo: number, bs: number, n: number) => void;

export interface BinaryKernels {
  /** Kernel for a number dtype, or undefined when the operator does not accept it. */
  numbers(dtype: DType): RowKernel<NumberArray, NumberArray> | undefined;
  /**
   * Optional float32 kernel, used instead of `numbers('float32')`: an element loop that sees every
   * typed-array class goes megamorphic and runs about half as fast as one that only ever sees
   * Float32Array, and float32 is what models run in.
   */
  float32?: RowKernel<Float32Array, Float32Array>;
  /** Kernel for int64/uint64, or undefined when not accepted. */
  bigints?: RowKernel<BigIntArray, BigIntArray> | RowKernel<BigIntArray, Uint8Array>;
  /** 'bool' for comparisons; otherwise the output has the inputs' dtype. */
  readonly output?: 'same' | 'bool';
  /** Optional extra check on the data before running (e.g. integer division by zero). */
  check?(ctx: RunContext, a: Tensor, b: Tensor): void;
}

export const ALL_NUMBER_DTYPES: readonly DType[] = ['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32'];

export function binaryOp(type: string, kernels: BinaryKernels): OpDef {
  return {
    type,
    infer(ctx: InferContext): ValueType[] {
      expectInputCount(ctx, 2, 2);
      const a = requireInput(ctx, 0, 'A');
      const b = requireInput(ctx, 1, 'B');
      if (a.dtype !== b.dtype) {
        throw opInvalid(ctx, `inputs have different dtypes (${a.dtype} and ${b.dtype}); ${type} needs both the same. Insert a Cast.`);
      }
      const supported = isBigIntDType(a.dtype) ? kernels.bigints !== undefined : kernels.numbers(a.dtype) !== undefined;
      if (!supported) throw opInvalid(ctx, `dtype ${a.dtype} is not supported by ${type}.`);
      const dims = broadcastDims(ctx, [a.dims, b.dims], ['A', 'B']);
      return [{ dtype: kernels.output === 'bool' ? 'bool' : a.dtype, dims }];
    },
    run(ctx: RunContext): void {
      const a = ctx.inputs[0] as Tensor;
      const b = ctx.inputs[1] as Tensor;
      const out = ctx.outputs[0];
      kernels.check?.(ctx, a, b);
      const kernel =
        kernels.float32 !== undefined && a.data instanceof Float32Array
          ? kernels.float32
          : isBigIntDType(a.dtype)
            ? kernels.bigints
            : kernels.numbers(a.dtype);
      runBinaryRows(ctx, a, b, out, kernel);
    },
  };
}

/**
 * Broadcast plans of the plan's run contexts: a context is created once per plan step with fixed
 * dims, so its plan is computed on the first run and reused (contexts made for one evaluation,
 * e.g. constant folding, are collected with their entry).
 */
const broadcastPlans = new WeakMap<RunContext, { readonly a: readonly number[]; readonly b: readonly number[]; readonly out: readonly number[]; readonly plan: BroadcastPlan }>();

function broadcastPlanOf(ctx: RunContext, a: Tensor, b: Tensor, out: Tensor): BroadcastPlan {
  const cached = broadcastPlans.get(ctx);
  if (cached !== undefined && cached.a === a.dims && cached.b === b.dims && cached.out === out.dims) return cached.plan;
  const plan = planBroadcast(out.dims, [a.dims, b.dims]);
  broadcastPlans.set(ctx, { a: a.dims, b: b.dims, out: out.dims, plan });
  return plan;
}

function runBinaryRows(ctx: RunContext, a: Tensor, b: Tensor, out: Tensor, kernel: unknown): void {
  const k = kernel as RowKernel<TensorData, TensorData>;
  const plan = broadcastPlanOf(ctx, a, b, out);
  const n = plan.rowLength;
  const as = plan.innerStride[0];
  const bs = plan.innerStride[1];
  for (let r = 0; r < plan.rows; r++) {
    k(out.data, r * n, a.data, plan.rowOffset(0, r), as, b.data, plan.rowOffset(1, r), bs, n);
  }
}
