/**
 * The Pareto front of the Explore chart's two axes, over the current (non-stale) plotted points.
 *
 * The shared `nonDominatedIndices` decides which points are on the front (its rules for ties,
 * duplicates and NaN are the ones the report and the optimizer use) but is O(N²): 20,000 points
 * would block the page for seconds. So a sort-and-sweep first drops the points that are clearly
 * dominated — after sorting by the first objective (best first, ties best-second-first), a point
 * can only be on the front if no earlier point is strictly better in the second objective — and
 * the shared function then runs on the few survivors. The sweep keeps a superset of the front, so
 * the answer is exactly the shared function's; the cost is one sort, O(N log N).
 */
import { nonDominatedIndices, type Sense } from '../../../src-shared/pareto/index.js';

export interface FrontInput {
  /** Objective values per point (NaN = not comparable, never on the front). */
  readonly a: ArrayLike<number>;
  readonly b: ArrayLike<number>;
  readonly senses: readonly [Sense, Sense];
}

/** Indices of the front, ordered along the first objective (best first). */
export function paretoFrontOf(input: FrontInput): number[] {
  const { a, b, senses } = input;
  // In "smaller is better" orientation.
  const sa = senses[0] === 'max' ? -1 : 1;
  const sb = senses[1] === 'max' ? -1 : 1;
  const order: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) order.push(i);
  order.sort((i, j) => sa * a[i] - sa * a[j] || sb * b[i] - sb * b[j] || i - j);
  const candidates: number[] = [];
  let best = Infinity;
  for (const i of order) {
    const v = sb * b[i];
    if (v <= best) {
      candidates.push(i);
      best = v;
    }
  }
  const vectors = candidates.map((i) => [a[i], b[i]]);
  return nonDominatedIndices(vectors, senses).map((k) => candidates[k]);
}
