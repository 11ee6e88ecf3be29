/**
 * Objectives of a multi-objective comparison and the one orientation the algorithms work in.
 *
 * A sweep compares design points on metrics with different senses: accuracy is maximized,
 * memory, energy and latency are minimized. Every algorithm in this folder (dominance, sorting,
 * hypervolume, knee) is written once, for minimization of every objective, and callers pass the
 * senses alongside; `toMinimization` negates the maximized objectives so that "smaller is better"
 * holds everywhere. Negation is exact in IEEE arithmetic, so no ordering or tie is changed.
 *
 * Two shapes of input are accepted across the folder:
 *   - vectors: `number[]` per point plus `Sense[]` (what the optimizer and the tests use);
 *   - keyed points: objects such as an eval summary `{ accuracy, weightBytes, … }` plus
 *     `Objective[]` naming the fields (what the sweep report uses); `objectiveVectors` turns the
 *     second into the first.
 */
import { InternalError } from '../errors.js';

export type Sense = 'max' | 'min';

export interface Objective<K extends string = string> {
  /** The field of a keyed point that holds this objective's value. */
  readonly key: K;
  readonly sense: Sense;
}

/** One objective vector (one value per objective, in the order of the senses). */
export type ObjectiveVector = readonly number[];

/** The senses of a list of objectives, in order. */
export function sensesOf(objectives: readonly Objective[]): Sense[] {
  return objectives.map((o) => o.sense);
}

/** Throws when a vector's length does not match the number of objectives (a caller bug). */
export function checkArity(vector: ArrayLike<unknown>, senses: readonly Sense[], what = 'objective vector'): void {
  if (vector.length !== senses.length) {
    throw new InternalError(
      'pareto-arity',
      `The ${what} has ${vector.length} values but there are ${senses.length} objectives.`,
      { length: vector.length, objectives: senses.length },
    );
  }
}

/** Throws when there are no objectives: dominance over zero objectives is meaningless. */
export function checkSenses(senses: readonly Sense[]): void {
  if (senses.length === 0) throw new InternalError('pareto-no-objectives', 'At least one objective is needed.');
  for (const s of senses) {
    if (s !== 'max' && s !== 'min') {
      throw new InternalError('pareto-sense', `Objective sense must be 'max' or 'min', not ${JSON.stringify(s)}.`);
    }
  }
}

/** The vector in "minimize everything" orientation: maximized objectives are negated. */
export function toMinimization(vector: ObjectiveVector, senses: readonly Sense[]): number[] {
  checkArity(vector, senses);
  return vector.map((v, i) => (senses[i] === 'max' ? -v : v));
}

/** Whether any value is NaN. Such a point is infeasible (a failed or unmeasurable evaluation). */
export function hasNaN(vector: ObjectiveVector): boolean {
  for (const v of vector) if (Number.isNaN(v)) return true;
  return false;
}

/**
 * The objective vectors of keyed points, in the order of `objectives`. A missing or non-numeric
 * field is a caller bug (InternalError); NaN is a legitimate value meaning "infeasible".
 */
export function objectiveVectors<K extends string>(
  points: readonly Readonly<Record<K, number>>[],
  objectives: readonly Objective<K>[],
): number[][] {
  return points.map((p, i) =>
    objectives.map((o) => {
      const v: unknown = p[o.key];
      if (typeof v !== 'number') {
        throw new InternalError('pareto-field', `Point ${i} has no numeric field ${JSON.stringify(o.key)}.`, { index: i, key: o.key });
      }
      return v;
    }),
  );
}
