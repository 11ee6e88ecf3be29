/**
 * Full factorial design: every candidate of the space, last axis fastest (the order of nested
 * loops over the axes as listed), so a partial grid run covers a clean prefix and a resumed run
 * can skip the first k. A generator, because a sweep's space can hold millions of candidates and
 * only the caller knows how many it will take.
 */
import { checkAxes, type Axis, type Candidate } from './index-space.js';

export { gridSize } from './index-space.js';

/** Every candidate in mixed-radix order, last axis fastest. No axes: one empty candidate. */
export function* gridCandidates(axes: readonly Axis[]): Generator<Candidate, void, undefined> {
  checkAxes(axes);
  const c = axes.map(() => 0);
  for (;;) {
    yield [...c];
    // Odometer increment: bump the last axis, carrying into earlier ones.
    let i = axes.length - 1;
    while (i >= 0 && ++c[i] === axes[i].size) {
      c[i] = 0;
      i--;
    }
    if (i < 0) return;
  }
}
