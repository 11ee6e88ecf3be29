/**
 * ConstantOfShape (https://onnx.ai/onnx/operators/onnx__ConstantOfShape.html): a tensor of the
 * shape given by the int64 input, filled with the one-element `value` attribute (default float32
 * 0). The shape must be known when the plan is built.
 */
import { formatDims, float32Tensor, sizeOf, type Tensor } from '../tensor.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { constIntegers, expectDType, expectInputCount, requireInput } from './op-inputs.js';

function fillValue(ctx: Pick<InferContext, 'attributes' | 'where' | 'nodeName' | 'opType'>): Tensor {
  const v = ctx.attributes.tensor('value') ?? float32Tensor([0], [1]);
  if (sizeOf(v.dims) !== 1) throw opInvalid(ctx, `attribute value has shape ${formatDims(v.dims)} but must hold exactly one element.`);
  return v;
}

export const constantOfShapeOp: OpDef = {
  type: 'ConstantOfShape',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    expectDType(ctx, requireInput(ctx, 0, 'input'), 'input', ['int64']);
    const dims = constIntegers(ctx, 0, 'input') as number[];
    if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw opInvalid(ctx, `shape [${dims.join(', ')}] must hold non-negative integers.`);
    return [{ dtype: fillValue(ctx).dtype, dims }];
  },
  run(ctx: RunContext): void {
    const v = fillValue(ctx).data[0];
    (ctx.outputs[0].data as unknown as { fill(value: unknown): void }).fill(v);
  },
};
