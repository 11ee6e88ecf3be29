/**
 * Non-dominated sorting and crowding distance, as defined for NSGA-II by Deb, Pratap, Agarwal &
 * Meyarivan, "A fast and elitist multiobjective genetic algorithm: NSGA-II", IEEE Transactions on
 * Evolutionary Computation 6(2):182–197, 2002, §III-A (fast-non-dominated-sort) and §III-B
 * (crowding-distance-assignment).
 *
 * Conventions (the paper leaves them open):
 *   - Fronts are arrays of indices into the input, each in ascending index order; front 0 is the
 *     Pareto front. Every index appears in exactly one front.
 *   - Duplicates (equal vectors) do not dominate each other, so they share a front.
 *   - A point with a NaN objective is infeasible: it is never on the Pareto front. The sort puts
 *     all such points in one extra front after the feasible ones (so an optimizer ranks them last,
 *     Deb 2000's "feasible beats infeasible" rule in its simplest form); `paretoFront` and
 *     `nonDominatedIndices` leave them out.
 *   - One objective is allowed: the fronts are then the distinct values in order of quality.
 */
import { compareMinimized } from './dominance.js';
import {
  checkArity,
  checkSenses,
  hasNaN,
  objectiveVectors,
  sensesOf,
  toMinimization,
  type Objective,
  type ObjectiveVector,
  type Sense,
} from './objectives.js';

/**
 * Deb's fast non-dominated sort: O(M·N²) comparisons, O(N²) memory for the domination lists.
 * Returns the fronts, best first; infeasible (NaN) points, if any, form the last front.
 */
export function nonDominatedSort(vectors: readonly ObjectiveVector[], senses: readonly Sense[]): number[][] {
  checkSenses(senses);
  const feasible: number[] = [];
  const infeasible: number[] = [];
  vectors.forEach((v, i) => {
    checkArity(v, senses);
    (hasNaN(v) ? infeasible : feasible).push(i);
  });
  const m = feasible.map((i) => toMinimization(vectors[i], senses));
  const n = feasible.length;
  // S_p (the points p dominates) and n_p (how many points dominate p), in positions of `feasible`.
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const dominatedBy = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      const c = compareMinimized(m[p], m[q]);
      if (c === 1) {
        dominated[p].push(q);
        dominatedBy[q]++;
      } else if (c === -1) {
        dominated[q].push(p);
        dominatedBy[p]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let p = 0; p < n; p++) if (dominatedBy[p] === 0) current.push(p);
  while (current.length > 0) {
    fronts.push(current.map((p) => feasible[p]).sort((a, b) => a - b));
    const next: number[] = [];
    for (const p of current) {
      for (const q of dominated[p]) {
        if (--dominatedBy[q] === 0) next.push(q);
      }
    }
    current = next;
  }
  if (infeasible.length > 0) fronts.push(infeasible);
  return fronts;
}

/**
 * Indices (ascending) of the feasible points no other point dominates: the first front, without
 * the domination lists of the full sort, so O(M·N²) time but O(N) memory — the sweep report calls
 * this on every evaluated point, which may be thousands.
 */
export function nonDominatedIndices(vectors: readonly ObjectiveVector[], senses: readonly Sense[]): number[] {
  checkSenses(senses);
  const m: (number[] | null)[] = vectors.map((v) => {
    checkArity(v, senses);
    return hasNaN(v) ? null : toMinimization(v, senses);
  });
  const front: number[] = [];
  outer: for (let p = 0; p < m.length; p++) {
    const mp = m[p];
    if (mp === null) continue;
    for (let q = 0; q < m.length; q++) {
      const mq = m[q];
      if (q !== p && mq !== null && compareMinimized(mq, mp) === 1) continue outer;
    }
    front.push(p);
  }
  return front;
}

/** Indices (ascending) of the keyed points on the Pareto front; NaN points are never on it. */
export function paretoFront<K extends string>(
  points: readonly Readonly<Record<K, number>>[],
  objectives: readonly Objective<K>[],
): number[] {
  return nonDominatedIndices(objectiveVectors(points, objectives), sensesOf(objectives));
}

/**
 * Crowding distance of the members of one front (Deb et al. 2002, §III-B): for each objective,
 * sort the front by it; the two boundary points get +∞ and every interior point adds the gap
 * between its two neighbours divided by the objective's span over the front. Returned in the order
 * of `front`. Senses do not matter (only absolute gaps are used).
 *
 * Conventions: fronts of one or two points are all +∞ (all boundary). An objective whose span over
 * the front is 0 or not finite (all equal, an infinite value, or NaN — the infeasible front) carries
 * no information about spacing and is skipped, boundaries included, rather than dividing by zero.
 * Ties are sorted by index, so the result is deterministic; as in the paper, of two duplicates at an
 * extreme only one gets +∞ (Fortin & Parizeau, GECCO 2013, discuss this; the optimizer never
 * evaluates a duplicate, so it does not arise there).
 */
export function crowdingDistance(vectors: readonly ObjectiveVector[], front: readonly number[]): number[] {
  const size = front.length;
  if (size <= 2) return front.map(() => Infinity);
  const distance = new Float64Array(size);
  const objectives = vectors[front[0]].length;
  const order = Array.from({ length: size }, (_, k) => k);
  for (let j = 0; j < objectives; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    let nan = false;
    for (const i of front) {
      const v = vectors[i][j];
      if (Number.isNaN(v)) nan = true;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo;
    if (nan || !Number.isFinite(span) || span <= 0) continue;
    order.sort((a, b) => vectors[front[a]][j] - vectors[front[b]][j] || front[a] - front[b]);
    distance[order[0]] = Infinity;
    distance[order[size - 1]] = Infinity;
    for (let k = 1; k < size - 1; k++) {
      distance[order[k]] += (vectors[front[order[k + 1]]][j] - vectors[front[order[k - 1]]][j]) / span;
    }
  }
  return Array.from(distance);
}
