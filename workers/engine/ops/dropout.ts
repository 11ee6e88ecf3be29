/**
 * Dropout at inference (https://onnx.ai/onnx/operators/onnx__Dropout.html): output = input, and
 * the optional mask output is all true. The ratio is an attribute before opset 12 and an optional
 * input from 12 (with training_mode as a third input). Training-mode dropout is random, so it is
 * refused unless the ratio is 0, where it is the identity too.
 */
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid, opUnsupported } from './op-error.js';
import { expectInputCount, knownInput, requireInput } from './op-inputs.js';
import { elementAsNumber } from '../tensor.js';

export const dropoutOp: OpDef = {
  type: 'Dropout',
  aliasesInput0: true,
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, ctx.opset >= 12 ? 3 : 1);
    const x = requireInput(ctx, 0, 'data');
    let ratio = ctx.attributes.float('ratio', 0.5);
    if (ctx.opset >= 12) {
      const r = knownInput(ctx, 1);
      ratio = r === undefined ? 0.5 : elementAsNumber(r, 0);
    }
    if (!(ratio >= 0 && ratio < 1)) throw opInvalid(ctx, `ratio ${ratio} must be in [0, 1).`);
    if (ctx.inputs[2] !== undefined) {
      const mode = knownInput(ctx, 2);
      if (mode === undefined) {
        throw opUnsupported(ctx, "input 'training_mode' must be a constant; EdgeFront runs Dropout at inference only. Export the model in evaluation mode.");
      }
      if (elementAsNumber(mode, 0) !== 0 && ratio !== 0) {
        throw opUnsupported(ctx, 'training_mode is true; EdgeFront runs Dropout at inference only. Export the model in evaluation mode (model.eval() in PyTorch).');
      }
    }
    const outputs: ValueType[] = [{ dtype: x.dtype, dims: x.dims }];
    if (ctx.outputCount > 1) outputs.push({ dtype: 'bool', dims: x.dims });
    return outputs;
  },
  run(ctx: RunContext): void {
    // Output 0 aliases input 0; at inference nothing is dropped, so the mask is all true.
    const mask = ctx.outputs[1];
    if (mask !== undefined) (mask.data as Uint8Array).fill(1);
  },
};
