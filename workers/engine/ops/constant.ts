/**
 * Constant (https://onnx.ai/onnx/operators/onnx__Constant.html): outputs the tensor given by
 * exactly one attribute: value, value_float, value_floats, value_int or value_ints. String and
 * sparse constants have no place in a numeric engine and are refused.
 */
import { float32Tensor, int64Tensor, type Tensor } from '../tensor.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid, opUnsupported } from './op-error.js';
import { expectInputCount } from './op-inputs.js';

const NUMERIC = ['value', 'value_float', 'value_floats', 'value_int', 'value_ints'];
const OTHER = ['value_string', 'value_strings', 'sparse_value'];

function constantValue(ctx: Pick<InferContext, 'attributes' | 'where' | 'nodeName' | 'opType'>): Tensor {
  const a = ctx.attributes;
  const present = [...NUMERIC, ...OTHER].filter((name) => a.has(name));
  if (present.length !== 1) {
    throw opInvalid(ctx, `must have exactly one value attribute (one of ${NUMERIC.join(', ')}) but has ${present.length === 0 ? 'none' : present.join(', ')}.`);
  }
  switch (present[0]) {
    case 'value':
      return a.tensor('value') as Tensor;
    case 'value_float':
      return float32Tensor([a.float('value_float', 0)], []);
    case 'value_floats': {
      const v = a.floats('value_floats', []);
      return float32Tensor(v, [v.length]);
    }
    case 'value_int':
      return int64Tensor([a.int('value_int', 0)], []);
    case 'value_ints': {
      const v = a.ints('value_ints', []);
      return int64Tensor(v, [v.length]);
    }
    default:
      throw opUnsupported(ctx, `attribute ${present[0]} holds strings or a sparse tensor, which EdgeFront cannot compute with.`);
  }
}

export const constantOp: OpDef = {
  type: 'Constant',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 0, 0);
    const t = constantValue(ctx);
    return [{ dtype: t.dtype, dims: t.dims }];
  },
  run(ctx: RunContext): void {
    const t = constantValue(ctx);
    (ctx.outputs[0].data as Uint8Array).set(t.data as Uint8Array);
  },
};
