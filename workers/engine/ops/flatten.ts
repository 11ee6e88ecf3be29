/**
 * Flatten (https://onnx.ai/onnx/operators/onnx__Flatten.html): [d0…dn−1] → [d0·…·d(axis−1),
 * d(axis)·…·d(n−1)]; axis in [−r, r], default 1. A view of the input (`aliasesInput0`).
 */
import { sizeOf } from '../tensor.js';
import type { InferContext, OpDef, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectInputCount, requireInput } from './op-inputs.js';

export const flattenOp: OpDef = {
  type: 'Flatten',
  aliasesInput0: true,
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    const x = requireInput(ctx, 0, 'input');
    const rank = x.dims.length;
    let axis = ctx.attributes.int('axis', 1);
    if (!Number.isInteger(axis) || axis < -rank || axis > rank) {
      throw opInvalid(ctx, `axis ${axis} is out of range for a rank-${rank} input (allowed: ${-rank} to ${rank}).`);
    }
    if (axis < 0) axis += rank;
    return [{ dtype: x.dtype, dims: [sizeOf(x.dims.slice(0, axis)), sizeOf(x.dims.slice(axis))] }];
  },
  run(): void {
    // Output 0 aliases input 0.
  },
};
