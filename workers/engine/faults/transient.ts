/**
 * Transient (per-read) weight faults: at a low supply voltage a read can fail without the cell
 * being permanently bad (read upsets, marginal sense amplifiers; Chandramoorthy et al., HPCA 2019,
 * measure both kinds in the same arrays). Each inference then sees its own fault pattern, drawn at
 * the same BER(V), instead of one pattern for the chip's lifetime.
 *
 * Model: the test set is cut into blocks of TRANSIENT_BLOCK consecutive samples (aligned to the
 * global sample index) and every block gets an independent fault draw, keyed by (seed, block).
 * Per-inference redraws (a block of 1) would need one model rebuild per sample; with blocks, each
 * sample's fault pattern still has exactly the per-inference distribution, so the expected
 * accuracy is the same — only samples within one block share their faults, which makes the
 * seed-to-seed spread slightly larger than true per-inference draws would (the interval errs wide).
 * Block keys depend on the sample index only, so results do not depend on how a run is sharded.
 * Weights are read once per inference (weight-stationary reuse inside one inference is not split).
 */

import { UserError } from '../../../src-shared/errors.js';

/** Samples that share one transient fault draw. */
export const TRANSIENT_BLOCK = 16;

/** Blocks per seed before keys of neighbouring seeds would overlap (2^21 blocks = 33 M samples). */
const BLOCKS_PER_SEED = 2 ** 21;

/** Fault seed of one block: distinct for every (seed, block) pair, hashed apart by the fault streams. */
export function transientBlockSeed(seed: number, block: number): number {
  if (!Number.isInteger(seed) || Math.abs(seed) >= 2 ** 31) {
    throw new UserError('faults-seed', `Transient faults need a whole-number seed below 2^31 in magnitude; got ${seed}.`, { seed });
  }
  if (!Number.isInteger(block) || block < 0 || block >= BLOCKS_PER_SEED) {
    throw new UserError('faults-transient-block', `A test set of more than ${BLOCKS_PER_SEED * TRANSIENT_BLOCK} samples is too large for transient faults.`, { block });
  }
  return seed * BLOCKS_PER_SEED + block;
}

/** The block ranges [start, end) covering samples [start, end), cut at multiples of TRANSIENT_BLOCK. */
export function transientBlocks(start: number, end: number): { block: number; start: number; end: number }[] {
  const out: { block: number; start: number; end: number }[] = [];
  for (let s = start; s < end; ) {
    const block = Math.floor(s / TRANSIENT_BLOCK);
    const e = Math.min(end, (block + 1) * TRANSIENT_BLOCK);
    out.push({ block, start: s, end: e });
    s = e;
  }
  return out;
}
