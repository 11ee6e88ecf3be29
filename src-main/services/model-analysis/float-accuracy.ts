/**
 * The float accuracy of a project's model on its test split: the unquantized path of the engine
 * (no weight or activation bits, nominal voltage), evaluated on worker threads by the evaluation
 * service — exactly what `edgefront eval MODEL DATA` without deployment flags computes.
 */
import type { FloatAccuracy } from '../../../src-shared/api/model-analysis.js';
import { deployConfigSchema } from '../../../src-shared/deploy-config.js';
import { deployTargetSchema } from '../../../src-shared/deploy-target.js';
import { evaluateDesignPoint, type ContextRequest } from '../evaluation-service.js';

export interface FloatAccuracyJob {
  /** The project's model, dataset and calibration (project-evaluation.ts `contextRequestOf`). */
  readonly context: ContextRequest;
  /** First N test samples; null = the context's own limit. */
  readonly sampleLimit: number | null;
  readonly workers: number;
  readonly workerScript?: string;
  readonly signal?: AbortSignal;
}

export async function measureFloatAccuracy(job: FloatAccuracyJob): Promise<Omit<FloatAccuracy, 'cached'>> {
  const data = job.sampleLimit === null ? job.context.data : { ...job.context.data, limit: job.sampleLimit };
  const result = await evaluateDesignPoint(
    { ...job.context, data, config: deployConfigSchema.parse({}), target: deployTargetSchema.parse({ seeds: 1 }), workers: job.workers },
    { signal: job.signal },
    ...(job.workerScript !== undefined ? [job.workerScript] : []),
  );
  return { accuracy: result.accuracy, ci95: [result.accuracyCI95[0], result.accuracyCI95[1]], samples: result.samples, correct: result.correct, seconds: result.timing.seconds };
}
