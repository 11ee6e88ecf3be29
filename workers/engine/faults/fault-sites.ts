/**
 * Persistent, nested SRAM fault sites by geometric skip sampling.
 *
 * Model (Stutz et al., MLSys 2021; REFERENCE-FIGURES §2): every stored bit i of a region has
 * one uniform draw u_i ∈ [0, 1) per (seed, region), fixed for the life of the chip; at bit error
 * rate p the bit is faulty iff u_i < p. Lowering the voltage raises p and so only adds faults.
 *
 * Drawing u_i for every bit would cost O(nBits), and a region can hold 2^40 bits. Instead the
 * unit interval is cut into dyadic bands and only the bits whose u falls in the bands below p are
 * ever generated:
 *
 *   t_k = 2^−k,  k = 0 … K (K = 40);  band K is [0, t_K), band k < K is [t_{k+1}, t_k).
 *
 *   Level K:     over all nBits bits, select each independently with probability t_K (geometric
 *                skips at rate t_K); give each selected bit u = t_K·U, U ~ U[0, 1).
 *   Level k < K: over the bits not yet selected, select each independently with probability
 *                r_k = (t_k − t_{k+1}) / (1 − t_{k+1}) (geometric skips over that complement);
 *                give each selected bit u = t_{k+1}·(1 + U) ∈ [t_{k+1}, t_k).
 *
 * Why this is exactly "one uniform u per bit": each bit meets the levels in the same order and
 * each level's decision for it is an independent coin, so the bits are i.i.d. For one bit, by
 * induction from level K down, P(not selected by levels K … k+1) = 1 − t_{k+1}, hence
 *   P(u ∈ band k) = (1 − t_{k+1})·r_k = t_k − t_{k+1} = the band's length,
 * and within a band u is uniform; so u is uniform on [0, 1). (Level 0 has r_0 = 1: every bit left
 * gets a u in [1/2, 1), so the bands cover [0, 1) with total probability 1.)
 *
 * Why it is cheap and nested: after level k the selected set is exactly {i : u_i < t_k}. To answer
 * for p we run levels K, K−1, … down to the first k with t_k ≥ p and keep the bits with u < p.
 * Level k costs O(#selected so far + #new) ≈ nBits·2^−k, a geometric series, so the total is
 * O(nBits·p + K) — about 4·nBits·p at most. Level k reads only its own stream (seed, region, k)
 * and the deeper levels' output, neither of which depends on p, so u_i does not depend on p:
 * {i : u_i < p} ⊆ {i : u_i < p'} whenever p ≤ p'.
 *
 * Geometric skip (inversion of the geometric law; Devroye, "Non-Uniform Random Variate
 * Generation", 1986): the number of unselected positions before the next selected one at rate r
 * is G = ⌊ln U / ln(1 − r)⌋, U ~ U(0, 1), because P(G ≥ g) = P(U ≤ (1 − r)^g) = (1 − r)^g.
 */

import { InternalError, UserError } from '../../../src-shared/errors.js';
import { cellBit, createFaultStream, regionKey, seedWords } from './seeded-stream.js';

/** Deepest level: with ≤ 2^40 bits the deepest band holds ~1 site, so the floor costs nothing. */
export const DEEPEST_LEVEL = 40;
/** Largest region: bit indices stay exact integers in a double well below 2^53. */
export const MAX_REGION_BITS = 2 ** 48;

export interface FaultSites {
  /** Indices of the faulty bits, ascending. Float64 so regions beyond 2^32 bits work. */
  readonly bits: Float64Array;
  /** u of each faulty bit (all < p): the BER at which that bit starts failing. */
  readonly draws: Float64Array;
  /**
   * Sites generated on all levels run: the bits with u below the first band edge t ≥ p, so about
   * nBits·t < 2·nBits·p + nBits·2^−40. The work done is at most about twice this. Exposed so tests
   * can bound the cost without timing it.
   */
  readonly candidates: number;
}

/** Growable pair of parallel arrays (bit index, u). */
class SiteBuffer {
  bits: Float64Array;
  draws: Float64Array;
  length = 0;
  constructor(capacity: number) {
    const c = Math.max(16, Math.ceil(capacity));
    this.bits = new Float64Array(c);
    this.draws = new Float64Array(c);
  }
  push(bit: number, u: number): void {
    if (this.length === this.bits.length) {
      const bits = new Float64Array(this.bits.length * 2);
      const draws = new Float64Array(this.bits.length * 2);
      bits.set(this.bits);
      draws.set(this.draws);
      this.bits = bits;
      this.draws = draws;
    }
    this.bits[this.length] = bit;
    this.draws[this.length] = u;
    this.length++;
  }
}

function checkArguments(nBits: number, p: number, seed: number): void {
  if (!Number.isSafeInteger(nBits) || nBits < 0 || nBits > MAX_REGION_BITS) {
    throw new InternalError('faults-region-size', `A fault region must hold a whole number of bits in 0 … 2^48; got ${nBits}.`, { nBits });
  }
  if (!(p >= 0 && p <= 1)) throw new UserError('faults-ber', `A bit error rate must lie in [0, 1]; got ${p}.`, { ber: p });
  if (!Number.isSafeInteger(seed)) throw new UserError('faults-seed', `A fault seed must be a whole number; got ${seed}.`, { seed });
}

/**
 * ln(1 − r_k) for level k. 1 − t_k = 1 − 2^−k is exact in a double for k ≤ 52, and
 * 1 − r_k = (1 − t_k)/(1 − t_{k+1}), so this needs only Math.log of exact arguments (no log1p of a
 * rounded rate). Level K selects from all bits at rate t_K: ln(1 − t_K). Level 0: −∞ (r_0 = 1).
 */
function logKeep(k: number): number {
  const keep = (j: number) => Math.log(1 - 2 ** -j);
  return k === DEEPEST_LEVEL ? keep(k) : keep(k) - keep(k + 1);
}

/**
 * Runs level k: walks the complement of `prev` (sorted), selecting each position with rate r_k,
 * and returns prev ∪ new, still sorted, with the new sites' u in band k.
 */
function runLevel(prev: SiteBuffer, nBits: number, k: number, seed: number, region: string): SiteBuffer {
  const stream = createFaultStream(seed, region, k);
  const lnKeep = logKeep(k);
  const bandLow = 2 ** -(k + 1);
  const TWO_POW_M52 = 2 ** -52;
  const free = nBits - prev.length;
  const expected = k === DEEPEST_LEVEL ? nBits * 2 ** -k : free * (bandLow / (1 - bandLow));
  const out = new SiteBuffer(prev.length + expected * 1.1 + 64);
  let ptr = 0;
  let j = -1; // index, among the unselected positions, of the last position selected here
  for (;;) {
    // ln U < 0 and lnKeep < 0 (or −∞ at level 0, where the gap is then 0 for every position).
    j += 1 + Math.floor(Math.log(stream.nextOpen()) / lnKeep);
    if (j >= free) break;
    // Position of the j-th unselected bit: j plus the previously selected bits before it.
    let x = j + ptr;
    while (ptr < prev.length && prev.bits[ptr] <= x) {
      out.push(prev.bits[ptr], prev.draws[ptr]);
      ptr++;
      x = j + ptr;
    }
    const frac = stream.next52() * TWO_POW_M52; // in [0, 1), exact
    out.push(x, k === DEEPEST_LEVEL ? 2 * bandLow * frac : bandLow * (1 + frac));
  }
  for (; ptr < prev.length; ptr++) out.push(prev.bits[ptr], prev.draws[ptr]);
  return out;
}

/**
 * The faulty bits of a region of `nBits` stored bits at bit error rate `p`, for `seed`.
 * Deterministic in (nBits, seed, region), nested in p; see the module comment.
 */
export function faultSites(nBits: number, p: number, seed: number, region: string): FaultSites {
  checkArguments(nBits, p, seed);
  if (p === 0 || nBits === 0) return { bits: new Float64Array(0), draws: new Float64Array(0), candidates: 0 };
  let sites = new SiteBuffer(0);
  let candidates = 0;
  for (let k = DEEPEST_LEVEL; k >= 0; k--) {
    sites = runLevel(sites, nBits, k, seed, region);
    candidates = sites.length;
    if (2 ** -k >= p) break;
  }
  let kept = 0;
  for (let i = 0; i < sites.length; i++) if (sites.draws[i] < p) kept++;
  const bits = new Float64Array(kept);
  const draws = new Float64Array(kept);
  for (let i = 0, o = 0; i < sites.length; i++) {
    if (sites.draws[i] < p) {
      bits[o] = sites.bits[i];
      draws[o] = sites.draws[i];
      o++;
    }
  }
  return { bits, draws, candidates };
}

/**
 * Polarity of a stuck-at cell: 1 = stuck at 1, 0 = stuck at 0, each with probability 1/2 (the
 * NeuralFuse convention, REFERENCE-FIGURES §2). Depends only on (seed, region, bit index), so a
 * cell that fails at some voltage keeps the same polarity at every lower voltage.
 */
export function stuckAtValue(seed: number, region: string, bitIndex: number): 0 | 1 {
  return cellBit(seedWords(seed), regionKey(region), bitIndex);
}

/** stuckAtValue for many bits of one region without rehashing the region name each time. */
export function stuckAtValues(seed: number, region: string, bitIndices: Float64Array): Uint8Array {
  const s = seedWords(seed);
  const r = regionKey(region);
  const out = new Uint8Array(bitIndices.length);
  for (let i = 0; i < bitIndices.length; i++) out[i] = cellBit(s, r, bitIndices[i]);
  return out;
}
