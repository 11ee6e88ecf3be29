/**
 * Converts a decoded `ValueInfoProto` (a graph input, output or value_info entry) to `OnnxValueInfo`.
 */
import { UserError } from '../../../src-shared/errors.js';
import type { OnnxDim, OnnxValueInfo } from './model.js';
import { int64ToNumber } from './int64.js';
import { type DimensionMessage, type ValueInfoProtoMessage, dataTypeName, hasField } from './onnx-schema.js';
import { dtypeFromOnnx } from './tensor-from-proto.js';

/**
 * `strict` is for graph inputs and outputs: EdgeFront must be able to feed or return them, so a
 * non-tensor type or an element type it cannot hold is an error. For value_info hints such
 * entries just carry no dtype.
 */
export function valueInfoFromProto(proto: ValueInfoProtoMessage, what: string, strict: boolean): OnnxValueInfo {
  const type = proto.type;
  if (!type) return { name: proto.name };
  const tensor = type.tensor_type;
  if (!tensor) {
    if (!strict) return { name: proto.name };
    const kind = ['sequence_type', 'map_type', 'optional_type', 'sparse_tensor_type', 'opaque_type'].find((f) =>
      hasField(type, f),
    );
    throw new UserError(
      'onnx-unsupported-type',
      `The ${what} is a ${kind ? kind.replace('_type', '').replace('_', ' ') : 'non-tensor'} value, but EdgeFront ` +
        `supports only (dense) tensors as graph inputs and outputs. Re-export the model with tensor inputs and outputs.`,
      { what, kind: kind ?? 'unknown' },
    );
  }
  const dtype = dtypeFromOnnx(tensor.elem_type);
  if (dtype === undefined && strict) {
    throw new UserError(
      'onnx-unsupported-dtype',
      `The ${what} has element type ${dataTypeName(tensor.elem_type)}, which EdgeFront does not support ` +
        `(supported: float32, float16, bfloat16, float64, int8/16/32/64, uint8/16/32/64, bool).`,
      { what, dataType: tensor.elem_type },
    );
  }
  const dims = tensor.shape ? tensor.shape.dim.map(dimFromProto) : undefined;
  return {
    name: proto.name,
    ...(dtype === undefined ? {} : { dtype }),
    ...(dims === undefined ? {} : { dims }),
    onnxElemType: dataTypeName(tensor.elem_type),
  };
}

function dimFromProto(dim: DimensionMessage): OnnxDim {
  if (hasField(dim, 'dim_value')) {
    const value = int64ToNumber(dim.dim_value);
    // Some exporters write -1 for "dynamic"; that is an unknown size, not an error.
    return Number.isSafeInteger(value) && value >= 0 ? value : null;
  }
  if (hasField(dim, 'dim_param') && dim.dim_param !== '') return dim.dim_param;
  return null;
}
