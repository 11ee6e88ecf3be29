/**
 * The `evaluate` task: deploy one design point (cached per worker) and count correct predictions
 * over a slice of the shared dataset. The dataset and the calibration set arrive as
 * SharedArrayBuffers, so every worker reads the same memory.
 */
import { stat } from 'node:fs/promises';
import { parseDeployConfig, type DeployConfig } from '../../src-shared/deploy-config.js';
import type { ActivationMetrics, LayerMetrics } from '../../src-shared/eval-result.js';
import { datasetFromShared, type SharedDatasetMessage } from '../data/dataset.js';
import { deployModel, type DeployedModel } from '../engine/deploy/deploy-model.js';
import { layerStoredBytes } from '../engine/deploy/weight-memory.js';
import { buildIr } from '../engine/ir/build-ir.js';
import type { IrGraph } from '../engine/ir/graph.js';
import { summarizeModel } from '../engine/model-summary.js';
import { readOnnxModelFile } from '../engine/onnx/read-model.js';
import { float32Tensor } from '../engine/tensor.js';
import type { TaskContext } from './worker-runtime.js';

export interface EvaluatePayload {
  readonly modelPath: string;
  /** Raw config; validated here because it crossed a thread boundary. */
  readonly config: unknown;
  readonly dataset: SharedDatasetMessage;
  readonly calibration: SharedDatasetMessage | null;
  readonly start: number;
  readonly count: number;
  readonly batchSize: number;
  readonly wantReport: boolean;
}

export interface DeployReport {
  readonly layers: LayerMetrics[];
  readonly activations: ActivationMetrics[];
  readonly foldedBatchNorms: readonly string[];
  readonly floatFallbacks: readonly string[];
  readonly activationPeakBytes: number;
}

export interface EvaluateResult {
  readonly correct: number;
  readonly count: number;
  readonly report?: DeployReport;
}

const models = new Map<string, { key: string; graph: IrGraph }>();
const deployed = new Map<string, DeployedModel>();
const MAX_CACHED_DEPLOYMENTS = 8;

async function loadModel(path: string): Promise<IrGraph> {
  const s = await stat(path);
  const key = `${s.size}:${s.mtimeMs}`;
  const cached = models.get(path);
  if (cached && cached.key === key) return cached.graph;
  const graph = buildIr(await readOnnxModelFile(path));
  models.set(path, { key, graph });
  deployed.clear();
  return graph;
}

function deploymentFor(
  graph: IrGraph,
  path: string,
  config: DeployConfig,
  calibration: SharedDatasetMessage | null,
  sampleDims: readonly number[],
): DeployedModel {
  const key = `${path}\n${JSON.stringify(config)}\n${calibration ? `${calibration.source}:${calibration.count}` : ''}`;
  let d = deployed.get(key);
  if (!d) {
    const calib = calibration ? datasetFromShared(calibration) : null;
    d = deployModel(graph, config, calib ? { x: calib.x, sampleDims: calib.sampleDims, count: calib.count } : undefined, [1, ...sampleDims]);
    if (deployed.size >= MAX_CACHED_DEPLOYMENTS) deployed.delete(deployed.keys().next().value!);
    deployed.set(key, d);
  }
  return d;
}

export async function evaluateTask(payload: EvaluatePayload, ctx: TaskContext): Promise<EvaluateResult> {
  const config = parseDeployConfig(payload.config);
  const graph = await loadModel(payload.modelPath);
  ctx.throwIfCancelled();
  const data = datasetFromShared(payload.dataset);
  const model = deploymentFor(graph, payload.modelPath, config, payload.calibration, data.sampleDims);
  const per = data.sampleDims.reduce((a, b) => a * b, 1);
  const inputName = model.graph.inputs[0].name;
  const outputName = model.graph.outputs[0].name;
  let correct = 0;
  const end = payload.start + payload.count;
  const batches = Math.ceil(payload.count / payload.batchSize);
  for (let start = payload.start, b = 0; start < end; start += payload.batchSize, b++) {
    ctx.throwIfCancelled();
    const n = Math.min(payload.batchSize, end - start);
    const x = float32Tensor(data.x.subarray(start * per, (start + n) * per), [n, ...data.sampleDims]);
    const logits = model.session.run(new Map([[inputName, x]])).get(outputName)!;
    const classes = logits.data.length / n;
    const l = logits.data as Float32Array;
    for (let r = 0; r < n; r++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (l[r * classes + c] > l[r * classes + best]) best = c;
      if (best === data.y[start + r]) correct++;
    }
    ctx.progress({ done: b + 1, total: batches, stage: 'inference' });
  }
  return { correct, count: payload.count, report: payload.wantReport ? reportOf(graph, model) : undefined };
}

function reportOf(graph: IrGraph, model: DeployedModel): DeployReport {
  const macs = new Map(summarizeModel(graph).layers.map((l) => [l.name, l.macs]));
  return {
    layers: model.layers.map((l) => ({
      name: l.name,
      op: l.op,
      // Weights and bias, as `edgefront info` counts parameters.
      params: l.params + (l.biasName ? l.channels : 0),
      bits: l.bits,
      quantizer: l.quantizer,
      granularity: l.granularity,
      sparsity: l.sparsity,
      macs: macs.get(l.name) ?? 0,
      codedBytes: layerStoredBytes(l),
      energyJoules: null,
    })),
    activations: model.activations.map((a) => ({ ...a })),
    foldedBatchNorms: model.foldedBatchNorms,
    floatFallbacks: model.floatFallbacks,
    activationPeakBytes: model.activationPeakBytes,
  };
}
