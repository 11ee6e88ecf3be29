/**
 * Identity (https://onnx.ai/onnx/operators/onnx__Identity.html): the output is the input. The
 * executor makes output 0 a view of input 0 (`aliasesInput0`), so there is nothing to run.
 */
import type { InferContext, OpDef, ValueType } from './op.js';
import { expectInputCount, requireInput } from './op-inputs.js';

export const identityOp: OpDef = {
  type: 'Identity',
  aliasesInput0: true,
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    const x = requireInput(ctx, 0, 'input');
    return [{ dtype: x.dtype, dims: x.dims }];
  },
  run(): void {
    // Output 0 aliases input 0.
  },
};
