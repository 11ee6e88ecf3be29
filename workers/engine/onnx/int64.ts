/**
 * protobufjs decodes int64/uint64 fields as `Long` objects (two 32-bit halves) when the `long`
 * package is present, and as plain numbers otherwise; these helpers accept both.
 */
import type { Int64Like } from './onnx-schema.js';

/** The exact value as a signed (or, for uint64 fields, unsigned) BigInt. */
export function int64ToBigInt(value: Int64Like, unsigned = false): bigint {
  if (typeof value === 'number') return unsigned ? BigInt.asUintN(64, BigInt(value)) : BigInt(value);
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return unsigned ? bits : BigInt.asIntN(64, bits);
}

/** The value as a JS number: exact up to 2^53, rounded beyond (e.g. INT64_MAX used as "to the end"). */
export function int64ToNumber(value: Int64Like): number {
  if (typeof value === 'number') return value;
  return value.high * 4294967296 + (value.low >>> 0);
}
