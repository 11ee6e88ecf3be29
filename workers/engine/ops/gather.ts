/**
 * Gather (https://onnx.ai/onnx/operators/onnx__Gather.html): picks entries of `data` along `axis`
 * (default 0, negative counts from the end) at `indices` (int32 or int64; negative indices count
 * from the end of that axis). Output shape: data.dims[:axis] + indices.dims + data.dims[axis+1:].
 */
import { elementAsNumber, formatDims, sizeOf, type Tensor } from '../tensor.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid, opRuntime } from './op-error.js';
import { expectDType, expectInputCount, knownInput, normalizeAxis, requireInput } from './op-inputs.js';

type Copyable = { set(src: ArrayLike<unknown>, offset: number): void; subarray(begin: number, end: number): ArrayLike<unknown> };

export const gatherOp: OpDef = {
  type: 'Gather',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 2, 2);
    const data = requireInput(ctx, 0, 'data');
    const indices = requireInput(ctx, 1, 'indices');
    expectDType(ctx, indices, 'indices', ['int32', 'int64']);
    if (data.dims.length === 0) throw opInvalid(ctx, 'input data is a scalar; Gather needs rank 1 or more.');
    const axis = normalizeAxis(ctx, ctx.attributes.int('axis', 0), data.dims.length);
    const known = knownInput(ctx, 1);
    if (known !== undefined) {
      const size = data.dims[axis];
      for (let i = 0; i < known.data.length; i++) {
        const v = elementAsNumber(known, i);
        if (v < -size || v >= size) {
          throw opInvalid(ctx, `index ${v} is out of range for axis ${axis} of size ${size} (data shape ${formatDims(data.dims)}).`);
        }
      }
    }
    return [{ dtype: data.dtype, dims: [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)] }];
  },
  run(ctx: RunContext): void {
    const data = ctx.inputs[0] as Tensor;
    const indices = ctx.inputs[1] as Tensor;
    const rank = data.dims.length;
    const axis = (ctx.attributes.int('axis', 0) + rank) % rank;
    const outer = sizeOf(data.dims.slice(0, axis));
    const size = data.dims[axis];
    const block = sizeOf(data.dims.slice(axis + 1));
    const count = indices.data.length;
    const src = data.data as unknown as Copyable;
    const out = ctx.outputs[0].data as unknown as Copyable;
    for (let j = 0; j < count; j++) {
      let k = elementAsNumber(indices, j);
      if (k < -size || k >= size) throw opRuntime(ctx, `index ${k} is out of range for axis ${axis} of size ${size}.`);
      if (k < 0) k += size;
      for (let o = 0; o < outer; o++) {
        out.set(src.subarray((o * size + k) * block, (o * size + k + 1) * block), (o * count + j) * block);
      }
    }
  },
};
