/**
 * Uniform random sampling of distinct candidates: the baseline any smarter strategy must beat,
 * and the fallback that tops up the other strategies.
 *
 * Without replacement, uniformly over all subsets of size n, by Floyd's algorithm (Bentley &
 * Floyd, "Programming pearls: a sample of brilliance", CACM 30(9):754–757, 1987) on linear
 * indices: n draws and O(n) memory whatever the size of the space, so a 10^12-candidate space
 * costs the same as a small one. The subset is then shuffled, so any prefix of the result is
 * itself a uniform sample (a sweep stopped early is still unbiased).
 *
 * n ≥ the size of the space: every candidate is returned, once, in random order — asking for more
 * distinct points than exist is not an error, the caller just gets them all.
 * Spaces beyond 2^53 candidates (linear indices no longer exact): each axis is drawn independently
 * (uniform over the product) and repeats are redrawn; at n ≪ 2^53 a repeat almost never happens.
 */
import { InternalError } from '../../../../src-shared/errors.js';
import { candidateAt, candidateKey, gridSize, type Axis, type Candidate } from './index-space.js';
import { createRng, type Rng } from './seeded-rng.js';

/** n distinct candidates drawn uniformly without replacement (all of them if n ≥ the space). */
export function randomCandidates(axes: readonly Axis[], n: number, seed: number): Candidate[] {
  return randomCandidatesFrom(axes, n, createRng(seed));
}

/** As randomCandidates, drawing from an existing stream (so a strategy can keep one stream). */
export function randomCandidatesFrom(axes: readonly Axis[], n: number, rng: Rng): Candidate[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new InternalError('random-count', `The sample size must be a non-negative integer, not ${n}.`);
  const size = gridSize(axes);
  if (Number.isSafeInteger(size)) {
    const k = Math.min(n, size);
    // Floyd: for j = size − k … size − 1 draw t in [0, j]; take t, or j if t is already taken.
    const chosen = new Set<number>();
    for (let j = size - k; j < size; j++) {
      const t = rng.nextInt(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    return rng.shuffle([...chosen]).map((i) => candidateAt(i, axes));
  }
  const seen = new Set<string>();
  const out: Candidate[] = [];
  while (out.length < n) {
    const c = axes.map((a) => rng.nextInt(a.size));
    const key = candidateKey(c);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}
