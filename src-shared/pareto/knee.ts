/**
 * Knee of a two-objective Pareto front: the design point where giving up a little of one objective
 * stops buying much of the other — the point the sweep report highlights as "the balanced choice".
 *
 * Definition used (Das, "On characterizing the 'knee' of the Pareto curve based on Normal-Boundary
 * Intersection", Structural Optimization 18:107–115, 1999): normalize each objective to [0, 1] over
 * the front, so that the two extremes sit at (0, 1) and (1, 0) in minimization orientation; the
 * line through them is Das's convex hull of individual minima (CHIM), here x + y = 1; the knee is
 * the front point farthest from it on the side of the ideal point (0, 0), i.e. with the largest
 * signed distance (1 − x − y)/√2. In 2-D this is also the maximum of Kneedle's difference curve
 * (Satopää, Albrecht, Irwin & Raghavan, "Finding a 'Kneedle' in a haystack: detecting knee points
 * in system behavior", ICDCS Workshops 2011, §III steps 1–3: normalize to the unit square, take
 * the difference to the diagonal, pick its maximum), which differs from the distance only by the
 * constant √2; Kneedle's online threshold is not needed for a finished front.
 *
 * Choices the papers leave open:
 *   - The input may be any set of points; the knee is taken over its Pareto front (NaN points are
 *     never on it), and the returned index refers to the input. No feasible point: −1.
 *   - Ties (distances within 1e-12 in normalized units) go to the point best on the first
 *     objective, then to the lowest index. So a one-point front returns that point, and a two-point
 *     front — where both points are extremes at distance 0 — returns the one best on the first
 *     objective (put the objective you care most about first, e.g. accuracy). A straight-line
 *     (or concave) front has no real knee; the same rule makes the answer deterministic.
 *   - An objective with zero span over the front (all equal) normalizes to 0.
 */
import { InternalError } from '../errors.js';
import { nonDominatedIndices } from './non-dominated-sort.js';
import { toMinimization, type ObjectiveVector, type Sense } from './objectives.js';

const TIE = 1e-12;

/** Index into `vectors` of the knee of their Pareto front; −1 when no point is feasible. */
export function kneePoint(vectors: readonly ObjectiveVector[], senses: readonly Sense[]): number {
  if (senses.length !== 2) {
    throw new InternalError('pareto-knee-arity', `The knee is defined here for 2 objectives, not ${senses.length}.`);
  }
  const front = nonDominatedIndices(vectors, senses);
  if (front.length === 0) return -1;
  const m = front.map((i) => toMinimization(vectors[i], senses));
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (const p of m) {
    for (let j = 0; j < 2; j++) {
      lo[j] = Math.min(lo[j], p[j]);
      hi[j] = Math.max(hi[j], p[j]);
    }
  }
  const norm = (v: number, j: number): number => (hi[j] > lo[j] ? (v - lo[j]) / (hi[j] - lo[j]) : 0);
  let best = -1;
  let bestDistance = -Infinity;
  let bestFirst = Infinity;
  for (let k = 0; k < front.length; k++) {
    const x = norm(m[k][0], 0);
    const y = norm(m[k][1], 1);
    const distance = (1 - x - y) / Math.SQRT2;
    const better = distance > bestDistance + TIE || (distance >= bestDistance - TIE && m[k][0] < bestFirst);
    // Equal distance and first objective: keep the earlier (lower) index, as `front` is ascending.
    if (better) {
      best = front[k];
      bestDistance = distance;
      bestFirst = m[k][0];
    }
  }
  return best;
}
