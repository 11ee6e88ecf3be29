/**
 * 16-bit float formats widened to float32 (the engine computes in float32).
 *
 * binary16: IEEE 754-2008 §3.6, 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
 * bfloat16: the upper 16 bits of an IEEE binary32 (onnx.proto, TensorProto.DataType.BFLOAT16).
 */

const TWO_POW_MINUS_24 = 2 ** -24;

/** The value of an IEEE binary16 bit pattern (subnormals, infinities and NaN included). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  // Subnormal: fraction × 2^-24 (= 0.fraction × 2^-14).
  if (exponent === 0) return sign * fraction * TWO_POW_MINUS_24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** Widens binary16 bit patterns (one per element) to float32. */
export function float16ToFloat32(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < out.length; i++) out[i] = float16BitsToNumber(bits[i] & 0xffff);
  return out;
}

/** Widens bfloat16 bit patterns to float32: the pattern is the high half of a binary32. */
export function bfloat16ToFloat32(bits: ArrayLike<number>): Float32Array {
  const wide = new Uint32Array(bits.length);
  for (let i = 0; i < wide.length; i++) wide[i] = (bits[i] & 0xffff) << 16;
  return new Float32Array(wide.buffer);
}
