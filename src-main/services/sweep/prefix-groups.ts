/**
 * Which design points of a sweep batch go to a worker together, so that the network prefix they
 * share is computed once (the `evaluate-group` task, workers/engine/exec/shared-prefix.ts).
 *
 * Points are grouped when they differ only in per-layer overrides: same global settings, same
 * target. That is where sharing happens (sensitivity probes, per-layer bit allocations, per-layer
 * grid axes); the worker finds the actual shared steps itself from the deployed graphs, so a
 * group without any sharing costs nothing extra beyond coarser scheduling. Consecutive points of
 * a batch are grouped, up to an even share of the batch per worker so every worker stays busy.
 */
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import type { Job } from './design-points.js';

/**
 * Most points in one group: one sensitivity probe per layer of a mid-sized network (the demo CNN
 * has 10 weight layers), few enough that progress is still reported often.
 */
export const MAX_GROUP = 12;

/** Points with equal keys differ at most in their per-layer overrides. */
export function groupKeyOf(job: Job): string {
  return canonicalJson({ config: { ...job.point.config, layers: {} }, target: job.point.target });
}

/**
 * How many jobs from `from` on form the next group: consecutive jobs with the first one's key, at
 * most MAX_GROUP and at most an even share of what is left for `workers` lanes (at least 1).
 */
export function groupLength(batch: readonly Job[], from: number, workers: number): number {
  const limit = Math.min(MAX_GROUP, Math.ceil((batch.length - from) / Math.max(1, workers)));
  const key = groupKeyOf(batch[from]);
  let n = 1;
  while (n < limit && from + n < batch.length && groupKeyOf(batch[from + n]) === key) n++;
  return n;
}
