/**
 * Concat (https://onnx.ai/onnx/operators/onnx__Concat.html): joins inputs along `axis`
 * (negative counts from the end); all other dims must match.
 */
import { formatDims, sizeOf, type Tensor } from '../tensor.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { normalizeAxis, requireInput } from './op-inputs.js';

type Copyable = { set(src: ArrayLike<unknown>, offset: number): void; subarray(begin: number, end: number): ArrayLike<unknown> };

export const concatOp: OpDef = {
  type: 'Concat',
  infer(ctx: InferContext): ValueType[] {
    if (ctx.inputs.length < 1) throw opInvalid(ctx, 'has no inputs; Concat needs at least one.');
    const types = ctx.inputs.map((_, i) => requireInput(ctx, i, `inputs[${i}]`));
    const first = types[0];
    const axisAttr = ctx.attributes.int('axis');
    if (axisAttr === undefined) throw opInvalid(ctx, 'attribute axis is required but missing.');
    const axis = normalizeAxis(ctx, axisAttr, first.dims.length);
    const dims = [...first.dims];
    for (let k = 1; k < types.length; k++) {
      const t = types[k];
      if (t.dtype !== first.dtype) throw opInvalid(ctx, `input ${k} is ${t.dtype} but input 0 is ${first.dtype}; all must match.`);
      const ok = t.dims.length === dims.length && t.dims.every((d, i) => i === axis || d === first.dims[i]);
      if (!ok) {
        throw opInvalid(ctx, `input ${k} has shape ${formatDims(t.dims)} but input 0 has ${formatDims(first.dims)}; all dims except axis ${axis} must match.`);
      }
      dims[axis] += t.dims[axis];
    }
    return [{ dtype: first.dtype, dims }];
  },
  run(ctx: RunContext): void {
    const y = ctx.outputs[0];
    const rank = y.dims.length;
    const axis = (ctx.attributes.int('axis', 0) + rank) % rank;
    const outer = sizeOf(y.dims.slice(0, axis));
    const outBlock = sizeOf(y.dims.slice(axis));
    const out = y.data as unknown as Copyable;
    let offset = 0;
    for (const input of ctx.inputs as Tensor[]) {
      const block = sizeOf(input.dims.slice(axis));
      const src = input.data as unknown as Copyable;
      for (let o = 0; o < outer; o++) out.set(src.subarray(o * block, (o + 1) * block), o * outBlock + offset);
      offset += block;
    }
  },
};
