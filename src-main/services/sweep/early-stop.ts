/**
 * Early stop of hopeless points (project `evaluation.earlyStop`): while a point is being evaluated,
 * after every batch, it is stopped when a finished point already beats it for sure — no more
 * weight memory, no more energy, and a 95 % lower accuracy bound above this point's upper bound.
 *
 * The upper bound is Wilson's score bound at a Bonferroni-corrected level: with K looks (one per
 * batch) each look uses α/K (α = 5 %, one-sided), so the chance that a point whose true accuracy
 * would have put it on the front is ever stopped is at most α, plus the chance that the finished
 * point's own 95 % interval is wrong (a group-sequential test in its simplest, conservative form;
 * Jennison & Turnbull, "Group Sequential Methods", 2000, ch. 2). No point is stopped before
 * `MIN_SAMPLES` samples. A stopped point keeps its estimate over the samples seen (`earlyStopped`,
 * `samples` in its result) and is dominated by construction, so the fronts are unaffected in
 * expectation; what is saved is the rest of its inference.
 */
import type { EvalResult } from '../../../src-shared/eval-result.js';
import { wilsonInterval } from '../../../src-shared/eval-result.js';
import { studentTQuantile } from '../../../workers/engine/faults/monte-carlo.js';

export const MIN_SAMPLES = 500;
const ALPHA = 0.05;

export interface FinishedPoint {
  readonly accuracyLow: number;
  readonly weightBytes: number;
  readonly energyJoules: number;
}

export function finishedPointOf(m: EvalResult): FinishedPoint {
  return { accuracyLow: m.accuracyCI95[0], weightBytes: m.memory.weightBytes, energyJoules: m.energy.perInferenceJoules };
}

/** The stop rule for one sweep: `looks` = batches per point (test samples / batch size). */
export function earlyStopRule(looks: number, finished: () => readonly FinishedPoint[]) {
  // Normal quantile at 1 − α/K (Student t with huge degrees of freedom is the normal).
  const z = studentTQuantile(1 - ALPHA / Math.max(1, looks), 1e9);
  return (costs: { readonly weightBytes: number; readonly energyJoules: number }, seen: { readonly correct: number; readonly count: number }): boolean => {
    if (seen.count < MIN_SAMPLES) return false;
    const upper = wilsonInterval(seen.correct, seen.count, z)[1];
    return finished().some((f) => f.weightBytes <= costs.weightBytes && f.energyJoules <= costs.energyJoules && f.accuracyLow > upper);
  };
}
