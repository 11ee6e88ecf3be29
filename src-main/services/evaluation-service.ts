/**
 * Evaluates one design point: loads the model and dataset once, checks they fit, picks the
 * calibration set, shards the test samples over the worker pool and assembles the `EvalResult`.
 * Knows nothing of the CLI or Electron: the CLI, the sweep orchestrator and the GUI all call it.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CancelledError, UserError } from '../../src-shared/errors.js';
import type { DeployConfig } from '../../src-shared/deploy-config.js';
import type { DeployTarget } from '../../src-shared/deploy-target.js';
import { weightBitErrorRate } from '../../workers/cost/design-point-cost.js';
import { loadHardwareProfile } from '../../workers/cost/profiles.js';
import { summarizeSeeds } from '../../workers/engine/faults/monte-carlo.js';
import { wilsonInterval, type EvalResult } from '../../src-shared/eval-result.js';
import { checkDatasetFitsModel, loadDataset, toSharedMessage, type DatasetSpec, type SharedDataset, type SharedDatasetMessage } from '../../workers/data/dataset.js';
import type { HardwareProfile } from '../../src-shared/hardware-profile.js';
import { buildIr } from '../../workers/engine/ir/build-ir.js';
import { readOnnxModelFile } from '../../workers/engine/onnx/read-model.js';
import type { PrefixReuse } from '../../workers/engine/exec/shared-prefix.js';
import type { EvaluateGroupPayload, EvaluateGroupResult } from '../../workers/tasks/evaluate-group-task.js';
import type { EvaluatePayload, EvaluateProgressDetail, EvaluateResult } from '../../workers/tasks/evaluate-task.js';
import { WorkerPool } from './worker-pool.js';

export interface EvalRequest {
  readonly modelPath: string;
  readonly data: DatasetSpec;
  /** Calibration set; when absent the first `calibSize` samples of the data are used. */
  readonly calib?: DatasetSpec;
  readonly calibSize: number;
  readonly config: DeployConfig;
  /** Hardware profile, voltage, storage and fault settings (seeds included). */
  readonly target: DeployTarget;
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

/**
 * What every design point of one study shares: the model, the test data and the calibration set,
 * loaded and checked once (a sweep evaluates hundreds of points on them). Datasets live in
 * SharedArrayBuffers, so handing them to workers copies nothing.
 */
export interface EvaluationContext {
  readonly modelPath: string;
  readonly data: SharedDataset;
  readonly dataMessage: SharedDatasetMessage;
  /** Loaded on the first point that quantizes activations. */
  calibration: { readonly dataset: SharedDataset; readonly message: SharedDatasetMessage; readonly source: string } | null;
  readonly calibSpec: DatasetSpec | undefined;
  readonly calibSize: number;
  readonly dataSpec: DatasetSpec;
  readonly inputName: string;
  readonly inputDims: readonly (number | string | null)[];
  readonly sampleDims: number[];
}

export type ContextRequest = Pick<EvalRequest, 'modelPath' | 'data' | 'calib' | 'calibSize'>;

export async function openEvaluationContext(request: ContextRequest): Promise<EvaluationContext> {
  const graph = buildIr(await readOnnxModelFile(request.modelPath));
  if (graph.inputs.length !== 1) {
    throw new UserError(
      'model-inputs',
      `${request.modelPath} has ${graph.inputs.length} inputs (${graph.inputs.map((i) => i.name).join(', ')}); evaluation on a labelled dataset needs a model with one input. Use \`edgefront run\` for multi-input models.`,
    );
  }
  const input = graph.inputs[0];
  const sampleDims = (input.dims ?? []).slice(1).map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const data = await loadDataset(request.data, { dims: sampleDims });
  checkDatasetFitsModel(data, input.name, input.dims ?? []);
  return {
    modelPath: request.modelPath,
    data,
    dataMessage: toSharedMessage(data),
    calibration: null,
    calibSpec: request.calib,
    calibSize: request.calibSize,
    dataSpec: request.data,
    inputName: input.name,
    inputDims: input.dims ?? [],
    sampleDims,
  };
}

async function calibrationOf(ctx: EvaluationContext, onNotice: ((m: string) => void) | undefined): Promise<NonNullable<EvaluationContext['calibration']>> {
  if (ctx.calibration) return ctx.calibration;
  const modelInput = { dims: ctx.sampleDims };
  let dataset: SharedDataset;
  let source: string;
  if (ctx.calibSpec) {
    dataset = await loadDataset({ ...ctx.calibSpec, limit: ctx.calibSpec.limit ?? ctx.calibSize }, modelInput);
    checkDatasetFitsModel(dataset, ctx.inputName, ctx.inputDims);
    source = dataset.source;
  } else {
    dataset = await loadDataset({ ...ctx.dataSpec, limit: Math.min(ctx.calibSize, ctx.data.count), offset: ctx.dataSpec.offset }, modelInput);
    source = `${ctx.data.source} (first ${dataset.count} samples)`;
    onNotice?.(
      `Calibrating activation ranges on the first ${dataset.count} samples of the evaluation data (${ctx.data.source}): the test data is being used for calibration. Pass --calib FILE for a separate calibration set.`,
    );
  }
  ctx.calibration = { dataset, message: toSharedMessage(dataset), source };
  return ctx.calibration;
}

/** One design point on its own pool: what `edgefront eval` runs. */
export async function evaluateDesignPoint(
  request: EvalRequest,
  callbacks: EvalCallbacks = {},
  workerScript = defaultWorkerScript(),
): Promise<EvalResult> {
  const started = performance.now();
  const ctx = await openEvaluationContext(request);
  const profile = loadHardwareProfile(request.target.hardware);
  const seeds = seedsToRun(request.target, profile);
  const workers = Math.max(1, Math.min(request.workers, Math.ceil((seeds * ctx.data.count) / SHARD)));
  const pool = new WorkerPool({ workerScript, size: workers });
  try {
    return await evaluateOnPool(ctx, pool, { config: request.config, target: request.target, profile, batchSize: request.batchSize, workers, started }, callbacks);
  } finally {
    await pool.close();
  }
}

function seedsToRun(target: DeployTarget, profile: HardwareProfile): number {
  return weightBitErrorRate(profile, target.vdd) > 0 ? target.seeds : 1;
}

export interface PointRequest {
  readonly config: DeployConfig;
  readonly target: DeployTarget;
  /** The hardware profile to cost on; default: `target.hardware` resolved as a built-in id or a file. */
  readonly profile?: HardwareProfile;
  readonly batchSize?: number;
  /** Test samples per pool task; default 500. A sweep passes the whole set so one point stays on one worker. */
  readonly shardSize?: number;
  /** Evaluate only the first `limit` test samples (a sweep's subset phase); default all. */
  readonly limit?: number;
  /** Reported in `timing.workers`; default the pool's size. */
  readonly workers?: number;
  /** performance.now() when the point started; default now. */
  readonly started?: number;
  /**
   * Early stop (sweeps): asked after every batch with the point's costs and the running count; true
   * stops the evaluation, and the result covers the samples seen (`earlyStopped`). Only used when
   * the point is one task (one seed, one shard); otherwise every sample is evaluated.
   */
  readonly earlyStop?: (costs: { readonly weightBytes: number; readonly energyJoules: number }, seen: { readonly correct: number; readonly count: number }) => boolean;
}

/**
 * One design point made ready for the pool: its task payloads (one per seed and shard of test
 * samples) and how their results become the point's `EvalResult`.
 */
interface PreparedPoint {
  readonly shards: readonly { readonly seed: number; readonly start: number; readonly count: number }[];
  readonly payloads: readonly EvaluatePayload[];
  /** Weight faults redrawn within the point's samples (transient): its tasks cannot share a prefix run. */
  readonly transient: boolean;
  readonly total: number;
  /** `seconds`: the point's share of a group's time (default: since the point started). */
  assemble(results: readonly EvaluateResult[], earlyStopped: boolean, seconds?: number): EvalResult;
}

async function preparePoint(ctx: EvaluationContext, pool: WorkerPool, point: PointRequest, callbacks: EvalCallbacks): Promise<PreparedPoint> {
  const started = point.started ?? performance.now();
  const request = { config: point.config, target: point.target, batchSize: point.batchSize };
  const data = ctx.data;
  const needsCalibration = request.config.activationBits !== null || Object.values(request.config.layers).some((l) => l.activationBits != null);
  const calib = needsCalibration ? await calibrationOf(ctx, callbacks.onNotice) : null;
  const calibration = calib?.dataset ?? null;
  const calibSource = calib?.source ?? null;

  const target = request.target;
  const profile = point.profile ?? loadHardwareProfile(target.hardware);
  const ber = weightBitErrorRate(profile, target.vdd);
  const quantizedWeights = request.config.weightBits !== null || Object.values(request.config.layers).some((l) => l.weightBits != null);
  if (ber > 0 && !quantizedWeights) {
    throw new UserError(
      'faults-need-quantized-weights',
      `At ${target.vdd} V the weight SRAM of ${profile.id} has a bit-error rate of ${ber.toExponential(2)}, but the weights stay float32: fault injection models integer weight words. Give --wbits (e.g. --wbits 8), or a --vdd at or above the profile's Vmin.`,
    );
  }
  if (ber > 0 && target.storage !== 'dense' && target.coding === 'none') {
    throw new UserError(
      'faults-sparse-storage',
      `Fault injection into ${target.storage} storage (sparse formats, whose index bits can fail too) is not modelled. Use --storage dense or --coding huffman|rans with --vdd below Vmin.`,
    );
  }
  if (ber > 0 && target.protectMsb > 0 && target.coding !== 'none') {
    throw new UserError(
      'protect-msb-coded',
      '--protect-msb protects the top bits of each stored weight word; entropy-coded weights have no per-weight words. Use --coding none with --protect-msb, or leave --protect-msb out.',
    );
  }
  // Without bit errors every seed computes the same thing, so one pass is made.
  const seeds = ber > 0 ? target.seeds : 1;
  if (ber === 0 && target.seeds > 1) {
    callbacks.onNotice?.(`--seeds ${target.seeds}: at this voltage the weights see no bit errors, so every seed gives the same result and one pass is made.`);
  }

  const workers = point.workers ?? pool.size;
  const datasetMessage = ctx.dataMessage;
  const calibMessage = calib?.message ?? null;
  const shardSize = point.shardSize ?? SHARD;
  const testCount = Math.min(point.limit ?? data.count, data.count);
  const shards: { seed: number; start: number; count: number }[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    for (let s = 0; s < testCount; s += shardSize) shards.push({ seed, start: s, count: Math.min(shardSize, testCount - s) });
  }
  const total = seeds * testCount;
  const payloads = shards.map(
    (shard, i): EvaluatePayload => ({
      modelPath: ctx.modelPath,
      config: request.config,
      target,
      profile,
      faults: ber > 0 ? { ber, seed: shard.seed } : null,
      dataset: datasetMessage,
      calibration: calibMessage,
      start: shard.start,
      count: shard.count,
      batchSize: request.batchSize ?? 100,
      wantReport: i === 0,
      wantFaultCounts: shard.start === 0,
    }),
  );
  const assemble = (results: readonly EvaluateResult[], earlyStopped: boolean, groupSeconds?: number): EvalResult => {
    const correctBySeed = new Array<number>(seeds).fill(0);
    const countBySeed = new Array<number>(seeds).fill(0);
    results.forEach((r, i) => {
      correctBySeed[shards[i].seed - 1] += r.correct;
      countBySeed[shards[i].seed - 1] += r.count;
    });
    const faultCounts = results.filter((r) => r.faultCounts).map((r) => r.faultCounts!);
    const accuracies = correctBySeed.map((c, i) => c / countBySeed[i]);
    const correct = correctBySeed.reduce((a, b) => a + b, 0);
    const evaluated = countBySeed.reduce((a, b) => a + b, 0);
    const samples = countBySeed[0];
    const summary = summarizeSeeds(accuracies);
    const report = results[0].report!;
    const cost = report.cost;
    const params = report.layers.reduce((a, l) => a + l.params, 0);
    const weightBytes = report.layers.reduce((a, l) => a + l.codedBytes, 0);
    const seconds = groupSeconds ?? (performance.now() - started) / 1000;
    const mode = !isQuantized(request.config) ? 'float' : request.config.mode;
    const faults: EvalResult['faults'] =
      ber > 0
        ? {
            ber,
            mode: target.faultMode,
            persistence: target.faultPersistence,
            protectMsb: target.protectMsb,
            seeds,
            accuracies,
            mean: summary.mean,
            std: summary.std,
            ci95: summary.ci ? [Math.max(0, summary.ci.lo), Math.min(1, summary.ci.hi)] : null,
            meanFaultyBits: faultCounts.reduce((a, f) => a + f.faultyBits, 0) / faultCounts.length,
            meanChangedWeights: faultCounts.reduce((a, f) => a + f.changedWeights, 0) / faultCounts.length,
          }
        : null;
    return {
      model: ctx.modelPath,
      dataset: data.source,
      accuracy: correct / evaluated,
      samples,
      earlyStopped,
      correct,
      // Over several fault draws, the interval of the mean over chips (Student t); with one draw
      // (or none) the test set's own binomial interval.
      accuracyCI95: faults?.ci95 ? [faults.ci95[0], faults.ci95[1]] : wilsonInterval(correct, evaluated),
      seeds,
      mode,
      config: request.config as unknown as Record<string, unknown>,
      hardware: {
        profile: profile.id,
        vdd: cost.voltage.vdd,
        vnom: cost.voltage.vnom,
        vmin: cost.voltage.vmin,
        ber: cost.voltage.ber,
        berExtrapolated: cost.voltage.berExtrapolated,
        weightsOnScaledRail: cost.voltage.weightsOnScaledRail,
        coding: target.coding,
        storage: target.coding === 'none' ? target.storage : target.coding,
        protectMsb: target.protectMsb,
        warnings: cost.warnings,
      },
      memory: {
        weightBytes,
        bitsPerParam: params ? (8 * weightBytes) / params : 0,
        params,
        activationPeakBytes: report.activationPeakBytes,
        activationBytes: cost.memory.activationBytes,
        protectionBytes: cost.memory.protectionBytes,
        decoderTableBytes: cost.memory.decoderTableBytes,
        weightsLevel: cost.memory.weightsLevel,
        activationsLevel: cost.memory.activationsLevel,
        fits: cost.memory.fits,
      },
      energy: {
        perInferenceJoules: cost.totals.energyPerInferenceJ,
        computeJoules: cost.totals.energy.computeJ,
        memoryJoules: cost.totals.energy.memoryJ,
        decoderJoules: cost.totals.energy.decoderJ,
        leakageJoules: cost.totals.energy.leakageJ,
      },
      latency: { cycles: cost.totals.latencyCycles, seconds: cost.totals.latencySeconds },
      groups: cost.layers.map((l) => ({ name: l.name, op: l.op, energyJoules: l.energy.totalJ, cycles: l.cycles.total, bound: l.bound })),
      faults,
      layers: report.layers,
      activations: report.activations,
      foldedBatchNorms: report.foldedBatchNorms,
      floatFallbacks: report.floatFallbacks,
      calibration: calibration ? { source: calibSource!, samples: calibration.count, method: request.config.calibMethod } : null,
      timing: { seconds, imagesPerSecond: evaluated / seconds, workers },
    };
  };
  return { shards, payloads, transient: ber > 0 && target.faultPersistence === 'transient', total, assemble };
}

/** Evaluates one design point on a pool the caller owns (the sweep keeps one pool for all points). */
export async function evaluateOnPool(ctx: EvaluationContext, pool: WorkerPool, point: PointRequest, callbacks: EvalCallbacks = {}): Promise<EvalResult> {
  const prepared = await preparePoint(ctx, pool, point, callbacks);
  const { shards, payloads, total } = prepared;
  let done = 0;
  let earlyStopped = false;
  /** The single task of a point under early stop: aborted by the rule, its partial count kept. */
  const runStoppable = (payload: EvaluatePayload, rule: NonNullable<PointRequest['earlyStop']>): Promise<EvaluateResult> => {
    const stop = new AbortController();
    const forward = () => stop.abort();
    callbacks.signal?.addEventListener('abort', forward, { once: true });
    let report: EvaluateResult['report'];
    let seen: { correct: number; count: number } | null = null;
    const onProgress = (p: { detail?: unknown }) => {
      const d = p.detail as EvaluateProgressDetail | undefined;
      if (d?.kind === 'report') report = d.report;
      else if (d?.kind === 'partial' && report && !stop.signal.aborted) {
        const costs = { weightBytes: report.layers.reduce((a, l) => a + l.codedBytes, 0), energyJoules: report.cost.totals.energyPerInferenceJ };
        if (rule(costs, d)) {
          seen = { correct: d.correct, count: d.count };
          stop.abort();
        }
      }
    };
    return pool
      .run<EvaluateResult>('evaluate', { ...payload, reportFirst: true }, { signal: stop.signal, onProgress })
      .catch((err: unknown) => {
        if (seen && report && err instanceof CancelledError && !callbacks.signal?.aborted) {
          earlyStopped = true;
          return { correct: seen.correct, count: seen.count, report };
        }
        throw err;
      })
      .finally(() => callbacks.signal?.removeEventListener('abort', forward));
  };
  const results = await Promise.all(
    payloads.map((payload) => {
      if (point.earlyStop && shards.length === 1) return runStoppable(payload, point.earlyStop);
      return pool.run<EvaluateResult>('evaluate', payload, { signal: callbacks.signal }).then((r) => {
        done += r.count;
        callbacks.onProgress?.(done, total);
        return r;
      });
    }),
  );
  return prepared.assemble(results, earlyStopped);
}

/** What a group evaluation returns: each point's result, and how much of the work was shared. */
export interface GroupEvaluation {
  readonly results: EvalResult[];
  /** Steps run against steps needed alone (summed over batches); null when the points ran alone. */
  readonly reuse: PrefixReuse | null;
}

/**
 * Evaluates several design points of the context's model on one worker, batch by batch, with
 * the network prefix they share computed once (the `evaluate-group` task). Meant for points that
 * differ only in per-layer settings; each result equals `evaluateOnPool`'s for the point alone.
 * Points that need several tasks (fault seeds, shards) or redraw faults per sample block run
 * alone, one after the other. No early stop here.
 */
export async function evaluateGroupOnPool(
  ctx: EvaluationContext,
  pool: WorkerPool,
  points: readonly PointRequest[],
  callbacks: EvalCallbacks = {},
): Promise<GroupEvaluation> {
  const prepared: PreparedPoint[] = [];
  for (const p of points) prepared.push(await preparePoint(ctx, pool, { ...p, earlyStop: undefined }, callbacks));
  const groupable = prepared.length > 1 && prepared.every((p) => p.payloads.length === 1 && !p.transient) &&
    prepared.every((p) => p.payloads[0].count === prepared[0].payloads[0].count && p.payloads[0].batchSize === prepared[0].payloads[0].batchSize);
  if (!groupable) {
    const results: EvalResult[] = [];
    for (const p of points) results.push(await evaluateOnPool(ctx, pool, { ...p, earlyStop: undefined }, callbacks));
    return { results, reuse: null };
  }
  const total = prepared[0].total;
  const started = performance.now();
  const out = await pool.run<EvaluateGroupResult>(
    'evaluate-group',
    { members: prepared.map((p) => p.payloads[0]) } satisfies EvaluateGroupPayload,
    { signal: callbacks.signal, onProgress: (p) => callbacks.onProgress?.(p.done, total) },
  );
  // Each point is charged an equal share of the group's time.
  const share = (performance.now() - started) / 1000 / prepared.length;
  return { results: prepared.map((p, i) => p.assemble([out.results[i]], false, share)), reuse: out.reuse };
}
