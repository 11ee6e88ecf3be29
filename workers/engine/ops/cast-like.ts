/**
 * CastLike: converts input to the dtype of `target_type`
 * (https://onnx.ai/onnx/operators/onnx__CastLike.html); conversion rules in `cast-data.ts`.
 */
import type { Tensor } from '../tensor.js';
import { castInto } from './cast-data.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { expectInputCount, requireInput } from './op-inputs.js';

export const castLikeOp: OpDef = {
  type: 'CastLike',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 2, 2);
    const x = requireInput(ctx, 0, 'input');
    const target = requireInput(ctx, 1, 'target_type');
    return [{ dtype: target.dtype, dims: x.dims }];
  },
  run(ctx: RunContext): void {
    castInto(ctx.inputs[0] as Tensor, ctx.outputs[0]);
  },
};
