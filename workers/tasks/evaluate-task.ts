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
import { parseDeployTarget, type DeployTarget } from '../../src-shared/deploy-target.js';
import { parseHardwareProfile, type HardwareProfile } from '../../src-shared/hardware-profile.js';
import type { CostReport } from '../cost/cost-model.js';
import { designPointCost } from '../cost/design-point-cost.js';
import type { EncodedWeights } from '../engine/coding/weight-codec.js';
import { faultyDeployment } from '../engine/deploy/fault-variant.js';
import { transientBlockSeed, transientBlocks } from '../engine/faults/transient.js';
import { layerStorage, type LayerStorage } from '../engine/deploy/layer-storage.js';
import { buildIr } from '../engine/ir/build-ir.js';
import type { IrGraph } from '../engine/ir/graph.js';
import { readOnnxModelFile } from '../engine/onnx/read-model.js';
import { float32Tensor } from '../engine/tensor.js';
import type { TaskContext } from './worker-runtime.js';

export interface EvaluatePayload {
  readonly modelPath: string;
  /** Raw config; validated here because it crossed a thread boundary. */
  readonly config: unknown;
  /** Raw DeployTarget and hardware profile JSON; validated here for the same reason. */
  readonly target: unknown;
  readonly profile: unknown;
  /** Weight-memory faults of one seed at one bit-error rate; null = fault-free. */
  readonly faults: { readonly ber: number; readonly seed: number } | null;
  readonly dataset: SharedDatasetMessage;
  readonly calibration: SharedDatasetMessage | null;
  readonly start: number;
  readonly count: number;
  readonly batchSize: number;
  readonly wantReport: boolean;
  /** Send the report as progress before inference starts (the sweep's early stop needs the costs first). */
  readonly reportFirst?: boolean;
  /** Report the fault counts of this seed (one shard per seed asks). */
  readonly wantFaultCounts: boolean;
}

export interface DeployReport {
  readonly layers: LayerMetrics[];
  readonly activations: ActivationMetrics[];
  readonly foldedBatchNorms: readonly string[];
  readonly floatFallbacks: readonly string[];
  readonly activationPeakBytes: number;
  readonly cost: CostReport;
}

export interface FaultCounts {
  readonly faultyBits: number;
  readonly changedBits: number;
  readonly changedWeights: number;
}

/**
 * `TaskProgress.detail` of the evaluate task: the deployment's report as soon as it exists (when
 * `reportFirst`), then the running correct count after every batch — what the sweep's early stop
 * decides on while the task runs.
 */
export type EvaluateProgressDetail =
  | { readonly kind: 'report'; readonly report: DeployReport }
  | { readonly kind: 'partial'; readonly correct: number; readonly count: number };

export interface EvaluateResult {
  readonly correct: number;
  readonly count: number;
  readonly report?: DeployReport;
  readonly faultCounts?: FaultCounts;
}

const models = new Map<string, { key: string; graph: IrGraph }>();
const deployed = new Map<string, DeployedModel>();
const MAX_CACHED_DEPLOYMENTS = 8;
/** Every storage format of every layer, per deployment (encoding runs once per deployment). */
const storageOf = new WeakMap<DeployedModel, Map<string, LayerStorage>>();
/** Faulty variants: a worker usually evaluates several shards of the same seed in a row. */
const variants = new Map<string, { model: DeployedModel; counts: FaultCounts }>();
const MAX_CACHED_VARIANTS = 4;

export async function loadModel(path: string): Promise<IrGraph> {
  const s = await stat(path);
  const key = `${s.size}:${s.mtimeMs}`;
  const cached = models.get(path);
  if (cached && cached.key === key) return cached.graph;
  const graph = buildIr(await readOnnxModelFile(path));
  models.set(path, { key, graph });
  deployed.clear();
  variants.clear();
  return graph;
}

export function deploymentFor(
  graph: IrGraph,
  key: string,
  config: DeployConfig,
  calibration: SharedDatasetMessage | null,
  sampleDims: readonly number[],
): DeployedModel {
  let d = deployed.get(key);
  if (!d) {
    const calib = calibration ? datasetFromShared(calibration) : null;
    d = deployModel(graph, config, calib ? { x: calib.x, sampleDims: calib.sampleDims, count: calib.count } : undefined, [1, ...sampleDims]);
    if (deployed.size >= MAX_CACHED_DEPLOYMENTS) deployed.delete(deployed.keys().next().value!);
    deployed.set(key, d);
  }
  return d;
}

function storageFor(model: DeployedModel): Map<string, LayerStorage> {
  let s = storageOf.get(model);
  if (!s) {
    s = new Map(model.layers.map((l) => [l.name, layerStorage(l)]));
    storageOf.set(model, s);
  }
  return s;
}

function encodedWeightsFor(model: DeployedModel, target: DeployTarget): Map<string, EncodedWeights> | undefined {
  if (target.coding === 'none') return undefined;
  const encoded = new Map<string, EncodedWeights>();
  for (const [name, s] of storageFor(model)) {
    const c = s[target.coding];
    if (c) encoded.set(name, c.encoded);
  }
  return encoded;
}

function faultyVariant(model: DeployedModel, target: DeployTarget, ber: number, seed: number): { model: DeployedModel; counts: FaultCounts } {
  const f = faultyDeployment(model, { ber, seed, mode: target.faultMode, protectMsb: target.protectMsb }, encodedWeightsFor(model, target));
  return { model: f.model, counts: { faultyBits: f.faultyBits, changedBits: f.changedBits, changedWeights: f.changedWeights } };
}

export function cachedFaultyVariant(
  key: string,
  model: DeployedModel,
  target: DeployTarget,
  faults: { ber: number; seed: number },
): { model: DeployedModel; counts: FaultCounts } {
  const variantKey = `${key}\n${faults.ber}:${faults.seed}:${target.faultMode}:${target.protectMsb}:${target.coding}`;
  let v = variants.get(variantKey);
  if (!v) {
    v = faultyVariant(model, target, faults.ber, faults.seed);
    if (variants.size >= MAX_CACHED_VARIANTS) variants.delete(variants.keys().next().value!);
    variants.set(variantKey, v);
  }
  return v;
}

/** A run of consecutive samples evaluated on one model (the whole shard, or one transient block). */
interface Segment {
  readonly model: DeployedModel;
  readonly start: number;
  readonly end: number;
}

/**
 * Which model each sample of the shard runs on: the clean or the persistently faulty deployment
 * for the whole shard, or a fresh fault draw per transient block (faults/transient.ts), built
 * lazily so only one block's variant is alive at a time. Fault counts are per draw (mean over blocks).
 */
function* segmentsOf(
  key: string,
  clean: DeployedModel,
  target: DeployTarget,
  payload: EvaluatePayload,
  counts: { sum: FaultCounts; draws: number },
): Generator<Segment> {
  const start = payload.start;
  const end = payload.start + payload.count;
  const faults = payload.faults && payload.faults.ber > 0 ? payload.faults : null;
  const add = (c: FaultCounts) => {
    counts.sum = {
      faultyBits: counts.sum.faultyBits + c.faultyBits,
      changedBits: counts.sum.changedBits + c.changedBits,
      changedWeights: counts.sum.changedWeights + c.changedWeights,
    };
    counts.draws++;
  };
  if (!faults) {
    yield { model: clean, start, end };
  } else if (target.faultPersistence === 'persistent') {
    const v = cachedFaultyVariant(key, clean, target, faults);
    add(v.counts);
    yield { model: v.model, start, end };
  } else {
    for (const b of transientBlocks(start, end)) {
      const v = faultyVariant(clean, target, faults.ber, transientBlockSeed(faults.seed, b.block));
      add(v.counts);
      yield { model: v.model, start: b.start, end: b.end };
    }
  }
}

/** The worker's cache key of a deployment. */
export function deploymentKey(modelPath: string, config: DeployConfig, calibration: SharedDatasetMessage | null): string {
  return `${modelPath}\n${JSON.stringify(config)}\n${calibration ? `${calibration.source}:${calibration.count}` : ''}`;
}

/** How many of the n rows of logits pick the label of samples start … start + n − 1 (first maximum wins). */
export function correctPredictions(l: Float32Array, n: number, labels: ArrayLike<number>, start: number): number {
  const classes = l.length / n;
  let correct = 0;
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (l[r * classes + c] > l[r * classes + best]) best = c;
    if (best === labels[start + r]) correct++;
  }
  return correct;
}

export async function evaluateTask(payload: EvaluatePayload, ctx: TaskContext): Promise<EvaluateResult> {
  const config = parseDeployConfig(payload.config);
  const target = parseDeployTarget(payload.target);
  const graph = await loadModel(payload.modelPath);
  ctx.throwIfCancelled();
  const data = datasetFromShared(payload.dataset);
  const calibration = payload.calibration;
  const key = deploymentKey(payload.modelPath, config, calibration);
  const clean = deploymentFor(graph, key, config, calibration, data.sampleDims);
  const per = data.sampleDims.reduce((a, b) => a * b, 1);
  const inputName = clean.graph.inputs[0].name;
  const outputName = clean.graph.outputs[0].name;
  const counts = { sum: { faultyBits: 0, changedBits: 0, changedWeights: 0 }, draws: 0 };
  const profile = () => parseHardwareProfile(payload.profile, target.hardware);
  const early = payload.wantReport && payload.reportFirst ? reportOf(clean, target, profile()) : undefined;
  if (early) ctx.progress({ done: 0, total: payload.count, stage: 'report', detail: { kind: 'report', report: early } satisfies EvaluateProgressDetail });
  let correct = 0;
  let done = 0;
  for (const segment of segmentsOf(key, clean, target, payload, counts)) {
    for (let start = segment.start; start < segment.end; start += payload.batchSize) {
      ctx.throwIfCancelled();
      const n = Math.min(payload.batchSize, segment.end - start);
      const x = float32Tensor(data.x.subarray(start * per, (start + n) * per), [n, ...data.sampleDims]);
      const logits = segment.model.session.run(new Map([[inputName, x]])).get(outputName)!;
      correct += correctPredictions(logits.data as Float32Array, n, data.y, start);
      done += n;
      ctx.progress({ done, total: payload.count, stage: 'inference', detail: { kind: 'partial', correct, count: done } satisfies EvaluateProgressDetail });
    }
  }
  const d = Math.max(1, counts.draws);
  return {
    correct,
    count: payload.count,
    report: payload.wantReport ? (early ?? reportOf(clean, target, profile())) : undefined,
    faultCounts: payload.wantFaultCounts
      ? { faultyBits: counts.sum.faultyBits / d, changedBits: counts.sum.changedBits / d, changedWeights: counts.sum.changedWeights / d }
      : undefined,
  };
}

/** Memory, coding and cost of the fault-free deployment (faults change values, not sizes or energy). */
export function reportOf(model: DeployedModel, target: DeployTarget, profile: HardwareProfile): DeployReport {
  const storage = storageFor(model);
  const { cost, stored } = designPointCost(model, storage, target, profile);
  const costByName = new Map(cost.layers.map((l) => [l.name, l]));
  const storedByName = new Map(stored.map((s) => [s.name, s]));
  return {
    cost,
    layers: model.layers.map((l) => {
      const s = storage.get(l.name)!;
      const c = costByName.get(l.name);
      const chosen = storedByName.get(l.name);
      return {
        name: l.name,
        op: l.op,
        // Weights and bias, as `edgefront info` counts parameters.
        params: l.params + (l.biasName ? l.channels : 0),
        bits: l.bits,
        quantizer: l.quantizer,
        granularity: l.granularity,
        sparsity: l.sparsity,
        macs: c?.macs ?? 0,
        codedBytes: chosen?.bytes ?? s.dense,
        storageFormat: chosen?.format ?? 'dense',
        storage: {
          dense: s.dense,
          csr: s.csr,
          relative: s.relative,
          huffman: s.huffman?.bytes ?? null,
          rans: s.rans?.bytes ?? null,
        },
        entropyBitsPerParam: s.entropyBitsPerParam,
        codedBitsPerParam: {
          huffman: s.huffman && l.params ? (8 * s.huffman.encoded.bytes.length) / l.params : null,
          rans: s.rans && l.params ? (8 * s.rans.encoded.bytes.length) / l.params : null,
        },
        energyJoules: c?.energy.totalJ ?? null,
        latencyCycles: c?.cycles.total ?? null,
        bound: c?.bound ?? null,
      };
    }),
    activations: model.activations.map((a) => ({ ...a })),
    foldedBatchNorms: model.foldedBatchNorms,
    floatFallbacks: model.floatFallbacks,
    activationPeakBytes: model.activationPeakBytes,
  };
}
