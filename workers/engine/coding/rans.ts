/**
 * Static rANS over a dense alphabet 0 … K−1: range asymmetric numeral systems (J. Duda,
 * "Asymmetric numeral systems: entropy coding combining speed of Huffman coding with compression
 * rate of arithmetic coding", arXiv:1311.2540, 2013) in the byte-renormalized 32-bit variant of
 * F. Giesen's public-domain `rans_byte.h` (github.com/rygorous/ryg_rans, 2014):
 *
 *   state x ∈ [L, 256·L) with L = 2^23; frequencies f_s sum to M = 2^n (n = precision bits);
 *   encode s:  while x ≥ 2^(31−n)·f_s: emit x mod 256, x ← ⌊x/256⌋;
 *              x ← ⌊x / f_s⌋·M + (x mod f_s) + c_s              (Duda 2013, eq. 9 / "rANS")
 *   decode:    slot = x mod M, s = symbol owning slot;
 *              x ← f_s·⌊x / M⌋ + slot − c_s; while x < L: x ← 256·x + next byte.
 *
 * The encoder runs backwards over the symbols and writes bytes from the end of its buffer, then
 * the final state as 4 little-endian bytes, so the decoder reads forwards. The frequency table is
 * static (one per stream) and quantized to M with every present symbol keeping f ≥ 1.
 */
import { ByteReader, ByteWriter } from './bit-io.js';
import { UserError } from '../../../src-shared/errors.js';

/** Lower bound L of the normalized state interval (Giesen's RANS_BYTE_L). */
export const RANS_STATE_LOWER = 1 << 23;
/** Default cap on the precision: M = 2^16 fits a 16-bit alphabet with every symbol present. */
export const RANS_DEFAULT_MAX_PRECISION = 16;
/** Hard cap: alphabets of [-32768, 65535] (98,304 values) need 2^17 slots; L/M stays ≥ 64. */
export const RANS_MAX_PRECISION = 17;

/**
 * Precision n for a stream of `total` symbols over K present symbols. About 64 slots per symbol
 * (n = ⌈log2 K⌉ + 6) keeps the loss from quantizing frequencies small, clamped to [12, maxPrecision]
 * so the decoder's 2^n-entry slot table stays a few kB for small alphabets (FSE uses 2^11–2^12 for
 * 256 symbols); never finer than the data can resolve (2^n ≈ total, which keeps the header small
 * for small tensors); always 2^n ≥ K so every present symbol keeps a slot.
 */
export function chooseRansPrecision(symbolCount: number, total: number, maxPrecision = RANS_DEFAULT_MAX_PRECISION): number {
  const needed = Math.max(1, Math.ceil(Math.log2(Math.max(symbolCount, 1))));
  const resolvable = Math.max(1, Math.ceil(Math.log2(Math.max(total, 1))));
  const target = Math.min(maxPrecision, Math.max(12, needed + 6));
  const precision = Math.max(needed, Math.min(resolvable, target));
  if (precision > RANS_MAX_PRECISION) {
    throw new RangeError(`rANS cannot code ${symbolCount} distinct symbols (at most 2^${RANS_MAX_PRECISION}).`);
  }
  return precision;
}

/**
 * Quantizes counts to frequencies summing to exactly 2^precision, each ≥ 1. Symbols whose share
 * would round below one slot are pinned to 1 (repeatedly, as pinning shrinks the budget of the
 * rest); the remaining budget is split proportionally by largest remainder (Hamilton's method).
 */
export function normalizeFrequencies(counts: ArrayLike<number>, precision: number): Uint32Array {
  const k = counts.length;
  const total = 1 << precision;
  const freqs = new Uint32Array(k);
  if (k === 0) return freqs;
  if (k > total) throw new RangeError(`${k} symbols do not fit in ${total} rANS slots.`);
  if (k === 1) {
    freqs[0] = total;
    return freqs;
  }
  const pinned = new Uint8Array(k);
  let budget = total;
  let rest = 0;
  for (let i = 0; i < k; i++) rest += counts[i];
  for (let changed = true; changed; ) {
    changed = false;
    const scale = budget / rest;
    for (let i = 0; i < k; i++) {
      if (pinned[i] === 0 && counts[i] * scale < 1) {
        pinned[i] = 1;
        budget -= 1;
        rest -= counts[i];
        changed = true;
      }
    }
  }
  const scale = budget / rest;
  const remainder = new Float64Array(k);
  const free: number[] = [];
  let assigned = 0;
  for (let i = 0; i < k; i++) {
    if (pinned[i] === 1) {
      freqs[i] = 1;
      continue;
    }
    const exact = counts[i] * scale;
    const f = Math.floor(exact);
    freqs[i] = f;
    remainder[i] = exact - f;
    assigned += f;
    free.push(i);
  }
  free.sort((a, b) => remainder[b] - remainder[a] || a - b);
  for (let left = budget - assigned, j = 0; left > 0; left--, j = (j + 1) % free.length) freqs[free[j]]++;
  return freqs;
}

/** Writes the precision byte and K varints of (f − 1); nothing for K ≤ 1 (the symbol owns all slots). */
export function writeRansTable(out: ByteWriter, freqs: Uint32Array, precision: number): void {
  if (freqs.length <= 1) return;
  out.writeByte(precision);
  for (let i = 0; i < freqs.length; i++) out.writeVarUint(freqs[i] - 1);
}

export interface RansTable {
  readonly precision: number;
  readonly freqs: Uint32Array;
}

/** Reads a K-symbol table; throws a `UserError` unless the frequencies are ≥ 1 and sum to 2^precision. */
export function readRansTable(input: ByteReader, symbolCount: number, field: string): RansTable {
  if (symbolCount <= 1) return { precision: 0, freqs: new Uint32Array(symbolCount).fill(1) };
  const precision = input.readByte(`${field} precision`);
  if (precision < 1 || precision > RANS_MAX_PRECISION || symbolCount > 2 ** precision) {
    throw new UserError(
      'coded-weights-invalid-header',
      `The coded-weights ${field} declares ${precision} precision bits for ${symbolCount} symbols (allowed 1 … ${RANS_MAX_PRECISION}, 2^bits ≥ symbols).`,
      { field, precision },
    );
  }
  const freqs = new Uint32Array(symbolCount);
  let sum = 0;
  for (let i = 0; i < symbolCount; i++) {
    const f = input.readVarUint(`${field} frequency`) + 1;
    if (f > 2 ** precision) break;
    freqs[i] = f;
    sum += f;
  }
  if (sum !== 2 ** precision || freqs.includes(0)) {
    throw new UserError(
      'coded-weights-invalid-header',
      `The coded-weights ${field} frequencies sum to ${sum}, not 2^${precision}.`,
      { field, precision, sum },
    );
  }
  return { precision, freqs };
}

function cumulative(freqs: Uint32Array): Uint32Array {
  const cum = new Uint32Array(freqs.length);
  for (let i = 1; i < freqs.length; i++) cum[i] = cum[i - 1] + freqs[i - 1];
  return cum;
}

/** Encodes dense symbol indices; the result starts with the 4-byte final state. Empty for K ≤ 1. */
export function ransEncode(indices: Uint32Array, freqs: Uint32Array, precision: number): Uint8Array {
  if (freqs.length <= 1 || indices.length === 0) return new Uint8Array(0);
  const k = freqs.length;
  const cum = cumulative(freqs);
  const limit = new Float64Array(k);
  let estimateBits = 0;
  const cost = new Float64Array(k);
  for (let s = 0; s < k; s++) {
    limit[s] = (RANS_STATE_LOWER >>> precision) * 256 * freqs[s];
    cost[s] = precision - Math.log2(freqs[s]);
  }
  for (let i = 0; i < indices.length; i++) estimateBits += cost[indices[i]];
  let buffer = new Uint8Array(Math.ceil((estimateBits / 8) * 1.02) + 64);
  let p = buffer.length;
  let x = RANS_STATE_LOWER;
  for (let i = indices.length - 1; i >= 0; i--) {
    const s = indices[i];
    const f = freqs[s];
    const xMax = limit[s];
    while (x >= xMax) {
      if (p === 0) {
        const grown = new Uint8Array(buffer.length * 2);
        grown.set(buffer, buffer.length);
        p = buffer.length;
        buffer = grown;
      }
      buffer[--p] = x & 0xff;
      x >>>= 8;
    }
    const q = Math.floor(x / f);
    x = q * (1 << precision) + (x - q * f) + cum[s];
  }
  const out = new Uint8Array(4 + buffer.length - p);
  out[0] = x & 0xff;
  out[1] = (x >>> 8) & 0xff;
  out[2] = (x >>> 16) & 0xff;
  out[3] = (x >>> 24) & 0xff;
  out.set(buffer.subarray(p), 4);
  return out;
}

/**
 * Decodes exactly `count` symbol indices. Never throws on a corrupted payload: every slot belongs
 * to a table symbol, bytes past the end read as zero, and renormalization takes at most 4 bytes
 * per symbol, so a state driven to 0 by corruption cannot spin.
 */
export function ransDecode(payload: Uint8Array, freqs: Uint32Array, precision: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  if (freqs.length <= 1 || count === 0) return out;
  const cum = cumulative(freqs);
  const mask = (1 << precision) - 1;
  const slotSymbol = new Uint32Array(1 << precision);
  for (let s = 0; s < freqs.length; s++) slotSymbol.fill(s, cum[s], cum[s] + freqs[s]);
  const n = payload.length;
  let p = 0;
  let x = 0;
  for (let b = 0; b < 4; b++, p++) x += (p < n ? payload[p] : 0) * 2 ** (8 * b);
  for (let i = 0; i < count; i++) {
    const slot = x & mask;
    const s = slotSymbol[slot];
    out[i] = s;
    x = (freqs[s] * Math.floor(x / (mask + 1)) + slot - cum[s]) >>> 0;
    for (let r = 0; r < 4 && x < RANS_STATE_LOWER; r++, p++) x = ((x << 8) | (p < n ? payload[p] : 0)) >>> 0;
  }
  return out;
}

/**
 * Decoder memory in the layout `ransDecode` uses, as a microcontroller port would store it: a
 * slot → symbol table of M entries (1 byte per entry for K ≤ 256, 2 for K ≤ 65,536, else 4) and
 * per symbol (value, f, c) at 2 bytes each (4 above 16-bit precision).
 */
export function ransDecoderTableBytes(symbolCount: number, precision: number): number {
  if (symbolCount <= 1) return 0;
  const indexBytes = symbolCount <= 256 ? 1 : symbolCount <= 65_536 ? 2 : 4;
  const fieldBytes = precision <= 16 ? 2 : 4;
  return indexBytes * 2 ** precision + 3 * fieldBytes * symbolCount;
}
