/**
 * The index space the search strategies walk: a list of axes, each a finite list of choices
 * referred to by index (bit widths [2, 4, 8], pruning ratios [0, 0.5, 0.9], voltages …); a
 * candidate is one index per axis. The strategies never see what the choices mean, so the same
 * code searches any sweep; the sweep maps the project's design space (src-shared/design-space.ts)
 * onto axes and maps indices back to configurations.
 *
 * Order: candidates are numbered in mixed radix with the last axis fastest (row-major, like nested
 * loops over the axes in order), the order of the grid strategy and of linear indices here.
 */
import { InternalError } from '../../../../src-shared/errors.js';

export interface Axis {
  readonly name: string;
  /** Number of choices; a positive integer. */
  readonly size: number;
}

/** One index per axis, each in [0, axis.size). */
export type Candidate = number[];

/** Throws on an axis without choices or with a non-integer size (a bug in the sweep builder). */
export function checkAxes(axes: readonly Axis[]): void {
  const names = new Set<string>();
  for (const axis of axes) {
    if (!Number.isSafeInteger(axis.size) || axis.size < 1) {
      throw new InternalError('space-axis-size', `Axis ${JSON.stringify(axis.name)} has size ${axis.size}; it needs at least one choice.`);
    }
    if (names.has(axis.name)) throw new InternalError('space-axis-name', `Axis ${JSON.stringify(axis.name)} appears twice.`);
    names.add(axis.name);
  }
}

/**
 * Number of candidates: the product of the axis sizes (1 for no axes: the single empty choice).
 * Exact up to 2^53; above that it is the nearest double (only ever compared, never enumerated).
 */
export function gridSize(axes: readonly Axis[]): number {
  checkAxes(axes);
  return axes.reduce((n, a) => n * a.size, 1);
}

/** Throws unless `c` is a candidate of the space (right length, integer indices in range). */
export function checkCandidate(c: readonly number[], axes: readonly Axis[]): void {
  if (c.length !== axes.length) {
    throw new InternalError('space-candidate', `A candidate has ${c.length} indices but the space has ${axes.length} axes.`, { candidate: [...c] });
  }
  for (let i = 0; i < c.length; i++) {
    if (!Number.isInteger(c[i]) || c[i] < 0 || c[i] >= axes[i].size) {
      throw new InternalError('space-candidate', `Index ${c[i]} is out of range for axis ${JSON.stringify(axes[i].name)} (size ${axes[i].size}).`, { candidate: [...c] });
    }
  }
}

/** A string key identifying a candidate, for sets of seen candidates. */
export function candidateKey(c: readonly number[]): string {
  return c.join(',');
}

/** The candidate at a linear index (last axis fastest); index in [0, gridSize) and gridSize ≤ 2^53. */
export function candidateAt(index: number, axes: readonly Axis[]): Candidate {
  const c = new Array<number>(axes.length);
  let rest = index;
  for (let i = axes.length - 1; i >= 0; i--) {
    const s = axes[i].size;
    c[i] = rest % s;
    rest = Math.floor(rest / s);
  }
  return c;
}

/** The linear index of a candidate (inverse of candidateAt). */
export function linearIndex(c: readonly number[], axes: readonly Axis[]): number {
  let index = 0;
  for (let i = 0; i < axes.length; i++) index = index * axes[i].size + c[i];
  return index;
}
