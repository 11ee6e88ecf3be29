/**
 * Dominance that respects measurement uncertainty.
 *
 * Accuracy in a sweep is an estimate: a Wilson interval on a finite test set, or a Student-t
 * interval over Monte-Carlo fault seeds (eval-result.ts). Two design points 0.2 points of accuracy
 * apart on 1 000 test images are statistically indistinguishable, and plain dominance would still
 * drop the "worse" one from the front. Here each objective value may carry an interval [lo, hi]
 * (deterministic metrics such as memory have lo = hi = value), and a dominates b only when the
 * intervals settle it: in every objective a's pessimistic bound is no worse than b's optimistic
 * bound, and in at least one it is strictly better. This is the strict interval order applied per
 * objective, the interval-valued Pareto dominance of imprecise multi-objective optimization (cf.
 * Limbourg & Aponte, "An optimization algorithm for imprecise multi-objective problem functions",
 * IEEE CEC 2005).
 *
 * Consequence used by the report: if a interval-dominates b then a dominates b on any values inside
 * the intervals (a ≥ a.lo ≥ b.hi ≥ b for a maximized objective, strictly somewhere), in particular
 * on the point estimates. So every point on the plain front is on the robust front: the robust
 * front is a superset that keeps the points the data cannot rule out. With zero-width intervals
 * the rule is exactly plain dominance.
 *
 * NaN in a value or a bound makes the point infeasible: it neither dominates nor is on a front.
 */
import { InternalError } from '../errors.js';
import { checkArity, checkSenses, sensesOf, type Objective, type Sense } from './objectives.js';

/** A closed interval known to contain an objective's true value (e.g. a 95 % confidence interval). */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** A point estimate with its interval. */
export interface UncertainValue extends Interval {
  readonly value: number;
}

/** A keyed point's objective field: a plain number (exact, lo = hi) or an estimate with its interval. */
export type MaybeUncertain = number | UncertainValue;

/** Whether a dominates b given the intervals of every objective (see the module comment). */
export function uncertainDominates(a: readonly Interval[], b: readonly Interval[], senses: readonly Sense[]): boolean {
  checkArity(a, senses);
  checkArity(b, senses);
  let strictly = false;
  for (let i = 0; i < senses.length; i++) {
    // Pessimistic bound of a against the optimistic bound of b.
    const [mine, theirs] = senses[i] === 'max' ? [a[i].lo, b[i].hi] : [-a[i].hi, -b[i].lo];
    if (!(mine >= theirs)) return false; // also refuses NaN
    if (mine > theirs) strictly = true;
  }
  return strictly;
}

/** The interval of a field: a number is exact; an estimate's interval is widened to contain it. */
export function toInterval(v: MaybeUncertain, where = 'value'): Interval {
  if (typeof v === 'number') return { lo: v, hi: v };
  if (typeof v !== 'object' || v === null || typeof v.value !== 'number' || typeof v.lo !== 'number' || typeof v.hi !== 'number') {
    throw new InternalError('pareto-field', `The ${where} is neither a number nor { value, lo, hi }.`);
  }
  if (Number.isNaN(v.value) || Number.isNaN(v.lo) || Number.isNaN(v.hi)) return { lo: NaN, hi: NaN };
  if (v.lo > v.hi) {
    throw new InternalError('pareto-interval', `The ${where} has lo ${v.lo} > hi ${v.hi}.`, { lo: v.lo, hi: v.hi });
  }
  // A bound computed separately from the estimate can miss it by a rounding error (a Wilson
  // interval at p̂ = 0 clamps to 0 but may round to 1e-17); widening keeps the superset property.
  return { lo: Math.min(v.lo, v.value), hi: Math.max(v.hi, v.value) };
}

/**
 * Indices (ascending) of the feasible interval vectors no other one interval-dominates. O(M·N²).
 */
export function robustNonDominatedIndices(intervals: readonly (readonly Interval[])[], senses: readonly Sense[]): number[] {
  checkSenses(senses);
  const feasible = intervals.map((v) => {
    checkArity(v, senses);
    return v.every((x) => !Number.isNaN(x.lo) && !Number.isNaN(x.hi));
  });
  const front: number[] = [];
  outer: for (let p = 0; p < intervals.length; p++) {
    if (!feasible[p]) continue;
    for (let q = 0; q < intervals.length; q++) {
      if (q !== p && feasible[q] && uncertainDominates(intervals[q], intervals[p], senses)) continue outer;
    }
    front.push(p);
  }
  return front;
}

/**
 * Indices (ascending) of the keyed points not interval-dominated by any other: a superset of
 * `paretoFront` on the point estimates. Fields may be plain numbers or `{ value, lo, hi }`.
 */
export function robustParetoFront<K extends string>(
  points: readonly Readonly<Record<K, MaybeUncertain>>[],
  objectives: readonly Objective<K>[],
): number[] {
  const intervals = points.map((p, i) => objectives.map((o) => toInterval(p[o.key], `field ${JSON.stringify(o.key)} of point ${i}`)));
  return robustNonDominatedIndices(intervals, sensesOf(objectives));
}
