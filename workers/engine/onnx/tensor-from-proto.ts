/**
 * Converts a decoded `TensorProto` to an engine `Tensor`, checking every size before allocating.
 *
 * Data layouts follow onnx.proto (TensorProto): `raw_data` holds fixed-width little-endian
 * elements (bool one byte each); otherwise one typed field holds the values — float_data for
 * FLOAT; int32_data for INT32, INT16, INT8, UINT16, UINT8, BOOL and FLOAT16/BFLOAT16 (as bit
 * patterns); int64_data for INT64; double_data for DOUBLE; uint64_data for UINT32 and UINT64.
 * FLOAT16 and BFLOAT16 are widened to float32.
 */
import { InternalError, UserError } from '../../../src-shared/errors.js';
import { type DType, type Tensor, type TensorData, allocData, formatDims, makeTensor, viewData } from '../tensor.js';
import { bfloat16ToFloat32, float16ToFloat32 } from './half-float.js';
import { int64ToBigInt, int64ToNumber } from './int64.js';
import { DataLocation, type TensorProtoMessage, TensorDataType, dataTypeName, hasField } from './onnx-schema.js';

/** Largest element count EdgeFront accepts for one tensor (typed arrays and kernels index with int32). */
export const MAX_TENSOR_ELEMENTS = 2 ** 31;

type TypedField = 'float_data' | 'int32_data' | 'int64_data' | 'double_data' | 'uint64_data';

interface StoredType {
  /** The engine dtype the data becomes. */
  readonly dtype: DType;
  /** Bytes per element in raw_data. */
  readonly rawBytes: number;
  /** The typed field that may hold the values instead of raw_data. */
  readonly field: TypedField;
  /** How raw bits are widened (float16/bfloat16), if they are. */
  readonly widen?: 'float16' | 'bfloat16';
}

const STORED_TYPES: ReadonlyMap<number, StoredType> = new Map<number, StoredType>([
  [TensorDataType.FLOAT, { dtype: 'float32', rawBytes: 4, field: 'float_data' }],
  [TensorDataType.UINT8, { dtype: 'uint8', rawBytes: 1, field: 'int32_data' }],
  [TensorDataType.INT8, { dtype: 'int8', rawBytes: 1, field: 'int32_data' }],
  [TensorDataType.UINT16, { dtype: 'uint16', rawBytes: 2, field: 'int32_data' }],
  [TensorDataType.INT16, { dtype: 'int16', rawBytes: 2, field: 'int32_data' }],
  [TensorDataType.INT32, { dtype: 'int32', rawBytes: 4, field: 'int32_data' }],
  [TensorDataType.INT64, { dtype: 'int64', rawBytes: 8, field: 'int64_data' }],
  [TensorDataType.BOOL, { dtype: 'bool', rawBytes: 1, field: 'int32_data' }],
  [TensorDataType.FLOAT16, { dtype: 'float32', rawBytes: 2, field: 'int32_data', widen: 'float16' }],
  [TensorDataType.DOUBLE, { dtype: 'float64', rawBytes: 8, field: 'double_data' }],
  [TensorDataType.UINT32, { dtype: 'uint32', rawBytes: 4, field: 'uint64_data' }],
  [TensorDataType.UINT64, { dtype: 'uint64', rawBytes: 8, field: 'uint64_data' }],
  [TensorDataType.BFLOAT16, { dtype: 'float32', rawBytes: 2, field: 'int32_data', widen: 'bfloat16' }],
]);

/**
 * The engine dtype for an ONNX element type, or undefined when EdgeFront cannot hold it
 * (string, complex, float8, 4-bit and 2-bit types). 16-bit floats map to float32.
 */
export function dtypeFromOnnx(dataType: number): DType | undefined {
  return STORED_TYPES.get(dataType)?.dtype;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The engine tensor for `proto`. `what` names it in error messages, e.g.
 * "initializer 'conv1.weight' in 'model.onnx'".
 */
export function tensorFromProto(proto: TensorProtoMessage, what: string): Tensor {
  if (proto.data_location === DataLocation.EXTERNAL || proto.external_data.length > 0) {
    const location = proto.external_data.find((e) => e.key === 'location')?.value ?? '?';
    throw new UserError(
      'onnx-external-data',
      `The ${what} keeps its data in an external file ('${location}'); EdgeFront reads only models with ` +
        `the weights embedded in the .onnx file. Re-save it with embedded weights, e.g. in Python: ` +
        `onnx.save(onnx.load('model.onnx'), 'model-embedded.onnx', save_as_external_data=False) ` +
        `(possible for models under 2 GB).`,
      { what, location },
    );
  }
  if (proto.segment) {
    throw new UserError(
      'onnx-unsupported-tensor',
      `The ${what} is stored in segments (TensorProto.segment), which EdgeFront does not read. ` +
        `Re-save the model with onnx.save so each tensor is stored whole.`,
      { what },
    );
  }
  const stored = STORED_TYPES.get(proto.data_type);
  if (!stored) {
    throw new UserError(
      'onnx-unsupported-dtype',
      `The ${what} has element type ${dataTypeName(proto.data_type)}, which EdgeFront does not support ` +
        `(supported: float32, float16, bfloat16, float64, int8/16/32/64, uint8/16/32/64, bool). ` +
        `Convert the tensor to a supported type before exporting.`,
      { what, dataType: proto.data_type },
    );
  }
  const dims = checkedDims(proto, what);
  // A zero dim makes the tensor empty however large the others are; otherwise stop at the limit
  // (multiplying on could overflow to Infinity and then to NaN).
  let count = dims.includes(0) ? 0 : 1;
  for (const d of dims) if (count <= MAX_TENSOR_ELEMENTS) count *= d;
  if (count > MAX_TENSOR_ELEMENTS) {
    throw new UserError(
      'onnx-bad-tensor',
      `The ${what} has dims ${formatDims(dims)}, more elements than the ${MAX_TENSOR_ELEMENTS} ` +
        `EdgeFront accepts for one tensor. The file is probably corrupt; re-export the model.`,
      { what, dims },
    );
  }
  const data = hasField(proto, 'raw_data')
    ? fromRaw(proto.raw_data, stored, count, dims, what)
    : fromTypedField(proto, stored, count, dims, what);
  return makeTensor(stored.dtype, dims, data);
}

function checkedDims(proto: TensorProtoMessage, what: string): number[] {
  return proto.dims.map((raw, axis) => {
    const d = int64ToNumber(raw);
    if (!Number.isSafeInteger(d) || d < 0 || d > MAX_TENSOR_ELEMENTS) {
      const shown = String(int64ToBigInt(raw));
      throw new UserError(
        'onnx-bad-tensor',
        `The ${what} has dimension ${shown} on axis ${axis}; a stored tensor's dimensions must be integers ` +
          `from 0 to ${MAX_TENSOR_ELEMENTS}. The file is probably corrupt; re-export the model.`,
        { what, axis, dim: shown },
      );
    }
    return d;
  });
}

function fromRaw(raw: Uint8Array, stored: StoredType, count: number, dims: number[], what: string): TensorData {
  const needed = count * stored.rawBytes;
  if (raw.length !== needed) {
    throw new UserError(
      'onnx-bad-tensor',
      `The ${what} has ${raw.length} bytes of raw_data, but its dims ${formatDims(dims)} of ` +
        `${stored.widen ?? stored.dtype} need exactly ${needed}. The file is probably truncated or corrupt; ` +
        `re-export the model.`,
      { what, dims, bytes: raw.length, needed },
    );
  }
  if (!LITTLE_ENDIAN) {
    throw new InternalError('big-endian', 'EdgeFront reads ONNX raw_data only on little-endian machines.');
  }
  // Copy first: the bytes are a view into the file buffer at an arbitrary (possibly unaligned) offset.
  const copy = new Uint8Array(needed);
  copy.set(raw);
  if (stored.widen === 'float16') return float16ToFloat32(new Uint16Array(copy.buffer, 0, count));
  if (stored.widen === 'bfloat16') return bfloat16ToFloat32(new Uint16Array(copy.buffer, 0, count));
  if (stored.dtype === 'bool') {
    for (let i = 0; i < count; i++) copy[i] = copy[i] === 0 ? 0 : 1;
    return copy;
  }
  return viewData(stored.dtype, copy.buffer, 0, count);
}

function fromTypedField(
  proto: TensorProtoMessage,
  stored: StoredType,
  count: number,
  dims: number[],
  what: string,
): TensorData {
  const values = proto[stored.field];
  if (values.length !== count) {
    const message =
      values.length === 0
        ? `The ${what} stores no data for the ${count} elements its dims ${formatDims(dims)} need ` +
          `(neither raw_data nor ${stored.field} is set).`
        : `The ${what} has ${values.length} values in ${stored.field}, but its dims ${formatDims(dims)} need ${count}.`;
    throw new UserError('onnx-bad-tensor', `${message} The file is probably corrupt; re-export the model.`, {
      what,
      dims,
      field: stored.field,
      values: values.length,
      needed: count,
    });
  }
  if (stored.widen === 'float16') return float16ToFloat32(values as readonly number[]);
  if (stored.widen === 'bfloat16') return bfloat16ToFloat32(values as readonly number[]);
  const out = allocData(stored.dtype, count);
  switch (stored.dtype) {
    case 'int64':
      for (let i = 0; i < count; i++) out[i] = int64ToBigInt(proto.int64_data[i]);
      break;
    case 'uint64':
      for (let i = 0; i < count; i++) out[i] = int64ToBigInt(proto.uint64_data[i], true);
      break;
    case 'uint32':
      for (let i = 0; i < count; i++) out[i] = Number(int64ToBigInt(proto.uint64_data[i], true) & 0xffffffffn);
      break;
    case 'bool':
      for (let i = 0; i < count; i++) out[i] = proto.int32_data[i] === 0 ? 0 : 1;
      break;
    default:
      // Typed-array assignment wraps int32 values to the narrower integer types, as onnx.proto intends.
      (out as Float32Array).set(values as readonly number[]);
  }
  return out;
}
