/**
 * Tensors as the engine sees them: a dtype, dims (row-major, NCHW for images) and a typed array.
 *
 * The dtype → TypedArray map follows onnxruntime's JS API (`js/common/lib/tensor-impl.ts`):
 * 64-bit integers are BigInt64Array / BigUint64Array so shape arithmetic and int64 test cases are
 * exact. float16 data is widened to float32 when a model is loaded (the engine computes in float32).
 */
import { InternalError } from '../../src-shared/errors.js';

export type DType =
  | 'float32'
  | 'float64'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool';

export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
}

export type TensorData = DTypeArrayMap[DType];

export interface Tensor<T extends DType = DType> {
  readonly dtype: T;
  readonly dims: readonly number[];
  readonly data: DTypeArrayMap[T];
}

/** A tensor known to hold float32 data (the common case inside kernels). */
export type FloatTensor = Tensor<'float32'>;

export const BYTES_PER_ELEMENT: Record<DType, number> = {
  float32: 4,
  float64: 8,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  bool: 1,
};

export function isBigIntDType(dtype: DType): dtype is 'int64' | 'uint64' {
  return dtype === 'int64' || dtype === 'uint64';
}

export function isFloatDType(dtype: DType): dtype is 'float32' | 'float64' {
  return dtype === 'float32' || dtype === 'float64';
}

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** Row-major strides of a shape. */
export function stridesOf(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let s = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= dims[i];
  }
  return strides;
}

export function allocData<T extends DType>(dtype: T, length: number): DTypeArrayMap[T] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length) as DTypeArrayMap[T];
    case 'float64':
      return new Float64Array(length) as DTypeArrayMap[T];
    case 'int8':
      return new Int8Array(length) as DTypeArrayMap[T];
    case 'uint8':
    case 'bool':
      return new Uint8Array(length) as DTypeArrayMap[T];
    case 'int16':
      return new Int16Array(length) as DTypeArrayMap[T];
    case 'uint16':
      return new Uint16Array(length) as DTypeArrayMap[T];
    case 'int32':
      return new Int32Array(length) as DTypeArrayMap[T];
    case 'uint32':
      return new Uint32Array(length) as DTypeArrayMap[T];
    case 'int64':
      return new BigInt64Array(length) as DTypeArrayMap[T];
    case 'uint64':
      return new BigUint64Array(length) as DTypeArrayMap[T];
  }
  throw new InternalError('bad-dtype', `Unknown dtype ${String(dtype)}.`);
}

/** A typed array of `dtype` viewing `byteLength` bytes of `buffer` from `byteOffset`. */
export function viewData<T extends DType>(
  dtype: T,
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
): DTypeArrayMap[T] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'float64':
      return new Float64Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'int8':
      return new Int8Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'uint8':
    case 'bool':
      return new Uint8Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'int16':
      return new Int16Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'uint16':
      return new Uint16Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'int32':
      return new Int32Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'int64':
      return new BigInt64Array(buffer, byteOffset, length) as DTypeArrayMap[T];
    case 'uint64':
      return new BigUint64Array(buffer, byteOffset, length) as DTypeArrayMap[T];
  }
  throw new InternalError('bad-dtype', `Unknown dtype ${String(dtype)}.`);
}

export function makeTensor<T extends DType>(dtype: T, dims: readonly number[], data?: DTypeArrayMap[T]): Tensor<T> {
  const n = sizeOf(dims);
  const d = data ?? allocData(dtype, n);
  if (d.length !== n) {
    throw new InternalError('tensor-size', `Tensor data has ${d.length} elements but dims [${dims.join(', ')}] need ${n}.`);
  }
  return { dtype, dims: [...dims], data: d };
}

/** Reads element i as a JS number (int64 converted, exact up to 2^53). */
export function elementAsNumber(t: Tensor, i: number): number {
  const v = t.data[i];
  return typeof v === 'bigint' ? Number(v) : v;
}

/** All elements as JS numbers (for small shape/attribute-like tensors). */
export function toNumberArray(t: Tensor): number[] {
  const out = new Array<number>(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = elementAsNumber(t, i);
  return out;
}

export function int64Tensor(values: readonly number[], dims: readonly number[] = [values.length]): Tensor<'int64'> {
  return makeTensor('int64', dims, BigInt64Array.from(values, (v) => BigInt(v)));
}

export function float32Tensor(values: ArrayLike<number>, dims: readonly number[]): Tensor<'float32'> {
  return makeTensor('float32', dims, Float32Array.from(values));
}

export function formatDims(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}
