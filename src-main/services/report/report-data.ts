/**
 * The report model: everything a report says about a project, computed once from the project file
 * and then rendered as HTML, PDF, CSV or JSON by small writers that do no analysis of their own —
 * so the four formats can never disagree about which points are on a front.
 *
 * What it decides:
 *   - Which results count. A result evaluated on other bytes than the project's current model or
 *     dataset (its recorded sha256 differs) is stale: it is listed, never plotted or ranked, since
 *     mixing two models' numbers on one front would be meaningless.
 *   - Feasibility against the design space's constraints. An infeasible point is kept and shown
 *     (greyed) but is not offered on a front — the constraint says the user cannot deploy it.
 *   - Two fronts over the feasible points: accuracy (max) against weight memory (min), and
 *     accuracy (max) against energy per inference (min). A point lacking a figure is left out of
 *     the fronts that need it.
 *   - Uncertainty-aware fronts: the points no other point beats once the accuracy's stored 95 %
 *     interval is taken into account (pareto/uncertain-dominance.ts) — a superset of the plain
 *     front that keeps what the test set is too small to rule out.
 *   - The hypervolume of each front against a stated reference point (the worst observed values),
 *     and its knee (pareto/knee.ts), the balanced choice the report details layer by layer.
 *
 * The model is plain JSON data (no NaN, no undefined where it matters), so the JSON report is the
 * model itself.
 */
import type { DeployConfig } from '../../../src-shared/deploy-config.js';
import type { DeployTarget } from '../../../src-shared/deploy-target.js';
import type { Constraint } from '../../../src-shared/design-space.js';
import { InternalError } from '../../../src-shared/errors.js';
import { hypervolume, kneePoint, nonDominatedIndices, robustParetoFront, type MaybeUncertain, type Sense } from '../../../src-shared/pareto/index.js';
import type { ProjectFile, Strategy, EvaluationSettings } from '../../../src-shared/project-file.js';
import {
  calibrationOf,
  constraintViolations,
  energyBreakdown,
  layerRows,
  pointFigures,
  stringsAt,
  type EnergyBreakdown,
  type LayerRow,
  type PointFigures,
} from './point-metrics.js';
import { sig } from './format.js';
import { missingProfile, summarizeProfile, type ProfileSummary } from './profile-facts.js';
import { projectProfileLookup, type ProfileLookup } from './profile-lookup.js';

export const REPORT_FORMAT = 'edgefront-report';
export const REPORT_VERSION = 1;

export type FrontId = 'memory' | 'energy';
export const FRONT_IDS: readonly FrontId[] = ['memory', 'energy'];

/** The cost objective of each front (accuracy is always the other, maximized). */
export const FRONT_COST: Readonly<Record<FrontId, { readonly metric: 'memory.weightBytes' | 'energy.perInferenceJoules'; readonly field: 'weightBytes' | 'energyJoules'; readonly label: string }>> = {
  memory: { metric: 'memory.weightBytes', field: 'weightBytes', label: 'weight memory (bytes)' },
  energy: { metric: 'energy.perInferenceJoules', field: 'energyJoules', label: 'energy per inference (J)' },
};

type PerFront<T> = { readonly memory: T; readonly energy: T };

/** One current (non-stale) evaluated design point. */
export interface ReportPoint {
  readonly key: string;
  readonly config: DeployConfig;
  readonly target: DeployTarget;
  readonly evaluatedAt: string;
  readonly figures: PointFigures;
  /** Meets every constraint of the design space. */
  readonly feasible: boolean;
  /** One sentence per constraint the point breaks (or cannot be checked against). */
  readonly violations: readonly string[];
  /** On the plain Pareto front of each pair of objectives. */
  readonly onFront: PerFront<boolean>;
  /** On the uncertainty-aware front (accuracy intervals respected). */
  readonly onRobustFront: PerFront<boolean>;
  /** The knee of that front. */
  readonly isKnee: PerFront<boolean>;
}

/** A result computed on other inputs than the project's current ones. */
export interface StaleEntry {
  readonly key: string;
  readonly config: DeployConfig;
  readonly target: DeployTarget;
  readonly evaluatedAt: string;
  /** Which inputs changed since, e.g. "the model (result 3f2a…, project 9c01…)". */
  readonly reasons: readonly string[];
  readonly accuracy: number | null;
}

export interface FrontSummary {
  readonly id: FrontId;
  readonly title: string;
  readonly objectives: readonly { readonly metric: string; readonly sense: Sense }[];
  /** Feasible points that report both objectives: the set the front is taken over. */
  readonly considered: number;
  /** Front points, by increasing cost (then decreasing accuracy, then the project's result order). */
  readonly keys: readonly string[];
  /** Uncertainty-aware front points (a superset of `keys`), same order. */
  readonly robustKeys: readonly string[];
  /** Reference point of the hypervolume: the worst observed value of each objective; null without points. */
  readonly reference: { readonly accuracy: number; readonly cost: number } | null;
  /** Hypervolume in accuracy × cost units; null without points. */
  readonly hypervolume: number | null;
  /** Hypervolume divided by the box between the reference and the ideal point (best of each objective); null when that box is empty. */
  readonly normalizedHypervolume: number | null;
  readonly referenceNote: string;
  readonly kneeKey: string | null;
}

/** The layer-by-layer breakdown of a knee point. */
export interface KneeDetail {
  readonly key: string;
  /** The fronts it is the knee of. */
  readonly fronts: readonly FrontId[];
  readonly layers: readonly LayerRow[];
  readonly energy: EnergyBreakdown | null;
  readonly warnings: readonly string[];
  readonly foldedBatchNorms: readonly string[];
  readonly floatFallbacks: readonly string[];
}

export type CalibrationSummary =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'file'; readonly path: string; readonly sha256: string; readonly labels: { readonly path: string; readonly sha256: string } | null };

export interface Assumptions {
  readonly profiles: readonly ProfileSummary[];
  /** Monte-Carlo fault draws per point set in the project, and the counts the points actually used. */
  readonly seeds: { readonly project: number; readonly used: readonly number[] };
  /** Distinct fault-injection settings among the points. */
  readonly faultSettings: readonly { readonly mode: string; readonly persistence: string; readonly protectMsb: number; readonly points: number }[];
  /** Distinct (profile, supply voltage) pairs among the points, with the bit-error rate evaluated. */
  readonly voltages: readonly { readonly hardware: string; readonly vdd: number | null; readonly ber: number | null; readonly berExtrapolated: boolean | null; readonly points: number }[];
  /** Distinct calibrations the evaluations report. */
  readonly calibrations: readonly { readonly source: string; readonly samples: number | null; readonly method: string; readonly points: number }[];
  /** Distinct warnings of the evaluations (hardware fit, extrapolation, …). */
  readonly warnings: readonly string[];
  readonly uncertainty: string;
  readonly hypervolume: string;
}

export interface ReportModel {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  readonly generatedAt: string;
  readonly engineVersion: string;
  readonly project: {
    readonly name: string;
    /** The project file's name (no folder), when the caller knows it. */
    readonly file: string | null;
    readonly description: string | null;
    readonly model: { readonly path: string; readonly sha256: string };
    readonly dataset: {
      readonly path: string;
      readonly sha256: string;
      readonly labels: { readonly path: string; readonly sha256: string } | null;
      readonly format: string;
      readonly layout: string;
      readonly scale: number | null;
      readonly mean: readonly number[] | null;
      readonly std: readonly number[] | null;
      readonly classCount: number | null;
    };
    readonly calibration: CalibrationSummary;
    /** Test samples: the first `testLimit` of the dataset, or all (null). */
    readonly testLimit: number | null;
    readonly strategy: Strategy;
    readonly evaluation: EvaluationSettings;
    readonly seeds: number;
    readonly constraints: readonly Constraint[];
  };
  readonly counts: { readonly results: number; readonly current: number; readonly stale: number; readonly feasible: number; readonly infeasible: number };
  /** The current points, in the project's result order. */
  readonly points: readonly ReportPoint[];
  readonly stale: readonly StaleEntry[];
  readonly fronts: PerFront<FrontSummary>;
  /** The points offered to the reader: every point of either front, by increasing weight memory. */
  readonly chosenKeys: readonly string[];
  readonly knees: readonly KneeDetail[];
  readonly assumptions: Assumptions;
}

export interface BuildReportOptions {
  /** EdgeFront's version, printed in the report (the caller reads package.json; bundles move it). */
  readonly engineVersion: string;
  /** When the report is generated (default now); fixed in tests for reproducible output. */
  readonly generatedAt?: Date;
  /** Where hardware profiles are found (default: embedded in the project, then built-in). */
  readonly lookupProfile?: ProfileLookup;
  /** Path of the project file; only its name is kept, for the reproduction commands. */
  readonly projectPath?: string;
}

const short = (sha: string): string => `${sha.slice(0, 12)}…`;

function staleReasons(project: ProjectFile, r: ProjectFile['results'][number]): string[] {
  const reasons: string[] = [];
  if (r.modelSha256 !== project.model.sha256) reasons.push(`the model changed (result ${short(r.modelSha256)}, project ${short(project.model.sha256)})`);
  if (r.datasetSha256 !== project.dataset.sha256) reasons.push(`the dataset changed (result ${short(r.datasetSha256)}, project ${short(project.dataset.sha256)})`);
  return reasons;
}

interface Candidate {
  readonly index: number;
  readonly key: string;
  readonly figures: PointFigures;
}

interface FrontResult {
  readonly summary: FrontSummary;
  readonly front: ReadonlySet<string>;
  readonly robust: ReadonlySet<string>;
}

const SENSES: readonly Sense[] = ['max', 'min'];

function costOf(f: PointFigures, id: FrontId): number | null {
  return f[FRONT_COST[id].field];
}

function byCost(id: FrontId): (a: Candidate, b: Candidate) => number {
  return (a, b) =>
    (costOf(a.figures, id) as number) - (costOf(b.figures, id) as number) ||
    (b.figures.accuracy as number) - (a.figures.accuracy as number) ||
    a.index - b.index;
}

function analyseFront(id: FrontId, feasible: readonly Candidate[]): FrontResult {
  const cost = FRONT_COST[id];
  const title = id === 'memory' ? 'Accuracy vs weight memory' : 'Accuracy vs energy per inference';
  const objectives = [
    { metric: 'accuracy', sense: 'max' as const },
    { metric: cost.metric, sense: 'min' as const },
  ];
  const considered = feasible.filter((c) => c.figures.accuracy !== null && costOf(c.figures, id) !== null);
  const vectors = considered.map((c) => [c.figures.accuracy as number, costOf(c.figures, id) as number]);
  const frontIdx = nonDominatedIndices(vectors, SENSES);
  const robustIdx = robustParetoFront(
    considered.map((c): Record<'accuracy' | 'cost', MaybeUncertain> => {
      const f = c.figures;
      const accuracy = f.ciLo !== null && f.ciHi !== null ? { value: f.accuracy as number, lo: f.ciLo, hi: f.ciHi } : (f.accuracy as number);
      return { accuracy, cost: costOf(f, id) as number };
    }),
    [
      { key: 'accuracy', sense: 'max' },
      { key: 'cost', sense: 'min' },
    ],
  );
  const sortKeys = (idx: readonly number[]) => idx.map((i) => considered[i]).sort(byCost(id)).map((c) => c.key);
  const keys = sortKeys(frontIdx);
  const robustKeys = sortKeys(robustIdx);
  const knee = kneePoint(vectors, SENSES);
  let reference: FrontSummary['reference'] = null;
  let hv: number | null = null;
  let normalized: number | null = null;
  if (considered.length > 0) {
    // Loops, not Math.min(...xs): a long sweep's thousands of points would overflow the argument list.
    let minAcc = Infinity;
    let maxAcc = -Infinity;
    let minCost = Infinity;
    let maxCost = -Infinity;
    for (const [a, c] of vectors) {
      minAcc = Math.min(minAcc, a);
      maxAcc = Math.max(maxAcc, a);
      minCost = Math.min(minCost, c);
      maxCost = Math.max(maxCost, c);
    }
    reference = { accuracy: minAcc, cost: maxCost };
    hv = hypervolume(
      frontIdx.map((i) => vectors[i]),
      SENSES,
      [reference.accuracy, reference.cost],
    );
    const box = (maxAcc - minAcc) * (maxCost - minCost);
    normalized = box > 0 ? hv / box : null;
  }
  const referenceNote =
    considered.length === 0
      ? `No feasible point reports both accuracy and ${cost.metric}, so there is no front.`
      : `${title}: the hypervolume's reference point is the worst observed value of each objective over the ${considered.length} feasible point(s) — accuracy ${sig(reference!.accuracy, 6)} (the lowest) and ${cost.metric} ${sig(reference!.cost, 6)} (the largest). ` +
        'Front points at either extreme of the reference add no area; the normalized value divides by the box between the reference and the ideal point (best accuracy, lowest cost).';
  return {
    summary: {
      id,
      title,
      objectives,
      considered: considered.length,
      keys,
      robustKeys,
      reference,
      hypervolume: hv,
      normalizedHypervolume: normalized,
      referenceNote,
      kneeKey: knee >= 0 ? considered[knee].key : null,
    },
    front: new Set(keys),
    robust: new Set(robustKeys),
  };
}

/** Counts of distinct values, in first-seen order. */
function tally<T>(items: readonly T[], keyOf: (t: T) => string): { item: T; count: number }[] {
  const map = new Map<string, { item: T; count: number }>();
  for (const it of items) {
    const k = keyOf(it);
    const e = map.get(k);
    if (e) e.count++;
    else map.set(k, { item: it, count: 1 });
  }
  return [...map.values()];
}

interface CurrentResult {
  readonly result: ProjectFile['results'][number];
  readonly figures: PointFigures;
  readonly violations: string[];
}

function assumptionsOf(project: ProjectFile, current: readonly CurrentResult[], lookup: ProfileLookup): Assumptions {
  // Profiles listed in the project but unused are still assumptions of the study: listed after.
  const ids = [...new Set([...current.map((c) => c.result.target.hardware), ...project.hardware.profiles.map((p) => p.id)])];
  const profiles = ids.map((id) => {
    const points = current.filter((c) => c.result.target.hardware === id).length;
    const found = lookup(id);
    return 'problem' in found ? missingProfile(id, found.problem, points) : summarizeProfile(found.profile, found.origin, points);
  });
  const faultSettings = tally(current, (c) => `${c.result.target.faultMode}|${c.result.target.faultPersistence}|${c.result.target.protectMsb}`).map(({ item, count }) => ({
    mode: item.result.target.faultMode,
    persistence: item.result.target.faultPersistence,
    protectMsb: item.result.target.protectMsb,
    points: count,
  }));
  const voltages = tally(current, (c) => `${c.result.target.hardware}|${c.figures.vdd}|${c.figures.ber}`)
    .map(({ item, count }) => ({ hardware: item.result.target.hardware, vdd: item.figures.vdd, ber: item.figures.ber, berExtrapolated: item.figures.berExtrapolated, points: count }))
    .sort((a, b) => (a.hardware < b.hardware ? -1 : a.hardware > b.hardware ? 1 : (b.vdd ?? Infinity) - (a.vdd ?? Infinity)));
  const calibrations = tally(
    current.map((c) => calibrationOf(c.result.metrics)).filter((c) => c !== null),
    (c) => `${c.source}|${c.samples}|${c.method}`,
  ).map(({ item, count }) => ({ ...item, points: count }));
  const warnings = [...new Set(current.flatMap((c) => stringsAt(c.result.metrics, 'hardware.warnings')))];
  return {
    profiles,
    seeds: { project: project.seeds, used: [...new Set(current.map((c) => c.result.target.seeds))].sort((a, b) => a - b) },
    faultSettings,
    voltages,
    calibrations,
    warnings,
    uncertainty:
      'Accuracy intervals are the stored accuracyCI95 of each result: a 95 % Wilson score interval over the test samples, or, for points evaluated under SRAM faults with several seeds, the 95 % Student-t interval of the mean over the seeds. A point is on the uncertainty-aware front unless another point is better in every objective even when its accuracy is taken at the lower end of its interval and the other point\'s at the upper end; this front contains the plain front.',
    hypervolume: 'Hypervolumes use the worst observed value of each objective over the feasible points as the reference point (stated with each front), so they compare fronts of this report only.',
  };
}

/** Builds the report model of a loaded project. */
export function buildReportModel(project: ProjectFile, options: BuildReportOptions): ReportModel {
  const lookup = options.lookupProfile ?? projectProfileLookup(project);
  const stale: StaleEntry[] = [];
  const current: CurrentResult[] = [];
  for (const r of project.results) {
    const reasons = staleReasons(project, r);
    const figures = pointFigures(r.metrics, r.target.vdd);
    if (reasons.length > 0) {
      stale.push({ key: r.key, config: r.config, target: r.target, evaluatedAt: r.evaluatedAt, reasons, accuracy: figures.accuracy });
    } else {
      current.push({ result: r, figures, violations: constraintViolations(figures, project.designSpace.constraints) });
    }
  }
  const feasible: Candidate[] = current.flatMap((c, index) => (c.violations.length === 0 ? [{ index, key: c.result.key, figures: c.figures }] : []));
  const memory = analyseFront('memory', feasible);
  const energy = analyseFront('energy', feasible);
  const fronts = { memory, energy };

  const points: ReportPoint[] = current.map((c) => {
    const k = c.result.key;
    return {
      key: k,
      config: c.result.config,
      target: c.result.target,
      evaluatedAt: c.result.evaluatedAt,
      figures: c.figures,
      feasible: c.violations.length === 0,
      violations: c.violations,
      onFront: { memory: memory.front.has(k), energy: energy.front.has(k) },
      onRobustFront: { memory: memory.robust.has(k), energy: energy.robust.has(k) },
      isKnee: { memory: memory.summary.kneeKey === k, energy: energy.summary.kneeKey === k },
    };
  });

  const order = new Map(points.map((p, i) => [p.key, i]));
  const chosenKeys = [...new Set([...memory.summary.keys, ...energy.summary.keys])].sort((a, b) => {
    const pa = points[order.get(a)!].figures;
    const pb = points[order.get(b)!].figures;
    return (pa.weightBytes ?? Infinity) - (pb.weightBytes ?? Infinity) || (pb.accuracy ?? -Infinity) - (pa.accuracy ?? -Infinity) || order.get(a)! - order.get(b)!;
  });

  const knees: KneeDetail[] = [];
  for (const id of FRONT_IDS) {
    const key = fronts[id].summary.kneeKey;
    if (key === null) continue;
    const existing = knees.find((k) => k.key === key);
    if (existing) {
      (existing.fronts as FrontId[]).push(id);
      continue;
    }
    const metrics = current.find((c) => c.result.key === key)!.result.metrics;
    knees.push({
      key,
      fronts: [id],
      layers: layerRows(metrics),
      energy: energyBreakdown(metrics),
      warnings: stringsAt(metrics, 'hardware.warnings'),
      foldedBatchNorms: stringsAt(metrics, 'foldedBatchNorms'),
      floatFallbacks: stringsAt(metrics, 'floatFallbacks'),
    });
  }

  const d = project.dataset;
  const c = project.split.calibration;
  const calibration: CalibrationSummary =
    'path' in c ? { kind: 'file', path: c.path, sha256: c.sha256, labels: c.labels ? { path: c.labels.path, sha256: c.labels.sha256 } : null } : { kind: 'count', count: c.count };
  const feasibleCount = points.filter((p) => p.feasible).length;
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    engineVersion: options.engineVersion,
    project: {
      name: project.name,
      file: options.projectPath ? (options.projectPath.split(/[\\/]/).pop() ?? null) || null : null,
      description: project.description ?? null,
      model: { path: project.model.path, sha256: project.model.sha256 },
      dataset: {
        path: d.path,
        sha256: d.sha256,
        labels: d.labels ? { path: d.labels.path, sha256: d.labels.sha256 } : null,
        format: d.format,
        layout: d.layout,
        scale: d.scale ?? null,
        mean: d.mean ?? null,
        std: d.std ?? null,
        classCount: d.classCount ?? null,
      },
      calibration,
      testLimit: project.split.test.limit ?? null,
      strategy: project.strategy,
      evaluation: project.evaluation,
      seeds: project.seeds,
      constraints: project.designSpace.constraints,
    },
    counts: { results: project.results.length, current: points.length, stale: stale.length, feasible: feasibleCount, infeasible: points.length - feasibleCount },
    points,
    stale,
    fronts: { memory: memory.summary, energy: energy.summary },
    chosenKeys,
    knees,
    assumptions: assumptionsOf(project, current, lookup),
  };
}

/** The point of a key (the model's keys always resolve). */
export function pointByKey(model: ReportModel, key: string): ReportPoint {
  const p = model.points.find((x) => x.key === key);
  if (!p) throw new InternalError('report-point', `No point ${key} in the report model.`);
  return p;
}
