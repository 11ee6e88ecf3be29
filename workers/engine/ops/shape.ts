/**
 * Shape (https://onnx.ai/onnx/operators/onnx__Shape.html): the input's dims as a 1-D int64
 * tensor. From opset 15, `start` and `end` select a slice of the dims: negative values count
 * from the end, both are clamped to [0, rank], and start ≥ end gives an empty tensor.
 */
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { expectInputCount, requireInput } from './op-inputs.js';

function slice(ctx: Pick<InferContext, 'attributes' | 'opset'>, dims: readonly number[]): number[] {
  const rank = dims.length;
  if (ctx.opset < 15) return [...dims];
  const clamp = (v: number): number => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
  const start = clamp(ctx.attributes.int('start', 0));
  const end = clamp(ctx.attributes.int('end', rank));
  return start >= end ? [] : dims.slice(start, end);
}

export const shapeOp: OpDef = {
  type: 'Shape',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    const x = requireInput(ctx, 0, 'data');
    return [{ dtype: 'int64', dims: [slice(ctx, x.dims).length] }];
  },
  run(ctx: RunContext): void {
    const dims = slice(ctx, (ctx.inputs[0] as { dims: readonly number[] }).dims);
    const out = ctx.outputs[0].data as BigInt64Array;
    for (let i = 0; i < dims.length; i++) out[i] = BigInt(dims[i]);
  },
};
