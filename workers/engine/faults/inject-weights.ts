/**
 * Deterministic SRAM fault injection into stored quantized weights (and into raw byte payloads).
 *
 * What sits in memory, per quantizer (docs/faults.md, "Stored representation"):
 *  - uniform levels with negatives (symmetric, HEQ weights): the level as a b-bit two's-complement
 *    word, sign bit included. A flip can produce a level outside the table (−128 from a narrow
 *    8-bit grid): the hardware computes with whatever it reads, so that level is kept;
 *  - uniform levels all ≥ 0 (asymmetric, HEQ activations): the level as an unsigned b-bit word.
 *    Stutz et al. (MLSys 2021) show asymmetric ranges must be stored this way, not as signed codes;
 *  - non-uniform levels (pow2, ternary, binary): the storage code index as an unsigned b-bit word.
 *    ASSUMPTION: a word that is not a valid index (≥ levels.length) is read by a decoder that
 *    saturates, i.e. as the nearest valid index, levels.length − 1.
 * Words are packed densely: word i holds bits [i·b, (i+1)·b) of the region; bit j of a word is
 * bit i·b + j, j = 0 the LSB and j = b − 1 the MSB (sign).
 *
 * Faults are i.i.d. per stored bit, persistent and nested in the BER (fault-sites.ts), into the
 * integer representation, 0→1 and 1→0 alike (Stutz et al.; Reagen et al., "Ares", DAC 2018).
 */

import { InternalError, UserError } from '../../../src-shared/errors.js';
import type { QuantParams } from '../quant/types.js';
import { faultSites, stuckAtValues } from './fault-sites.js';

export type FaultMode = 'flip' | 'stuck-at';

export interface FaultSpec {
  /** Probability that a stored bit is faulty, 0 … 1. */
  readonly ber: number;
  /** Chip instance: the same seed gives the same faulty cells on every machine. */
  readonly seed: number;
  /** 'flip': a faulty bit reads inverted. 'stuck-at': it reads a fixed 0 or 1 (half each). */
  readonly mode: FaultMode;
  /** Top bits of each word that never fail (ECC-protected or hardened cells). */
  readonly protectMsb: number;
}

export type WordEncoding = 'twos-complement' | 'unsigned' | 'index';

export interface WeightFaultResult {
  /** Level (integer value the hardware multiplies) of every weight after faults; same layout as codes. */
  readonly levels: Int32Array;
  /** Faulty cells in unprotected bit positions (each one a flip, or a stuck cell). */
  readonly faultyBits: number;
  /** Bits whose stored value actually changed (stuck-at on a cell already holding that value changes nothing). */
  readonly changedBits: number;
  /** Weights whose level differs from the fault-free one. */
  readonly changedWeights: number;
  /** Faulty cells that fell in protected MSB positions and were masked. */
  readonly protectedFaults: number;
}

/** Widest word handled: words are manipulated as 32-bit integers with room for the sign. */
const MAX_WORD_BITS = 30;

/** How a quantizer's values are laid out as words in memory (see the module comment). */
export function storedWordEncoding(params: QuantParams): WordEncoding {
  switch (params.kind) {
    case 'pow2':
    case 'ternary':
    case 'binary':
      return 'index';
    case 'symmetric':
    case 'asymmetric':
    case 'heq':
      if (params.levels.length === 0) throw new InternalError('faults-params', `A ${params.kind} quantizer has no levels.`);
      return params.levels[0] < 0 ? 'twos-complement' : 'unsigned';
    default:
      throw new InternalError('faults-params', `Unknown quantizer kind ${String((params as { kind: unknown }).kind)}.`);
  }
}

function checkSpec(spec: Omit<FaultSpec, 'protectMsb'>): void {
  if (!(spec.ber >= 0 && spec.ber <= 1)) {
    throw new UserError('faults-ber', `A bit error rate must lie in [0, 1] (a fraction, not a percentage); got ${spec.ber}.`, { ber: spec.ber });
  }
  if (!Number.isSafeInteger(spec.seed)) throw new UserError('faults-seed', `A fault seed must be a whole number; got ${spec.seed}.`, { seed: spec.seed });
  if (spec.mode !== 'flip' && spec.mode !== 'stuck-at') {
    throw new UserError('faults-mode', `The fault mode must be 'flip' or 'stuck-at'; got '${String(spec.mode)}'.`, { mode: spec.mode });
  }
}

function checkParams(params: QuantParams, encoding: WordEncoding): void {
  const b = params.bits;
  if (!Number.isInteger(b) || b < 1 || b > MAX_WORD_BITS) {
    throw new InternalError('faults-params', `Fault injection handles 1 … ${MAX_WORD_BITS}-bit words; the ${params.kind} quantizer has ${b} bits.`, { bits: b });
  }
  const levels = params.levels;
  const [lo, hi] =
    encoding === 'twos-complement' ? [-(2 ** (b - 1)), 2 ** (b - 1) - 1] : encoding === 'unsigned' ? [0, 2 ** b - 1] : [-Infinity, Infinity];
  if (encoding === 'index' ? levels.length > 2 ** b : levels[0] < lo || levels[levels.length - 1] > hi) {
    throw new InternalError('faults-params', `The ${params.kind} quantizer's levels do not fit its ${b}-bit ${encoding} words.`, {
      bits: b,
      levels: levels.length,
    });
  }
}

/**
 * Applies `spec`'s faults to the weights of one memory region (`region` names it, e.g.
 * "conv1.weight"; different regions get independent faults). With ber = 0 the result is exactly
 * levels[codes[i]]. Fault sites are drawn over all bits, protected ones included, and protected
 * ones are then ignored, so changing protectMsb never moves the other faults.
 */
export function injectWeightFaults(codes: Int32Array, params: QuantParams, spec: FaultSpec, region: string): WeightFaultResult {
  checkSpec(spec);
  const encoding = storedWordEncoding(params);
  checkParams(params, encoding);
  const b = params.bits;
  if (!Number.isInteger(spec.protectMsb) || spec.protectMsb < 0 || spec.protectMsb > b) {
    throw new UserError('faults-protect', `protectMsb must be a whole number of bits in 0 … ${b} for ${b}-bit weights; got ${spec.protectMsb}.`, {
      protectMsb: spec.protectMsb,
      bits: b,
    });
  }
  const table = params.levels;
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (!(c >= 0 && c < table.length)) {
      throw new InternalError('faults-codes', `Storage code ${c} at weight ${i} is outside 0 … ${table.length - 1}.`, { index: i, code: c });
    }
    out[i] = table[c];
  }

  const sites = faultSites(codes.length * b, spec.ber, spec.seed, region);
  const polarity = spec.mode === 'stuck-at' ? stuckAtValues(spec.seed, region, sites.bits) : null;
  const firstProtected = b - spec.protectMsb;
  const mask = (1 << b) - 1;
  const shift = 32 - b;
  const encode = (w: number): number => (encoding === 'index' ? codes[w] : out[w] & mask);
  const decode = (word: number): number =>
    encoding === 'twos-complement' ? (word << shift) >> shift : encoding === 'unsigned' ? word : table[Math.min(word, table.length - 1)];

  let faultyBits = 0;
  let changedBits = 0;
  let changedWeights = 0;
  let protectedFaults = 0;
  let current = -1; // word being edited
  let original = 0;
  let word = 0;
  const finish = () => {
    if (current < 0 || word === original) return;
    const level = decode(word);
    if (level !== out[current]) {
      out[current] = level;
      changedWeights++;
    }
  };
  for (let s = 0; s < sites.bits.length; s++) {
    const bit = sites.bits[s];
    const w = Math.floor(bit / b);
    const j = bit - w * b;
    if (j >= firstProtected) {
      protectedFaults++;
      continue;
    }
    faultyBits++;
    if (w !== current) {
      finish();
      current = w;
      original = word = encode(w);
    }
    const held = (word >>> j) & 1;
    const target = polarity ? polarity[s] : held ^ 1;
    if (target !== held) {
      word ^= 1 << j;
      changedBits++;
    }
  }
  finish();
  return { levels: out, faultyBits, changedBits, changedWeights, protectedFaults };
}

/** Flips/sticks bits of a byte range in place (bit index = 8·byte + bit, LSB first), for entropy-coded payloads; returns counts. */
export function injectByteFaults(bytes: Uint8Array, spec: Omit<FaultSpec, 'protectMsb'>, region: string): { faultyBits: number; changedBits: number } {
  checkSpec(spec);
  const sites = faultSites(bytes.length * 8, spec.ber, spec.seed, region);
  const polarity = spec.mode === 'stuck-at' ? stuckAtValues(spec.seed, region, sites.bits) : null;
  let changedBits = 0;
  for (let s = 0; s < sites.bits.length; s++) {
    const bit = sites.bits[s];
    const i = Math.floor(bit / 8);
    const j = bit - i * 8;
    const held = (bytes[i] >>> j) & 1;
    const target = polarity ? polarity[s] : held ^ 1;
    if (target !== held) {
      bytes[i] ^= 1 << j;
      changedBits++;
    }
  }
  return { faultyBits: sites.bits.length, changedBits };
}
