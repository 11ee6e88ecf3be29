/**
 * Cast (https://onnx.ai/onnx/operators/onnx__Cast.html): converts to the dtype named by the `to`
 * attribute (a TensorProto.DataType number); conversion rules in `cast-data.ts`. float16 targets
 * become float32, the engine's float type.
 */
import type { DType, Tensor } from '../tensor.js';
import { castInto } from './cast-data.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid, opUnsupported } from './op-error.js';
import { expectInputCount, requireInput } from './op-inputs.js';

/** TensorProto.DataType (onnx.proto) → engine dtype. */
const DATA_TYPES: Record<number, DType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64',
  9: 'bool', 10: 'float32', 11: 'float64', 12: 'uint32', 13: 'uint64',
};

export const castOp: OpDef = {
  type: 'Cast',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    const x = requireInput(ctx, 0, 'input');
    const to = ctx.attributes.int('to');
    if (to === undefined) throw opInvalid(ctx, 'attribute to is required but missing.');
    const dtype = DATA_TYPES[to];
    if (dtype === undefined) throw opUnsupported(ctx, `attribute to = ${to} names a data type EdgeFront does not compute with (strings, complex, bfloat16, float8 or 4-bit types).`);
    return [{ dtype, dims: x.dims }];
  },
  run(ctx: RunContext): void {
    castInto(ctx.inputs[0] as Tensor, ctx.outputs[0]);
  },
};
