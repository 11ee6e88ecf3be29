/**
 * The sweep orchestrator: turns a project's design space into evaluated points on one long-lived
 * worker pool, without ever losing finished work.
 *
 *  - Points come from the project's strategy (grid, random, Latin hypercube, NSGA-II) over the
 *    design space's axes (design-points.ts).
 *  - A point is known by the hash of its full configuration (project/point-key.ts); a point already
 *    in the project's results (computed on the same model, dataset and test-set size) or in the
 *    results log is never evaluated again.
 *  - Up to `workers` points are in flight at once, each as one pool task per fault seed over the
 *    whole test set, so a point's model is deployed once per worker and two workers run two points
 *    side by side.
 *  - Every finished point is appended to the results log with an fsync before anything else
 *    happens (results-log.ts); the project file is rewritten atomically when the sweep ends or is
 *    cancelled, and the log removed after that. After a crash or `kill -9`, `resume` merges the log
 *    and continues with the points still missing.
 * Knows nothing of the CLI or Electron; progress goes out as SweepEvents.
 */
import { performance } from 'node:perf_hooks';
import type { EvalResult } from '../../../src-shared/eval-result.js';
import { CancelledError, EdgeFrontError, UserError } from '../../../src-shared/errors.js';
import type { Constraint } from '../../../src-shared/design-space.js';
import type { ProjectFile, ProjectResult } from '../../../src-shared/project-file.js';
import type { SweepEvent, SweepSlot } from '../../../src-shared/sweep-events.js';
import { robustParetoFront } from '../../../src-shared/pareto/index.js';
import { constraintViolations, pointFigures } from '../report/point-metrics.js';
import { defaultWorkerScript, evaluateGroupOnPool, evaluateOnPool, openEvaluationContext, type PointRequest } from '../evaluation-service.js';
import { pointKey } from '../project/point-key.js';
import { describeInputsReport, loadProject, saveProject } from '../project/project-store.js';
import { WorkerPool } from '../worker-pool.js';
import { pointAt, pointLabel, sweepAxes, type Job, type SweepAxis } from './design-points.js';
import { runSensitivity } from './sensitivity.js';
import { contextRequestOf, profileResolver } from './project-evaluation.js';
import { isFailure, readResultsLog, removeResultsLog, resultsLogPath, ResultsLog, type LogEntry } from './results-log.js';
import { createNsga2, gridCandidates, gridSize, latinHypercube, randomCandidates, type Candidate } from './strategies/index.js';
import { SweepControl } from './sweep-control.js';
import { groupLength } from './prefix-groups.js';
import { earlyStopRule, finishedPointOf, type FinishedPoint } from './early-stop.js';

export interface SweepOptions {
  readonly projectPath: string;
  /** Worker threads (≥ 1). */
  readonly workers: number;
  /** Continue an interrupted sweep: keep the points its results log holds. */
  readonly resume?: boolean;
  readonly signal?: AbortSignal;
  readonly control?: SweepControl;
  readonly onEvent?: (event: SweepEvent) => void;
  readonly workerScript?: string;
  /** Evaluate every point even when a result exists (the benchmark's naive loop); nothing is saved. */
  readonly noCache?: boolean;
  /**
   * Evaluate points that differ only in per-layer settings together, computing their shared
   * network prefix once (prefix-groups.ts). Default true; off under early stop, which decides
   * per point while it runs.
   */
  readonly sharePrefixes?: boolean;
}

export interface SweepSummary {
  readonly status: 'completed' | 'cancelled';
  readonly projectPath: string;
  /** Points evaluated by this run. */
  readonly evaluated: number;
  /** Points found in the project or the log. */
  readonly cached: number;
  readonly failed: number;
  readonly total: number;
  readonly seconds: number;
  /** Every point of this sweep with its result, in the order the strategy produced them. */
  readonly points: readonly { readonly key: string; readonly label: string; readonly result: ProjectResult | null; readonly error: string | null }[];
  /** Network steps the grouped points needed and ran (summed over batches); zeros when none were grouped. */
  readonly prefixReuse: { readonly stepsTotal: number; readonly stepsRun: number; readonly groups: number; readonly points: number };
}

/** Samples per inference batch (and per early-stop look). */
const BATCH = 100;

/**
 * Whether a stored result answers for its point in a sweep over `testCount` samples: measured on
 * the whole test set, or stopped early while early stop is on (an early-stopped result is not a
 * measurement of the whole set, so it is reused only under the rule that produced it).
 */
export function isCompleteResult(m: Pick<EvalResult, 'earlyStopped' | 'samples'>, testCount: number, earlyStop: boolean): boolean {
  return m.earlyStopped ? earlyStop : m.samples === testCount;
}

/** Largest full grid a sweep enumerates; beyond it a sampling strategy is the right tool. */
export const MAX_GRID_POINTS = 100_000;

/** Objectives NSGA-II optimizes: accuracy up, weight memory and energy down. */
export const NSGA_SENSES = ['max', 'min', 'min'] as const;

export function meetsConstraints(m: EvalResult, constraints: readonly Constraint[]): boolean {
  return constraintViolations(pointFigures(m as unknown as Record<string, unknown>, null), constraints).length === 0;
}

/**
 * The explored points worth measuring in full: the interval-aware fronts (accuracy with its 95 %
 * interval against weight memory, and against energy) of the feasible ones, so a point that the
 * subset cannot tell apart from the front is measured too.
 */
export function subsetFronts(metrics: readonly EvalResult[], constraints: readonly Constraint[]): number[] {
  const feasible = metrics.map((m, i) => ({ m, i })).filter(({ m }) => meetsConstraints(m, constraints));
  const pick = new Set<number>();
  for (const cost of ['memory', 'energy'] as const) {
    const rows = feasible.map(({ m }) => ({
      accuracy: { value: m.accuracy, lo: m.accuracyCI95[0], hi: m.accuracyCI95[1] },
      cost: cost === 'memory' ? m.memory.weightBytes : m.energy.perInferenceJoules,
    }));
    for (const j of robustParetoFront(rows, [
      { key: 'accuracy', sense: 'max' },
      { key: 'cost', sense: 'min' },
    ]))
      pick.add(feasible[j].i);
  }
  return [...pick].sort((a, b) => a - b);
}

export function metricsOf(r: ProjectResult): EvalResult {
  return r.metrics as unknown as EvalResult;
}

/** Settings the project schema accepts but a strategy cannot honour. */
function checkStrategy(project: ProjectFile, file: string): void {
  const axes = sweepAxes(project.designSpace);
  if (project.strategy.kind === 'sensitivity' && axes.length > 0) {
    throw new UserError(
      'sweep-sensitivity-axes',
      `The project ${file} uses the 'sensitivity' strategy, which chooses per-layer weight bits itself from designSpace.base; remove designSpace.axes (${axes.map((a) => a.name).join(', ')}) or use another strategy.`,
      { file },
    );
  }
}

export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const emit = (e: SweepEvent) => options.onEvent?.(e);
  const loaded = await loadProject(options.projectPath);
  const file = loaded.path;
  let project = loaded.project;
  checkStrategy(project, file);
  const inputs = loaded.staleness!;
  const missing = inputs.problems.filter((p) => p.kind === 'missing');
  if (missing.length > 0) {
    throw new UserError('sweep-inputs-missing', `The project ${file} cannot be swept:\n${missing.map((p) => `  ${p.message}`).join('\n')}`, { file });
  }
  for (const line of describeInputsReport(inputs, project.results.length)) emit({ type: 'notice', message: line });
  // Changed inputs: the sweep runs on the files as they are now, and records their hashes.
  const modelSha256 = inputs.current.model ?? project.model.sha256;
  const datasetSha256 = inputs.current.dataset ?? project.dataset.sha256;
  project = { ...project, model: { ...project.model, sha256: modelSha256 }, dataset: { ...project.dataset, sha256: datasetSha256 } };
  const staleKeys = new Set(inputs.staleResults.map((s) => s.key));

  const logPath = resultsLogPath(file);
  const log = await readResultsLog(logPath);
  if (log.entries.length > 0 && !options.resume && !options.noCache) {
    throw new UserError(
      'sweep-interrupted',
      `An interrupted sweep left ${log.entries.length} finished point(s) in ${logPath}. Run \`edgefront sweep ${file} --resume\` to keep them and continue, or delete that file to discard them.`,
      { file, log: logPath },
    );
  }

  const ctx = await openEvaluationContext(contextRequestOf(project, loaded.dir));
  const testCount = ctx.data.count;
  const earlyStop = project.evaluation.earlyStop;
  // Subset evaluation: explore on the first `subset` samples, then measure the fronts in full.
  const subset = project.evaluation.subset !== undefined && project.evaluation.subset < testCount ? project.evaluation.subset : null;
  // A subset result counts only in the exploring phase.
  const complete = (m: EvalResult) => isCompleteResult(m, testCount, earlyStop);
  const exploring = (m: EvalResult) => complete(m) || (subset !== null && m.samples === subset && !m.earlyStopped);
  const sameInputs = (r: ProjectResult) => !staleKeys.has(r.key) && r.modelSha256 === modelSha256 && r.datasetSha256 === datasetSha256;
  const reusable = (r: ProjectResult) => sameInputs(r) && complete(metricsOf(r));
  const reusableSubset = (r: ProjectResult) => sameInputs(r) && exploring(metricsOf(r));
  const subsetKnown = new Map<string, ProjectResult>();
  const known = new Map<string, LogEntry>();
  if (!options.noCache) {
    for (const r of project.results) if (reusable(r)) known.set(r.key, r);
    for (const e of log.entries) if (isFailure(e) || reusable(e)) known.set(e.key, e);
    // Subset results are kept apart: they serve the exploring phase, never the final fronts.
    for (const r of [...project.results, ...log.entries]) if (!isFailure(r) && !known.has(r.key) && reusableSubset(r)) subsetKnown.set(r.key, r);
  }

  const space = project.designSpace;
  const axes = sweepAxes(space);
  const profileOf = profileResolver(project, file);
  const workers = Math.max(1, Math.floor(options.workers));
  const strategy = project.strategy;
  let total =
    strategy.kind === 'grid'
      ? gridSize(axes)
      : strategy.kind === 'random' || strategy.kind === 'lhs'
        ? Math.min(strategy.samples, gridSize(axes))
        : strategy.kind === 'nsga2'
          ? Math.min(strategy.populationSize * (strategy.generations + 1), gridSize(axes))
          : 1 + strategy.budgets.length; // sensitivity: grows once the layers are known
  if (strategy.kind === 'grid' && total > MAX_GRID_POINTS) {
    throw new UserError(
      'sweep-grid-too-large',
      `The design space of ${file} has ${total.toLocaleString('en-US')} points; a full grid is limited to ${MAX_GRID_POINTS.toLocaleString('en-US')}. Use "strategy": { "kind": "random" | "lhs" | "nsga2", ... } to sample it.`,
      { file, total },
    );
  }

  const pool = new WorkerPool({ workerScript: options.workerScript ?? defaultWorkerScript(), size: workers });
  const results = options.noCache ? null : await ResultsLog.open(logPath, log);
  const control = options.control ?? new SweepControl();
  control.onChange((paused) => emit({ type: paused ? 'paused' : 'resumed' }));
  const slots: SweepSlot[] = Array.from({ length: workers }, (_, slot) => ({ slot, label: null, key: null }));
  const summaryPoints: SweepSummary['points'][number][] = [];
  let evaluated = 0;
  let cached = 0;
  let failed = 0;
  let evalSeconds = 0;
  let cancelled = false;
  emit({ type: 'start', total, cached: 0, workers, strategy: strategy.kind });

  const progress = () => {
    const done = evaluated + cached + failed;
    const perPoint = evaluated > 0 ? evalSeconds / evaluated : null;
    const etaSeconds = perPoint === null ? null : (perPoint * Math.max(0, total - done)) / workers;
    emit({ type: 'progress', done, total, etaSeconds, slots: slots.map((s) => ({ ...s })) });
  };

  // Stops every lane: the user's cancel, or the first lane that fails for real.
  const halt = new AbortController();
  if (options.signal?.aborted) halt.abort();
  options.signal?.addEventListener('abort', () => halt.abort(), { once: true });
  const halted = new Promise<void>((resolve) => halt.signal.addEventListener('abort', () => resolve(), { once: true }));

  // Early stop compares a running point with the finished, feasible points (kept as they finish,
  // not recomputed on every batch).
  const finished: FinishedPoint[] = [];
  const addFinished = (e: LogEntry) => {
    if (isFailure(e)) return;
    const m = metricsOf(e);
    if (!m.earlyStopped && meetsConstraints(m, space.constraints)) finished.push(finishedPointOf(m));
  };
  for (const e of [...known.values(), ...subsetKnown.values()]) addFinished(e);
  const stopRule = earlyStop ? earlyStopRule(Math.ceil(testCount / BATCH), () => finished) : undefined;

  // Exploring on a subset first (evaluation.subset), then the fronts in full; otherwise all in full.
  let measureInFull = subset === null;

  // A point already being evaluated by another lane is waited for, not evaluated twice.
  const inFlight = new Map<string, Promise<unknown>>();

  /** Evaluates (or finds) one design point; returns its result, or null when it failed. */
  const runPoint = async (job: Job, slot: number): Promise<ProjectResult | null> => {
    const key = pointKey(job.point.config, job.point.target);
    const pending = inFlight.get(key);
    if (pending) await pending.catch(() => undefined);
    if (known.has(key)) return reusePoint(key, job.label);
    if (!measureInFull && subsetKnown.has(key)) return settle(key, job.label, subsetKnown.get(key)!, null);
    const evaluation = evaluatePoint(key, job, slot);
    inFlight.set(key, evaluation);
    try {
      return await evaluation;
    } finally {
      inFlight.delete(key);
    }
  };

  /** One summary row per point: a point measured again in full replaces its subset row. */
  const record = (row: SweepSummary['points'][number]) => {
    const i = summaryPoints.findIndex((p) => p.key === row.key);
    if (i >= 0) summaryPoints[i] = row;
    else summaryPoints.push(row);
  };

  /** Counts a finished (or found) point, reports it, and returns its result (null when it failed). */
  const settle = (key: string, label: string, entry: LogEntry, seconds: number | null): ProjectResult | null => {
    if (isFailure(entry)) {
      failed++;
      record({ key, label, result: null, error: entry.error.message });
      emit({ type: 'point-failed', key, label, code: entry.error.code, message: entry.error.message });
      progress();
      return null;
    }
    if (seconds === null) cached++;
    else {
      evaluated++;
      evalSeconds += seconds;
    }
    record({ key, label, result: entry, error: null });
    const m = metricsOf(entry);
    emit({ type: 'point-done', key, label, cached: seconds === null, accuracy: m.accuracy, weightBytes: m.memory.weightBytes, energyJoules: m.energy.perInferenceJoules, seconds: seconds ?? 0 });
    progress();
    return entry;
  };

  const reusePoint = (key: string, label: string): ProjectResult | null => settle(key, label, known.get(key)!, null);

  const requestOf = ({ point }: Job): PointRequest => ({
    config: point.config,
    target: point.target,
    profile: profileOf(point.target.hardware),
    shardSize: testCount,
    workers: 1,
    batchSize: BATCH,
    earlyStop: stopRule,
    limit: measureInFull ? undefined : subset!,
  });
  const successOf = (key: string, { point }: Job, metrics: EvalResult): LogEntry => ({
    key,
    config: point.config,
    target: point.target,
    metrics: metrics as unknown as Record<string, unknown>,
    evaluatedAt: new Date().toISOString(),
    modelSha256,
    datasetSha256,
  });
  const failureOf = (key: string, { point }: Job, err: unknown): LogEntry => {
    if (err instanceof CancelledError || halt.signal.aborted) throw new CancelledError('The sweep was cancelled.');
    if (!(err instanceof EdgeFrontError)) throw err;
    return { failure: true, key, config: point.config, target: point.target, error: { code: err.code, message: err.message }, failedAt: new Date().toISOString() };
  };
  /** Logs a finished point (fsynced: a crash after this loses nothing), then counts it. */
  const finishPoint = async (key: string, label: string, entry: LogEntry, seconds: number): Promise<ProjectResult | null> => {
    await results?.append(entry);
    if (measureInFull || isFailure(entry)) known.set(key, entry);
    else subsetKnown.set(key, entry);
    addFinished(entry);
    return settle(key, label, entry, seconds);
  };
  const noticeFor = (label: string) => (message: string) => emit({ type: 'notice', message: `${label}: ${message}` });

  const evaluatePoint = async (key: string, job: Job, slot: number): Promise<ProjectResult | null> => {
    slots[slot] = { slot, label: job.label, key };
    emit({ type: 'point-start', key, label: job.label, slot });
    progress();
    const t0 = performance.now();
    let entry: LogEntry;
    try {
      entry = successOf(key, job, await evaluateOnPool(ctx, pool, requestOf(job), { signal: halt.signal, onNotice: noticeFor(job.label) }));
    } catch (err) {
      entry = failureOf(key, job, err);
    } finally {
      slots[slot] = { slot, label: null, key: null };
    }
    return finishPoint(key, job.label, entry, (performance.now() - t0) / 1000);
  };

  const reuse = { stepsTotal: 0, stepsRun: 0, groups: 0, points: 0 };
  /**
   * Points that differ only in per-layer settings, on one worker with their shared prefix run once.
   * Points already known or in flight are found as usual; if the group fails as a whole (one
   * member's settings are invalid), its points are evaluated one by one so each gets its own result.
   */
  const runGroup = async (jobs: readonly Job[], slot: number): Promise<(ProjectResult | null)[]> => {
    const keys = jobs.map((j) => pointKey(j.point.config, j.point.target));
    const fresh = jobs
      .map((job, i) => ({ job, key: keys[i], i }))
      .filter(({ key }, n, all) => !known.has(key) && !inFlight.has(key) && (measureInFull || !subsetKnown.has(key)) && all.findIndex((o) => o.key === key) === n);
    const out = new Array<ProjectResult | null>(jobs.length).fill(null);
    if (fresh.length > 1) {
      const evaluation = evaluateFresh(fresh, slot);
      for (const f of fresh) inFlight.set(f.key, evaluation);
      try {
        const settled = await evaluation;
        fresh.forEach((f, n) => (out[f.i] = settled[n]));
      } finally {
        for (const f of fresh) inFlight.delete(f.key);
      }
    }
    for (let i = 0; i < jobs.length; i++) if (!fresh.some((f) => f.i === i && fresh.length > 1)) out[i] = await runPoint(jobs[i], slot);
    return out;
  };
  const evaluateFresh = async (fresh: readonly { job: Job; key: string }[], slot: number): Promise<(ProjectResult | null)[]> => {
    const label = `${fresh[0].job.label} (+${fresh.length - 1} sharing its prefix)`;
    slots[slot] = { slot, label, key: fresh[0].key };
    for (const f of fresh) emit({ type: 'point-start', key: f.key, label: f.job.label, slot });
    progress();
    const t0 = performance.now();
    let group;
    try {
      group = await evaluateGroupOnPool(ctx, pool, fresh.map((f) => requestOf(f.job)), { signal: halt.signal, onNotice: noticeFor(label) });
    } catch (err) {
      failureOf(fresh[0].key, fresh[0].job, err); // rethrows cancellation and internal errors
      group = null;
    } finally {
      slots[slot] = { slot, label: null, key: null };
    }
    if (!group) {
      const each: (ProjectResult | null)[] = [];
      for (const f of fresh) each.push(await evaluatePoint(f.key, f.job, slot));
      return each;
    }
    if (group.reuse) {
      reuse.stepsTotal += group.reuse.stepsTotal;
      reuse.stepsRun += group.reuse.stepsRun;
      reuse.groups++;
      reuse.points += fresh.length;
    }
    const share = (performance.now() - t0) / 1000 / fresh.length;
    const settled: (ProjectResult | null)[] = [];
    for (let n = 0; n < fresh.length; n++) settled.push(await finishPoint(fresh[n].key, fresh[n].job.label, successOf(fresh[n].key, fresh[n].job, group.results[n]), share));
    return settled;
  };
  const sharePrefixes = (options.sharePrefixes ?? true) && !earlyStop;

  /** Runs a batch with at most `workers` points in flight; results in batch order. */
  const runBatch = async (batch: readonly Job[]): Promise<(ProjectResult | null)[]> => {
    const out = new Array<ProjectResult | null>(batch.length).fill(null);
    let next = 0;
    const lane = async (slot: number) => {
      try {
        while (next < batch.length) {
          await Promise.race([control.whenRunning(), halted]);
          if (halt.signal.aborted) throw new CancelledError('The sweep was cancelled.');
          const i = next;
          const n = sharePrefixes ? groupLength(batch, i, workers) : 1;
          next += n;
          if (n === 1) out[i] = await runPoint(batch[i], slot);
          else (await runGroup(batch.slice(i, i + n), slot)).forEach((r, k) => (out[i + k] = r));
        }
      } catch (err) {
        halt.abort();
        throw err;
      }
    };
    const settled = await Promise.allSettled(Array.from({ length: Math.min(workers, batch.length) }, (_, slot) => lane(slot)));
    const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    const real = failures.find((e) => !(e instanceof CancelledError));
    if (real !== undefined) throw real;
    if (failures.length > 0) throw failures[0];
    return out;
  };

  const jobOf = (c: Candidate): Job => ({ point: pointAt(space, axes, c, project.seeds), label: pointLabel(axes, c) });
  const runCandidates = (batch: readonly Candidate[]) => runBatch(batch.map(jobOf));
  try {
    if (strategy.kind === 'grid') await runCandidates([...gridCandidates(axes)]);
    else if (strategy.kind === 'random') await runCandidates(randomCandidates(axes, strategy.samples, strategy.seed));
    else if (strategy.kind === 'lhs') await runCandidates(latinHypercube(axes, strategy.samples, strategy.seed));
    else if (strategy.kind === 'nsga2') await runNsga2(axes, strategy, space.constraints, runCandidates);
    else {
      const plan = await runSensitivity(pointAt(space, [], [], project.seeds), strategy, runBatch, (n) => {
        total = n;
      });
      for (const line of plan.notices) emit({ type: 'notice', message: line });
    }
    if (!measureInFull) {
      measureInFull = true;
      const explored = summaryPoints.filter((p) => p.result !== null && metricsOf(p.result).samples < testCount);
      const chosen = subsetFronts(explored.map((p) => metricsOf(p.result!)), space.constraints);
      emit({ type: 'notice', message: `Explored on ${subset} samples; measuring the ${chosen.length} point(s) on or near the fronts on all ${testCount}.` });
      total += chosen.length;
      await runBatch(chosen.map((i) => ({ point: { config: explored[i].result!.config, target: explored[i].result!.target }, label: `${explored[i].label} (full test set)` })));
    }
  } catch (err) {
    if (!(err instanceof CancelledError)) {
      await results?.close();
      await pool.close();
      throw err;
    }
    cancelled = true;
  }
  await pool.close();
  await results?.close();

  if (!options.noCache) {
    // Merge: results of this sweep (and of the log it resumed) replace older ones of the same key.
    const finished = new Map<string, ProjectResult>();
    for (const r of project.results) finished.set(r.key, r);
    for (const e of subsetKnown.values()) finished.set(e.key, e);
    for (const e of known.values()) if (!isFailure(e)) finished.set(e.key, e);
    project = { ...project, results: [...finished.values()] };
    await saveProject(file, project);
    await removeResultsLog(logPath);
  }
  const seconds = (performance.now() - started) / 1000;
  const status = cancelled ? 'cancelled' : 'completed';
  if (reuse.groups > 0) {
    const skipped = 1 - reuse.stepsRun / reuse.stepsTotal;
    emit({ type: 'notice', message: `Shared prefixes: ${reuse.points} points in ${reuse.groups} groups skipped ${(100 * skipped).toFixed(1)} % of their network steps.` });
  }
  emit({ type: 'finished', status, evaluated, cached, failed, seconds });
  return { status, projectPath: file, evaluated, cached, failed, total, seconds, points: summaryPoints, prefixReuse: reuse };
}

type Nsga2Strategy = Extract<ProjectFile['strategy'], { kind: 'nsga2' }>;

/** NSGA-II generations: the initial population, then `generations` offspring batches. */
async function runNsga2(
  axes: readonly SweepAxis[],
  strategy: Nsga2Strategy,
  constraints: readonly Constraint[],
  runBatch: (batch: readonly Candidate[]) => Promise<(ProjectResult | null)[]>,
): Promise<void> {
  const nsga = createNsga2({ axes, objectives: [...NSGA_SENSES], populationSize: strategy.populationSize, seed: strategy.seed });
  for (let g = 0; g <= strategy.generations; g++) {
    const batch = nsga.ask();
    if (batch.length === 0) return;
    const results = await runBatch(batch);
    // Failed or infeasible points are NaN: NSGA-II ranks them last.
    nsga.tell(
      batch,
      results.map((r) => {
        if (!r) return [NaN, NaN, NaN];
        const m = metricsOf(r);
        if (!meetsConstraints(m, constraints)) return [NaN, NaN, NaN];
        return [m.accuracy, m.memory.weightBytes, m.energy.perInferenceJoules];
      }),
    );
  }
}
