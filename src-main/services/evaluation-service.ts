/**
 * Evaluates one design point: loads the model and dataset once, checks they fit, picks the
 * calibration set, shards the test samples over the worker pool and assembles the `EvalResult`.
 * Knows nothing of the CLI or Electron: the CLI, the sweep orchestrator and the GUI all call it.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src-shared/errors.js';
import type { DeployConfig } from '../../src-shared/deploy-config.js';
import { wilsonInterval, type EvalResult } from '../../src-shared/eval-result.js';
import { checkDatasetFitsModel, loadDataset, toSharedMessage, type DatasetSpec, type SharedDataset } from '../../workers/data/dataset.js';
import { buildIr } from '../../workers/engine/ir/build-ir.js';
import { readOnnxModelFile } from '../../workers/engine/onnx/read-model.js';
import type { EvaluatePayload, EvaluateResult } from '../../workers/tasks/evaluate-task.js';
import { WorkerPool } from './worker-pool.js';

export interface EvalRequest {
  readonly modelPath: string;
  readonly data: DatasetSpec;
  /** Calibration set; when absent the first `calibSize` samples of the data are used. */
  readonly calib?: DatasetSpec;
  readonly calibSize: number;
  readonly config: DeployConfig;
  readonly seeds: number;
  readonly workers: number;
  readonly batchSize?: number;
}

export interface EvalCallbacks {
  readonly onNotice?: (message: string) => void;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** dist/worker.js beside the bundled CLI (the services are bundled into dist/cli.js). */
export function defaultWorkerScript(): string {
  return fileURLToPath(new URL('./worker.js', import.meta.url));
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const SHARD = 500;

/** Whether any weight or activation is quantized (else the result is reported as float). */
function isQuantized(config: DeployConfig): boolean {
  return (
    config.weightBits !== null ||
    config.activationBits !== null ||
    Object.values(config.layers).some((l) => l.weightBits != null || l.activationBits != null)
  );
}

export async function evaluateDesignPoint(
  request: EvalRequest,
  callbacks: EvalCallbacks = {},
  workerScript = defaultWorkerScript(),
): Promise<EvalResult> {
  const started = performance.now();
  const graph = buildIr(await readOnnxModelFile(request.modelPath));
  if (graph.inputs.length !== 1) {
    throw new UserError(
      'model-inputs',
      `${request.modelPath} has ${graph.inputs.length} inputs (${graph.inputs.map((i) => i.name).join(', ')}); evaluation on a labelled dataset needs a model with one input. Use \`edgefront run\` for multi-input models.`,
    );
  }
  const input = graph.inputs[0];
  const sampleDims = (input.dims ?? []).slice(1).map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const modelInput = { dims: sampleDims };
  const data = await loadDataset(request.data, modelInput);
  checkDatasetFitsModel(data, input.name, input.dims ?? []);

  let calibration: SharedDataset | null = null;
  let calibSource: string | null = null;
  const needsCalibration = request.config.activationBits !== null || Object.values(request.config.layers).some((l) => l.activationBits != null);
  if (needsCalibration) {
    if (request.calib) {
      calibration = await loadDataset({ ...request.calib, limit: request.calib.limit ?? request.calibSize }, modelInput);
      checkDatasetFitsModel(calibration, input.name, input.dims ?? []);
      calibSource = calibration.source;
    } else {
      calibration = await loadDataset({ ...request.data, limit: Math.min(request.calibSize, data.count), offset: request.data.offset }, modelInput);
      calibSource = `${data.source} (first ${calibration.count} samples)`;
      callbacks.onNotice?.(
        `Calibrating activation ranges on the first ${calibration.count} samples of the evaluation data (${data.source}): the test data is being used for calibration. Pass --calib FILE for a separate calibration set.`,
      );
    }
  }

  const workers = Math.max(1, Math.min(request.workers, Math.ceil(data.count / SHARD)));
  const pool = new WorkerPool({ workerScript, size: workers });
  const datasetMessage = toSharedMessage(data);
  const calibMessage = calibration ? toSharedMessage(calibration) : null;
  const shards: { start: number; count: number }[] = [];
  for (let s = 0; s < data.count; s += SHARD) shards.push({ start: s, count: Math.min(SHARD, data.count - s) });
  let done = 0;
  try {
    const results = await Promise.all(
      shards.map((shard, i) => {
        const payload: EvaluatePayload = {
          modelPath: request.modelPath,
          config: request.config,
          dataset: datasetMessage,
          calibration: calibMessage,
          start: shard.start,
          count: shard.count,
          batchSize: request.batchSize ?? 100,
          wantReport: i === 0,
        };
        return pool
          .run<EvaluateResult>('evaluate', payload, { signal: callbacks.signal })
          .then((r) => {
            done += r.count;
            callbacks.onProgress?.(done, data.count);
            return r;
          });
      }),
    );
    const correct = results.reduce((a, r) => a + r.correct, 0);
    const report = results[0].report!;
    const params = report.layers.reduce((a, l) => a + l.params, 0);
    const weightBytes = report.layers.reduce((a, l) => a + l.codedBytes, 0);
    const seconds = (performance.now() - started) / 1000;
    const mode = !isQuantized(request.config) ? 'float' : request.config.mode;
    return {
      model: request.modelPath,
      dataset: data.source,
      accuracy: correct / data.count,
      samples: data.count,
      correct,
      accuracyCI95: wilsonInterval(correct, data.count),
      seeds: request.seeds,
      mode,
      config: request.config as unknown as Record<string, unknown>,
      memory: {
        weightBytes,
        bitsPerParam: params ? (8 * weightBytes) / params : 0,
        params,
        activationPeakBytes: report.activationPeakBytes,
      },
      energy: { perInferenceJoules: null, note: 'Energy needs the hardware cost models, which are not built yet.' },
      latency: { cycles: null, note: 'Latency needs the hardware cost models, which are not built yet.' },
      layers: report.layers,
      activations: report.activations,
      foldedBatchNorms: report.foldedBatchNorms,
      floatFallbacks: report.floatFallbacks,
      calibration: calibration ? { source: calibSource!, samples: calibration.count, method: request.config.calibMethod } : null,
      timing: { seconds, imagesPerSecond: data.count / seconds, workers },
    };
  } finally {
    await pool.close();
  }
}
