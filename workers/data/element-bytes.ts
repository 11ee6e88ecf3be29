import { BYTES_PER_ELEMENT, viewData, type DType, type TensorData } from '../engine/tensor.js';

/** Byte order of this machine; typed arrays always use it. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses every `width`-byte group in place (big ↔ little endian). */
function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i < bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/**
 * Copies `count` elements of `dtype` stored at `bytes[offset…]` in the given byte order into a fresh,
 * aligned typed array in host order. The copy is deliberate: file buffers may start at any byte
 * offset, and typed-array views need element alignment. Callers have already checked the bounds.
 */
export function decodeElements(
  bytes: Uint8Array,
  offset: number,
  dtype: DType,
  count: number,
  littleEndian: boolean,
): TensorData {
  const width = BYTES_PER_ELEMENT[dtype];
  const copy = bytes.slice(offset, offset + count * width);
  if (littleEndian !== HOST_IS_LITTLE_ENDIAN) swapBytes(copy, width);
  return viewData(dtype, copy.buffer, 0, count);
}

/** The bytes of a typed array in little-endian order (a view when the host is little endian). */
export function littleEndianBytes(data: TensorData, width: number): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_IS_LITTLE_ENDIAN) return view;
  const copy = view.slice();
  swapBytes(copy, width);
  return copy;
}
