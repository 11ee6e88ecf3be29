/**
 * Exact hypervolume indicator (Zitzler & Thiele, "Multiobjective optimization using evolutionary
 * algorithms — a comparative case study", PPSN V, 1998): the measure of the region dominated by a
 * set of points and bounded by a reference point. The sweep uses it to score a front with one
 * number ("NSGA-II reached 97 % of the grid front's hypervolume"), so it must be exact, not a
 * Monte-Carlo estimate.
 *
 * In minimization orientation each point p with p < r in every objective dominates the box
 * [p, r]; the hypervolume is the volume of the union of those boxes. A point that is not strictly
 * better than the reference in every objective spans a box of zero or negative extent and adds
 * nothing; NaN points add nothing either.
 *
 *   1-D: r − min p.
 *   2-D: sort by the first objective and sweep, adding the strip each point adds below the best
 *        second objective seen so far: O(n log n).
 *   ≥3-D: HSO, "Hypervolume by Slicing Objectives" (While, Hingston, Barone & Huband, "A faster
 *        algorithm for calculating hypervolume", IEEE TEC 10(1):29–38, 2006): sort by the last
 *        objective; between consecutive values z_i < z_{i+1} (the last slab ends at the reference)
 *        the union's cross-section is constant and equals the (d−1)-D hypervolume of the points
 *        with last objective ≤ z_i, so the volume is Σ (z_{i+1} − z_i)·HV_{d−1}. O(n^{d−1} log n):
 *        for 3-D and a few hundred points that is well under a second, and it is exact.
 */
import { InternalError } from '../errors.js';
import { checkArity, checkSenses, hasNaN, toMinimization, type ObjectiveVector, type Sense } from './objectives.js';

/**
 * Hypervolume of `vectors` with respect to `reference`, both in the caller's orientation (a
 * maximized objective's reference is a lower bound, e.g. accuracy 0; a minimized one's an upper
 * bound, e.g. the largest memory considered).
 */
export function hypervolume(vectors: readonly ObjectiveVector[], senses: readonly Sense[], reference: ObjectiveVector): number {
  checkSenses(senses);
  checkArity(reference, senses, 'reference point');
  if (reference.some((v) => !Number.isFinite(v))) {
    throw new InternalError('pareto-reference', `The hypervolume reference point must be finite, not [${reference.join(', ')}].`);
  }
  const ref = toMinimization(reference, senses);
  const points: number[][] = [];
  for (const v of vectors) {
    checkArity(v, senses);
    if (hasNaN(v)) continue;
    const m = toMinimization(v, senses);
    if (m.every((x, i) => x < ref[i])) points.push(m);
  }
  return hvMinimized(points, ref, senses.length);
}

/** Hypervolume of points (all strictly inside the reference box) over their first d coordinates. */
function hvMinimized(points: readonly (readonly number[])[], ref: readonly number[], d: number): number {
  const n = points.length;
  if (n === 0) return 0;
  if (d === 1) {
    let best = Infinity;
    for (const p of points) if (p[0] < best) best = p[0];
    return ref[0] - best;
  }
  if (d === 2) {
    const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let area = 0;
    let yBest = ref[1];
    for (const p of sorted) {
      if (p[1] < yBest) {
        area += (ref[0] - p[0]) * (yBest - p[1]);
        yBest = p[1];
      }
    }
    return area;
  }
  const last = d - 1;
  const sorted = [...points].sort((a, b) => a[last] - b[last]);
  let volume = 0;
  for (let i = 0; i < n; i++) {
    const upper = i + 1 < n ? sorted[i + 1][last] : ref[last];
    const depth = upper - sorted[i][last];
    // Points tied on the last objective share a slab: only the last of them measures it.
    if (depth > 0) volume += depth * hvMinimized(sorted.slice(0, i + 1), ref, last);
  }
  return volume;
}
