/**
 * The skeleton shared by one-input elementwise operators (Relu, Sigmoid, Tanh, Exp, LeakyRelu):
 * output has the input's dtype and dims; each operator supplies its loop over the flat data.
 */
import type { DType, Tensor } from '../tensor.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectInputCount, requireInput } from './op-inputs.js';

export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64'];

export function unaryOp(
  type: string,
  dtypes: readonly DType[],
  /** Computes y from x (same length); `ctx` gives access to attributes. */
  compute: (ctx: RunContext, x: Tensor, y: Tensor) => void,
  /** Optional attribute validation at plan time. */
  validate?: (ctx: InferContext) => void,
): OpDef {
  return {
    type,
    infer(ctx: InferContext): ValueType[] {
      expectInputCount(ctx, 1, 1);
      const x = requireInput(ctx, 0, 'X');
      if (!dtypes.includes(x.dtype)) {
        throw opInvalid(ctx, `input has dtype ${x.dtype} but ${type} accepts ${dtypes.join(', ')}. Insert a Cast before this node.`);
      }
      validate?.(ctx);
      return [{ dtype: x.dtype, dims: x.dims }];
    },
    run(ctx: RunContext): void {
      compute(ctx, ctx.inputs[0] as Tensor, ctx.outputs[0]);
    },
  };
}
