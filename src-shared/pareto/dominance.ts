/**
 * Pareto dominance (Pareto 1896; as used by Deb et al., "A fast and elitist multiobjective genetic
 * algorithm: NSGA-II", IEEE TEC 6(2), 2002, §II): a dominates b when a is no worse than b in every
 * objective and strictly better in at least one.
 *
 * NaN: every comparison with NaN is false, so a vector with a NaN value neither dominates nor is
 * dominated by anything here. The sort (non-dominated-sort.ts) does not rely on that: it takes
 * NaN points out first and ranks them after every feasible point.
 */
import { checkArity, type ObjectiveVector, type Sense } from './objectives.js';

/** Whether a dominates b under the given senses. */
export function dominates(a: ObjectiveVector, b: ObjectiveVector, senses: readonly Sense[]): boolean {
  checkArity(a, senses);
  checkArity(b, senses);
  let strictly = false;
  for (let i = 0; i < senses.length; i++) {
    const x = a[i];
    const y = b[i];
    // Written as "not no-worse" rather than "worse" so that NaN (all comparisons false) refuses.
    if (senses[i] === 'max' ? !(x >= y) : !(x <= y)) return false;
    if (x !== y) strictly = true;
  }
  return strictly;
}

/**
 * Dominance of two vectors already in minimization orientation (see toMinimization), in one pass:
 * 1 when a dominates b, −1 when b dominates a, 0 otherwise (equal, incomparable, or NaN involved).
 * The sort calls this n² / 2 times, so it skips the arity checks.
 */
export function compareMinimized(a: ObjectiveVector, b: ObjectiveVector): -1 | 0 | 1 {
  let aBetter = false;
  let bBetter = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x < y) aBetter = true;
    else if (y < x) bBetter = true;
    else if (x !== y) return 0; // NaN
    if (aBetter && bBetter) return 0;
  }
  if (aBetter) return 1;
  if (bBetter) return -1;
  return 0;
}
