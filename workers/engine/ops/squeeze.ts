/**
 * Squeeze (https://onnx.ai/onnx/operators/onnx__Squeeze.html): removes dims of size 1, those
 * listed in axes (attribute before opset 13, input from 13; negative axes count from the end) or
 * all of them when axes is absent. A view of the input (`aliasesInput0`).
 */
import { formatDims } from '../tensor.js';
import type { InferContext, OpDef, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { constIntegers, expectInputCount, normalizeAxes, requireInput } from './op-inputs.js';

export const squeezeOp: OpDef = {
  type: 'Squeeze',
  aliasesInput0: true,
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, ctx.opset >= 13 ? 2 : 1);
    const x = requireInput(ctx, 0, 'data');
    const raw = ctx.opset >= 13 ? constIntegers(ctx, 1, 'axes') : ctx.attributes.ints('axes');
    const rank = x.dims.length;
    const axes = raw === undefined ? x.dims.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(ctx, raw, rank);
    for (const a of axes) {
      if (x.dims[a] !== 1) {
        throw opInvalid(ctx, `cannot squeeze axis ${a} of ${formatDims(x.dims)}: its size is ${x.dims[a]}, not 1.`);
      }
    }
    return [{ dtype: x.dtype, dims: x.dims.filter((_, i) => !axes.includes(i)) }];
  },
  run(): void {
    // Output 0 aliases input 0.
  },
};
