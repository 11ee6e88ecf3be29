/**
 * Reading the figures a report needs out of a stored result's `metrics`.
 *
 * The project file keeps each result's EvalResult as a plain record with no runtime schema
 * (project-file.ts), so a report cannot trust its shape: a result written by an older build may
 * lack a field, and a hand-edited file may hold anything. Every figure is therefore read
 * defensively and becomes `null` when it is not a finite number — a missing figure keeps a point
 * off the fronts that need it instead of crashing the report or, worse, plotting a NaN as 0.
 */
import type { Constraint, ConstraintMetric } from '../../../src-shared/design-space.js';

/** The figures of one evaluated point the report uses; null = absent or not a finite number. */
export interface PointFigures {
  /** Fraction correct, 0..1 (under faults: the mean over seeds). */
  readonly accuracy: number | null;
  /** The stored 95 % interval of the accuracy; null when absent or malformed. */
  readonly ciLo: number | null;
  readonly ciHi: number | null;
  readonly samples: number | null;
  readonly weightBytes: number | null;
  readonly bitsPerParam: number | null;
  readonly activationPeakBytes: number | null;
  /** Activation peak plus arena overheads (falls back to the peak when absent). */
  readonly activationBytes: number | null;
  readonly energyJoules: number | null;
  readonly latencyCycles: number | null;
  readonly latencySeconds: number | null;
  /** SRAM supply the evaluation ran at (the profile's nominal voltage when the target left it unset). */
  readonly vdd: number | null;
  readonly ber: number | null;
  readonly berExtrapolated: boolean | null;
  /** Monte-Carlo fault statistics, when the voltage caused bit errors. */
  readonly faultSeeds: number | null;
  readonly faultStd: number | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted path of a record, or undefined. */
export function valueAt(record: unknown, path: string): unknown {
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** A finite number at a dotted path, else null. */
export function numberAt(record: unknown, path: string): number | null {
  const v = valueAt(record, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function booleanAt(record: unknown, path: string): boolean | null {
  const v = valueAt(record, path);
  return typeof v === 'boolean' ? v : null;
}

/** The stored [lo, hi] interval, if it is two finite numbers in order. */
function intervalAt(record: unknown, path: string): [number, number] | null {
  const v = valueAt(record, path);
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [lo, hi] = v as unknown[];
  if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) return null;
  return [lo, hi];
}

/** The report's figures of one result's metrics record; `targetVdd` is used when the metrics carry no voltage. */
export function pointFigures(metrics: Record<string, unknown>, targetVdd: number | null): PointFigures {
  const ci = intervalAt(metrics, 'accuracyCI95');
  const peak = numberAt(metrics, 'memory.activationPeakBytes');
  const hasHardwareVdd = valueAt(metrics, 'hardware.vdd') !== undefined;
  return {
    accuracy: numberAt(metrics, 'accuracy'),
    ciLo: ci ? ci[0] : null,
    ciHi: ci ? ci[1] : null,
    samples: numberAt(metrics, 'samples'),
    weightBytes: numberAt(metrics, 'memory.weightBytes'),
    bitsPerParam: numberAt(metrics, 'memory.bitsPerParam'),
    activationPeakBytes: peak,
    activationBytes: numberAt(metrics, 'memory.activationBytes') ?? peak,
    energyJoules: numberAt(metrics, 'energy.perInferenceJoules'),
    latencyCycles: numberAt(metrics, 'latency.cycles'),
    latencySeconds: numberAt(metrics, 'latency.seconds'),
    vdd: hasHardwareVdd ? numberAt(metrics, 'hardware.vdd') : targetVdd,
    ber: numberAt(metrics, 'hardware.ber'),
    berExtrapolated: booleanAt(metrics, 'hardware.berExtrapolated'),
    faultSeeds: numberAt(metrics, 'faults.seeds'),
    faultStd: numberAt(metrics, 'faults.std'),
  };
}

/**
 * The value of a constraint metric (design-space.ts: `memory.totalBytes` = weight bytes +
 * activation bytes), or null when the point does not report it.
 */
export function constraintValue(f: PointFigures, metric: ConstraintMetric): number | null {
  switch (metric) {
    case 'accuracy':
      return f.accuracy;
    case 'memory.weightBytes':
      return f.weightBytes;
    case 'memory.activationPeakBytes':
      return f.activationPeakBytes;
    case 'memory.totalBytes':
      return f.weightBytes === null || f.activationBytes === null ? null : f.weightBytes + f.activationBytes;
    case 'energy.perInferenceJoules':
      return f.energyJoules;
    case 'latency.cycles':
      return f.latencyCycles;
  }
}

/**
 * Why a point breaks the design space's constraints (empty: feasible). A metric the point does not
 * report counts as a violation. The sweep and the report share this rule, so they agree on which
 * points are feasible.
 */
export function constraintViolations(f: PointFigures, constraints: readonly Constraint[]): string[] {
  const out: string[] = [];
  for (const c of constraints) {
    const v = constraintValue(f, c.metric);
    if (v === null) {
      out.push(`${c.metric} is not reported, so the constraint on it cannot be checked`);
      continue;
    }
    if (c.min !== undefined && v < c.min) out.push(`${c.metric} ${v} is below the minimum ${c.min}`);
    if (c.max !== undefined && v > c.max) out.push(`${c.metric} ${v} is above the maximum ${c.max}`);
  }
  return out;
}

/** One row of a point's per-layer breakdown (EvalResult.layers), read defensively. */
export interface LayerRow {
  readonly name: string;
  readonly op: string;
  readonly params: number | null;
  /** null = float weights. */
  readonly bits: number | null;
  readonly quantizer: string | null;
  readonly sparsity: number | null;
  readonly macs: number | null;
  readonly codedBytes: number | null;
  readonly storageFormat: string | null;
  readonly entropyBitsPerParam: number | null;
  readonly energyJoules: number | null;
  readonly latencyCycles: number | null;
  readonly bound: string | null;
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The per-layer rows of a metrics record (empty when it has none). */
export function layerRows(metrics: Record<string, unknown>): LayerRow[] {
  const layers = metrics.layers;
  if (!Array.isArray(layers)) return [];
  return layers.filter(isRecord).map((l, i) => ({
    name: stringOrNull(l.name) ?? `layer ${i + 1}`,
    op: stringOrNull(l.op) ?? '',
    params: numberAt(l, 'params'),
    bits: numberAt(l, 'bits'),
    quantizer: stringOrNull(l.quantizer),
    sparsity: numberAt(l, 'sparsity'),
    macs: numberAt(l, 'macs'),
    codedBytes: numberAt(l, 'codedBytes'),
    storageFormat: stringOrNull(l.storageFormat),
    entropyBitsPerParam: numberAt(l, 'entropyBitsPerParam'),
    energyJoules: numberAt(l, 'energyJoules'),
    latencyCycles: numberAt(l, 'latencyCycles'),
    bound: stringOrNull(l.bound),
  }));
}

/** The energy breakdown of a metrics record (EvalResult.energy), or null. */
export interface EnergyBreakdown {
  readonly totalJoules: number;
  readonly computeJoules: number | null;
  /** Per memory level id. */
  readonly memoryJoules: Readonly<Record<string, number>>;
  readonly decoderJoules: number | null;
  readonly leakageJoules: number | null;
}

export function energyBreakdown(metrics: Record<string, unknown>): EnergyBreakdown | null {
  const total = numberAt(metrics, 'energy.perInferenceJoules');
  if (total === null) return null;
  const mem = valueAt(metrics, 'energy.memoryJoules');
  const memoryJoules: Record<string, number> = {};
  if (isRecord(mem)) {
    for (const [k, v] of Object.entries(mem)) if (typeof v === 'number' && Number.isFinite(v)) memoryJoules[k] = v;
  }
  return {
    totalJoules: total,
    computeJoules: numberAt(metrics, 'energy.computeJoules'),
    memoryJoules,
    decoderJoules: numberAt(metrics, 'energy.decoderJoules'),
    leakageJoules: numberAt(metrics, 'energy.leakageJoules'),
  };
}

/** Distinct string items of an array at a path (warnings, folded BNs, …). */
export function stringsAt(record: unknown, path: string): string[] {
  const v = valueAt(record, path);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The calibration the evaluation reports (source, samples, method), or null. */
export function calibrationOf(metrics: Record<string, unknown>): { source: string; samples: number | null; method: string } | null {
  const c = metrics.calibration;
  if (!isRecord(c)) return null;
  return { source: stringOrNull(c.source) ?? '?', samples: numberAt(c, 'samples'), method: stringOrNull(c.method) ?? '?' };
}
