/**
 * Integer requantization as MCUs and accelerators do it (gemmlowp / TFLite / CMSIS-NN): a real
 * multiplier M = scale_in·scale_w / scale_out is stored as a Q31 integer and a shift, and an int32
 * accumulator is rescaled with two rounding steps:
 *
 *   M ≈ multiplier · 2^−31 · 2^−shift,   multiplier ∈ [2^30, 2^31)
 *   y = RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(acc · 2^left, multiplier), right)
 *
 * with left = max(−shift, 0), right = max(shift, 0) — gemmlowp `fixedpoint/fixedpoint.h`
 * (SaturatingRoundingDoublingHighMul, RoundingDivideByPOT) and TFLite
 * `kernels/internal/common.h` MultiplyByQuantizedMultiplier / `quantization_util.cc`
 * QuantizeMultiplier (Jacob et al., CVPR 2018, §2.2, eq. 5–6). Note the sign convention: here
 * `shift` is a RIGHT shift (TFLite's `shift` is the left-shift exponent, our −shift).
 *
 * The fast versions use only float64 arithmetic on values that stay exactly representable (the
 * 62-bit product is split into 16-bit halves); `multiplyByQuantizedMultiplierReference` is the
 * literal BigInt transcription the tests compare against.
 */

import { InternalError } from '../../../src-shared/errors.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_31 = 2147483648;
const TWO_30 = 1073741824;

export interface QuantizedMultiplier {
  /** Q31 significand in [2^30, 2^31), or 0 for a multiplier flushed to zero. */
  readonly multiplier: number;
  /** Right shift ≥ 0, or negative for a left shift. */
  readonly shift: number;
}

/** real = q · 2^e with q ∈ [0.5, 1), for a positive normal double (C's frexp). */
function frexp(real: number): { q: number; e: number } {
  let e = Math.floor(Math.log2(real)) + 1;
  let q = real / 2 ** e;
  // log2 can be off by one near powers of two.
  while (q >= 1) {
    q /= 2;
    e++;
  }
  while (q < 0.5) {
    q *= 2;
    e--;
  }
  return { q, e };
}

/**
 * TFLite's QuantizeMultiplier: the Q31 significand of `real` (rounded half away from zero) and its
 * shift. Multipliers below ~2^−32 flush to {0, 0} as in TFLite (every result would be 0). A left
 * shift above 30 is refused: the shifted accumulator would overflow int32.
 */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (!(real > 0) || !Number.isFinite(real)) {
    throw new InternalError('fixed-point-multiplier', `A requantization multiplier must be a positive finite number; got ${real}.`);
  }
  if (real < 2 ** -33) return { multiplier: 0, shift: 0 };
  let { q, e } = frexp(real);
  let multiplier = Math.round(q * TWO_31); // q > 0: Math.round = std::round
  if (multiplier === TWO_31) {
    multiplier /= 2;
    e++;
  }
  if (e < -31) return { multiplier: 0, shift: 0 };
  if (e > 30) {
    throw new InternalError('fixed-point-multiplier', `The requantization multiplier ${real} is too large for an int32 left shift (2^${e}).`);
  }
  return { multiplier, shift: -e };
}

/**
 * gemmlowp SaturatingRoundingDoublingHighMul: the high 32 bits of 2·a·b, rounded to nearest
 * (nudge 2^30, or 1 − 2^30 for a negative product, then C++ division truncating toward zero);
 * saturates the single overflow case a = b = −2^31.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // a·b = (a·bh)·2^16 + a·bl, each partial product below 2^47 so exact in a double.
  const p = a * (b >> 16);
  const q = a * (b & 0xffff);
  const negative = p * 65536 + q < 0; // rounding never flips the sign of a sum
  const pHigh = Math.floor(p / 32768);
  const pLow = p - pHigh * 32768; // a·b = pHigh·2^31 + pLow·2^16 + q
  const rest = pLow * 65536 + q + (negative ? 1 - TWO_30 : TWO_30); // |rest| < 2^48: exact
  const total = pHigh * TWO_31 + rest;
  return pHigh + (total >= 0 ? Math.floor(rest / TWO_31) : Math.ceil(rest / TWO_31)) + 0;
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero; 0 ≤ exponent ≤ 31. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  const mask = exponent === 31 ? 0x7fffffff : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

function checkShift(shift: number): void {
  if (!Number.isInteger(shift) || shift < -31 || shift > 31) {
    throw new InternalError('fixed-point-shift', `A requantization shift must be an integer from −31 to 31; got ${shift}.`);
  }
}

/**
 * TFLite MultiplyByQuantizedMultiplier: acc · multiplier · 2^−31 · 2^−shift with gemmlowp's
 * rounding. `acc` and `multiplier` are int32; a left shift wraps like the two's-complement
 * multiply the C++ compiles to.
 */
export function multiplyByQuantizedMultiplier(acc: number, multiplier: number, shift: number): number {
  checkShift(shift);
  const left = shift < 0 ? -shift : 0;
  const right = shift > 0 ? shift : 0;
  const shifted = left === 0 ? acc : Math.imul(acc, 2 ** left | 0);
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, multiplier), right);
}

/** Literal BigInt transcription of the gemmlowp/TFLite reference (for tests and audits). */
export function multiplyByQuantizedMultiplierReference(acc: number, multiplier: number, shift: number): number {
  checkShift(shift);
  for (const v of [acc, multiplier]) {
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new InternalError('fixed-point-int32', `Fixed-point operands must be int32; got ${v}.`);
    }
  }
  const left = BigInt(shift < 0 ? -shift : 0);
  const right = BigInt(shift > 0 ? shift : 0);
  const a = BigInt.asIntN(32, BigInt(acc) << left);
  const b = BigInt(multiplier);
  let high: bigint;
  if (a === -(2n ** 31n) && b === -(2n ** 31n)) {
    high = 2n ** 31n - 1n;
  } else {
    const ab = a * b;
    const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
    high = (ab + nudge) / (1n << 31n); // BigInt division truncates toward zero, as C++ does
  }
  const mask = (1n << right) - 1n;
  const remainder = high & mask;
  const threshold = (mask >> 1n) + (high < 0n ? 1n : 0n);
  return Number((high >> right) + (remainder > threshold ? 1n : 0n));
}

function checkBits(bits: number, what: string): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > 53) {
    throw new InternalError('fixed-point-bits', `${what} needs a bit-width from 1 to 53; got ${bits}.`);
  }
}

/** Clamps an integer to the range of a `bits`-wide signed (two's complement) or unsigned register. */
export function saturate(value: number, bits: number, signed: boolean): number {
  checkBits(bits, 'saturate');
  const low = signed ? -(2 ** (bits - 1)) : 0;
  const high = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return value < low ? low : value > high ? high : value;
}

/** Wraps a safe integer into a `bits`-wide two's-complement register (what an overflowing accumulator holds). */
export function wrap(value: number, bits: number): number {
  checkBits(bits, 'wrap');
  const modulus = 2 ** bits;
  const r = value - modulus * Math.floor(value / modulus); // exact: power-of-two modulus, safe integers
  return r >= modulus / 2 ? r - modulus : r;
}

/**
 * Single-rounding requantization — TFLite's `TFLITE_SINGLE_ROUNDING` variant of
 * MultiplyByQuantizedMultiplier (tensorflow/lite/kernels/internal/common.cc):
 *
 *   y = (acc · multiplier + 2^(T−1)) >> T,   T = 31 + shift   (64-bit product, arithmetic shift)
 *
 * i.e. round(acc · M) with ties toward +∞. gemmlowp's two-step form rounds twice (the high
 * multiply, then the division by 2^shift) and can be off by up to 2^−(shift+1) of an output
 * step before its final rounding — for the large multipliers of low-bit weights that flips
 * visibly many outputs. Exact: the 62-bit product is split into 16-bit halves so every
 * intermediate stays a safe integer in float64.
 */
export function multiplyByQuantizedMultiplierSingleRounding(acc: number, multiplier: number, shift: number): number {
  const total = 31 + shift;
  if (total < 16) return multiplyByQuantizedMultiplierSingleRoundingReference(acc, multiplier, shift);
  const mh = Math.floor(multiplier / 65536);
  const ml = multiplier - mh * 65536;
  const lo = acc * ml; // |lo| < 2^47
  const carry = Math.floor(lo / 65536);
  const hi = acc * mh + carry; // P = hi·2^16 + (lo − carry·2^16), the remainder in [0, 2^16)
  const u = total - 16;
  if (u === 0) return hi + (lo - carry * 65536 >= 32768 ? 1 : 0);
  // floor((hi·2^16 + r + 2^(T−1)) / 2^T) = floor((hi + 2^(u−1)) / 2^u) since r < 2^16.
  return Math.floor((hi + 2 ** (u - 1)) / 2 ** u);
}

/** BigInt transcription of the single-rounding form, for tests and the rare tiny-shift case. */
export function multiplyByQuantizedMultiplierSingleRoundingReference(acc: number, multiplier: number, shift: number): number {
  const total = BigInt(31 + shift);
  const p = BigInt(acc) * BigInt(multiplier);
  if (total <= 0n) return Number(p << -total);
  return Number((p + (1n << (total - 1n))) >> total);
}
