/**
 * Unsqueeze (https://onnx.ai/onnx/operators/onnx__Unsqueeze.html): inserts dims of size 1 at the
 * given axes of the *output* (attribute before opset 13, input from 13; negative axes count from
 * the end of the output; any order). A view of the input (`aliasesInput0`).
 */
import type { InferContext, OpDef, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { constIntegers, expectInputCount, normalizeAxes, requireInput } from './op-inputs.js';

export const unsqueezeOp: OpDef = {
  type: 'Unsqueeze',
  aliasesInput0: true,
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, ctx.opset >= 13 ? 2 : 1, ctx.opset >= 13 ? 2 : 1);
    const x = requireInput(ctx, 0, 'data');
    const raw = ctx.opset >= 13 ? constIntegers(ctx, 1, 'axes') : ctx.attributes.ints('axes');
    if (raw === undefined || raw.length === 0) throw opInvalid(ctx, 'axes is required and must not be empty.');
    const outRank = x.dims.length + raw.length;
    const axes = normalizeAxes(ctx, raw, outRank);
    const dims: number[] = [];
    let next = 0;
    for (let i = 0; i < outRank; i++) dims.push(axes.includes(i) ? 1 : x.dims[next++]);
    return [{ dtype: x.dtype, dims }];
  },
  run(): void {
    // Output 0 aliases input 0.
  },
};
