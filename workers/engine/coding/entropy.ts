/**
 * Symbol statistics shared by the coders: the histogram of an integer symbol stream, its order-0
 * Shannon entropy, the dense re-indexing the coders work on, and the compact serialization of
 * the set of present symbols (the "alphabet") that the container header carries once per stream.
 */
import { ByteReader, ByteWriter } from './bit-io.js';
import { UserError } from '../../../src-shared/errors.js';

/** The distinct symbols of a stream in ascending order and how often each occurs. */
export interface Histogram {
  /** Present symbol values, strictly ascending. */
  readonly values: Int32Array;
  /** counts[i] = occurrences of values[i]; every entry ≥ 1. */
  readonly counts: Float64Array;
  /** Total number of symbols (Σ counts). */
  readonly total: number;
}

/**
 * Histogram of `symbols`. Counting goes through a dense array over [min, max], so the span of
 * values must stay moderate (the weight codec admits [-32768, 65535], a span of 98,304).
 */
export function histogram(symbols: Int32Array): Histogram {
  const n = symbols.length;
  if (n === 0) return { values: new Int32Array(0), counts: new Float64Array(0), total: 0 };
  let min = symbols[0];
  let max = symbols[0];
  for (let i = 1; i < n; i++) {
    const v = symbols[i];
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  const dense = new Uint32Array(max - min + 1);
  for (let i = 0; i < n; i++) dense[symbols[i] - min]++;
  let present = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) present++;
  const values = new Int32Array(present);
  const counts = new Float64Array(present);
  for (let i = 0, k = 0; i < dense.length; i++) {
    if (dense[i] === 0) continue;
    values[k] = i + min;
    counts[k] = dense[i];
    k++;
  }
  return { values, counts, total: n };
}

/**
 * Order-0 Shannon entropy in bits per symbol: H = −Σ p_i log2 p_i with p_i = c_i / N
 * (Shannon, "A Mathematical Theory of Communication", 1948, eq. 4). 0 for an empty stream.
 */
export function entropyOfCounts(counts: ArrayLike<number>, total: number): number {
  if (total <= 0) return 0;
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0) h -= c * Math.log2(c / total);
  }
  return h / total;
}

/** Order-0 Shannon entropy (bits/symbol) of an Int32Array of symbols. */
export function shannonEntropy(symbols: Int32Array): number {
  const h = histogram(symbols);
  return entropyOfCounts(h.counts, h.total);
}

/**
 * Replaces every symbol by its index in `values` (ascending, containing every symbol), so the
 * coders work on a dense alphabet 0 … K−1.
 */
export function toDenseIndices(symbols: Int32Array, values: Int32Array): Uint32Array {
  const out = new Uint32Array(symbols.length);
  if (values.length === 0) return out;
  const min = values[0];
  const lookup = new Uint32Array(values[values.length - 1] - min + 1);
  for (let i = 0; i < values.length; i++) lookup[values[i] - min] = i;
  for (let i = 0; i < symbols.length; i++) out[i] = lookup[symbols[i] - min];
  return out;
}

// Alphabet serialization. Two layouts, the writer picks the smaller:
//   0 = delta list: zigzag varint first value, then K−1 varints of (v[i] − v[i−1] − 1);
//   1 = bitmap:     zigzag varint first value, varint span (max − min + 1), ⌈span/8⌉ bytes,
//                   bit j of byte b (LSB first) set ⇔ min + 8b + j is present.
// Sparse alphabets cost about one byte per present symbol; dense 16-bit alphabets cost 8 KiB
// instead of 65,536 varints.
const ALPHABET_DELTA = 0;
const ALPHABET_BITMAP = 1;
/** Widest span of symbol values any stream may declare (the weight codec's [-32768, 65535]). */
const MAX_ALPHABET_SPAN = 98_304;

/** Writes the present-symbol set: varint K, then (if K > 0) a layout byte and the layout body. */
export function writeAlphabet(out: ByteWriter, values: Int32Array): void {
  const k = values.length;
  out.writeVarUint(k);
  if (k === 0) return;
  const min = values[0];
  const span = values[k - 1] - min + 1;
  const delta = new ByteWriter();
  for (let i = 1; i < k; i++) delta.writeVarUint(values[i] - values[i - 1] - 1);
  const deltaBytes = delta.finish();
  const bitmapBytes = Math.ceil(span / 8) + varUintLength(span);
  if (bitmapBytes < deltaBytes.length) {
    out.writeByte(ALPHABET_BITMAP);
    out.writeVarInt(min);
    out.writeVarUint(span);
    const bitmap = new Uint8Array(Math.ceil(span / 8));
    for (let i = 0; i < k; i++) {
      const offset = values[i] - min;
      bitmap[offset >>> 3] |= 1 << (offset & 7);
    }
    out.writeBytes(bitmap);
  } else {
    out.writeByte(ALPHABET_DELTA);
    out.writeVarInt(min);
    out.writeBytes(deltaBytes);
  }
}

/** Inverse of `writeAlphabet`; throws a `UserError` on a malformed or implausible table. */
export function readAlphabet(input: ByteReader, field: string): Int32Array {
  const k = input.readVarUint(`${field} size`);
  if (k === 0) return new Int32Array(0);
  if (k > MAX_ALPHABET_SPAN) throw invalidAlphabet(field, `declares ${k} symbols (at most ${MAX_ALPHABET_SPAN})`);
  const layout = input.readByte(`${field} layout`);
  const min = input.readVarInt(`${field} first value`);
  const values = new Int32Array(k);
  if (layout === ALPHABET_DELTA) {
    let v = min;
    values[0] = v;
    for (let i = 1; i < k; i++) {
      v += input.readVarUint(`${field} delta`) + 1;
      values[i] = v;
    }
  } else if (layout === ALPHABET_BITMAP) {
    const span = input.readVarUint(`${field} span`);
    if (span > MAX_ALPHABET_SPAN) throw invalidAlphabet(field, `declares a span of ${span} values`);
    const bitmap = input.readBytes(Math.ceil(span / 8), `${field} bitmap`);
    let found = 0;
    for (let offset = 0; offset < span; offset++) {
      if ((bitmap[offset >>> 3] & (1 << (offset & 7))) === 0) continue;
      if (found === k) throw invalidAlphabet(field, `has more set bits than its ${k} symbols`);
      values[found++] = min + offset;
    }
    if (found !== k) throw invalidAlphabet(field, `has ${found} set bits for ${k} symbols`);
  } else {
    throw invalidAlphabet(field, `uses unknown layout ${layout}`);
  }
  if (values[0] !== min || values[k - 1] - min >= MAX_ALPHABET_SPAN) {
    throw invalidAlphabet(field, `spans ${min} … ${values[k - 1]}, wider than ${MAX_ALPHABET_SPAN} values`);
  }
  return values;
}

function varUintLength(value: number): number {
  let bytes = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) bytes++;
  return bytes;
}

function invalidAlphabet(field: string, problem: string): UserError {
  return new UserError('coded-weights-invalid-header', `The coded-weights ${field} ${problem}.`, { field });
}
