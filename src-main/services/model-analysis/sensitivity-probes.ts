/**
 * The Model view's "Measure sensitivity": each weight layer's accuracy drop at each narrower
 * weight width, every other layer at the widest width — the probes of the sensitivity strategy
 * (built by sweep/sensitivity.ts's `sensitivityProbes`, as the sensitivity strategy builds them), evaluated on a worker pool
 * in prefix-sharing groups (sweep/prefix-groups.ts) without writing anything into the project.
 * Measured at nominal voltage with one seed, so the drops are quantization's alone.
 */
import type { SensitivityHeatmap } from '../../../src-shared/api/model-analysis.js';
import type { EvalResult } from '../../../src-shared/eval-result.js';
import { defaultWorkerScript, evaluateGroupOnPool, evaluateOnPool, openEvaluationContext, type ContextRequest } from '../evaluation-service.js';
import type { DesignPoint, Job } from '../sweep/design-points.js';
import { groupLength } from '../sweep/prefix-groups.js';
import { sensitivityProbes, sensitivityReference, sensitivityWidths } from '../sweep/sensitivity.js';
import { WorkerPool } from '../worker-pool.js';

export interface SensitivityJob {
  readonly context: ContextRequest;
  /** The project's base point (design space base, no axes). */
  readonly base: DesignPoint;
  /** Distinct weight widths; the widest is the reference. */
  readonly widths: readonly number[];
  /** First N test samples; null = the context's own limit. */
  readonly sampleLimit: number | null;
  readonly workers: number;
  readonly workerScript?: string;
  readonly signal?: AbortSignal;
  /** Points evaluated so far, of `total` (known once the reference has named the weight layers). */
  readonly onProgress?: (done: number, total: number) => void;
}

export async function measureSensitivity(job: SensitivityJob): Promise<SensitivityHeatmap> {
  const widths = sensitivityWidths(job.widths);
  const top = widths[0];
  const base: DesignPoint = { config: job.base.config, target: { ...job.base.target, vdd: null, seeds: 1 } };
  const data = job.sampleLimit === null ? job.context.data : { ...job.context.data, limit: job.sampleLimit };
  const ctx = await openEvaluationContext({ ...job.context, data });
  const pool = new WorkerPool({ workerScript: job.workerScript ?? defaultWorkerScript(), size: Math.max(1, job.workers) });
  // One task per point, so a group of points stays on one worker and shares its prefix.
  const shardSize = ctx.data.count;
  try {
    job.onProgress?.(0, 1);
    const ref = await evaluateOnPool(ctx, pool, { ...sensitivityReference(base, widths), shardSize }, { signal: job.signal });
    const layers = ref.layers.filter((l) => l.bits !== null).map((l) => l.name);
    const probes = sensitivityProbes(base, widths, layers);
    const total = 1 + probes.length;
    let done = 1;
    job.onProgress?.(done, total);
    const jobs = probes.map((p): Job => ({ point: p.point, label: `${p.layer} w${p.bits}` }));
    const groups: [number, number][] = [];
    for (let from = 0; from < jobs.length; ) {
      const n = groupLength(jobs, from, pool.size);
      groups.push([from, n]);
      from += n;
    }
    const results: EvalResult[] = new Array(jobs.length);
    await Promise.all(
      groups.map(async ([from, n]) => {
        const points = jobs.slice(from, from + n).map((j) => ({ ...j.point, shardSize }));
        const out = await evaluateGroupOnPool(ctx, pool, points, { signal: job.signal });
        out.results.forEach((r, i) => (results[from + i] = r));
        done += n;
        job.onProgress?.(done, total);
      }),
    );
    return {
      source: 'measured',
      referenceBits: top,
      referenceAccuracy: ref.accuracy,
      widths,
      layers: layers.map((name) => ({
        name,
        drops: widths.map((bits) => {
          if (bits === top) return 0;
          const i = probes.findIndex((p) => p.layer === name && p.bits === bits);
          return ref.accuracy - results[i].accuracy;
        }),
      })),
      samples: ref.samples,
    };
  } finally {
    await pool.close();
  }
}
