/**
 * Latin hypercube sampling (McKay, Beckman & Conover, "A comparison of three methods for selecting
 * values of input variables in the analysis of output from a computer code", Technometrics
 * 21(2):239–245, 1979): each axis is cut into n equal-probability strata, every stratum of every
 * axis gets exactly one of the n samples, and the strata are paired across axes by independent
 * random permutations. With few samples it covers every axis's range evenly, which plain random
 * sampling does not — a good initial population for the optimizer and a cheap space-filling sweep.
 *
 * Discrete axes: an axis of s choices is the unit interval cut into s equal cells, choice j being
 * [j/s, (j+1)/s). Stratum k of n is [k/n, (k+1)/n); sampled uniformly and mapped to a choice, it
 * is the discrete analogue chosen here:
 *   - n ≤ s: stratum k owns the choices floor(k·s/n) … floor((k+1)·s/n) − 1 (at least one; the
 *     strata partition the choices), and one is drawn uniformly. So the i-th smallest index drawn
 *     on the axis lies in stratum i's range, and no two samples share an index on that axis.
 *   - n > s: strata are narrower than a choice; stratum k takes choice floor(k·s/n), so each
 *     choice is used floor(n/s) or ceil(n/s) times — as evenly as n samples allow.
 * Duplicate candidates (possible only when n exceeds every axis's size) are dropped, keeping the
 * first, so the result can be shorter than n; it is never longer than the space.
 */
import { InternalError } from '../../../../src-shared/errors.js';
import { candidateKey, checkAxes, type Axis, type Candidate } from './index-space.js';
import { createRng, type Rng } from './seeded-rng.js';

/** Up to n distinct candidates forming a Latin hypercube over the discrete axes. */
export function latinHypercube(axes: readonly Axis[], n: number, seed: number): Candidate[] {
  return latinHypercubeFrom(axes, n, createRng(seed));
}

/** As latinHypercube, drawing from an existing stream. */
export function latinHypercubeFrom(axes: readonly Axis[], n: number, rng: Rng): Candidate[] {
  checkAxes(axes);
  if (!Number.isSafeInteger(n) || n < 0) throw new InternalError('lhs-count', `The sample size must be a non-negative integer, not ${n}.`);
  const samples: Candidate[] = Array.from({ length: n }, () => new Array<number>(axes.length));
  axes.forEach((axis, d) => {
    const s = axis.size;
    const strata = rng.shuffle(Array.from({ length: n }, (_, k) => k));
    for (let i = 0; i < n; i++) {
      const k = strata[i];
      const lo = Math.floor((k * s) / n);
      const hi = Math.floor(((k + 1) * s) / n);
      samples[i][d] = hi > lo ? lo + rng.nextInt(hi - lo) : lo;
    }
  });
  const seen = new Set<string>();
  return samples.filter((c) => {
    const key = candidateKey(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
