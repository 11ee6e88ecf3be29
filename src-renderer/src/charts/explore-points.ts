/**
 * The Explore view's data: every result of the open project as a flat point with its headline
 * figures and the design parameters the chart can colour or size by. Pure functions, tested
 * without a browser; the ProjectView is already in the renderer, so no second copy is fetched.
 */
import type { ResultView } from '../../../src-shared/api/project-view.js';
import { formatBytes, formatInteger, formatJoules, formatPercent } from '../format.js';

/** The figures the axes can show. */
export const AXES = ['accuracy', 'weightBytes', 'energyJoules', 'latencyCycles', 'bitsPerParam', 'activationPeakBytes'] as const;
export type AxisId = (typeof AXES)[number];

export interface AxisInfo {
  readonly label: string;
  /** Better is larger (accuracy) or smaller (every cost). */
  readonly sense: 'max' | 'min';
  readonly format: (v: number) => string;
}

export const AXIS_INFO: Readonly<Record<AxisId, AxisInfo>> = {
  accuracy: { label: 'accuracy (%)', sense: 'max', format: (v) => formatPercent(v) },
  weightBytes: { label: 'weight memory (bytes)', sense: 'min', format: formatBytes },
  energyJoules: { label: 'energy per inference (J)', sense: 'min', format: formatJoules },
  latencyCycles: { label: 'latency (cycles)', sense: 'min', format: (v) => `${formatInteger(v)} cycles` },
  bitsPerParam: { label: 'bits per parameter', sense: 'min', format: (v) => v.toPrecision(3) },
  activationPeakBytes: { label: 'activation peak (bytes)', sense: 'min', format: formatBytes },
};

/** Design parameters a point can be coloured or sized by. */
export const PARAMS = ['weightBits', 'activationBits', 'weightQuantizer', 'granularity', 'pruneRatio', 'pruneKind', 'vdd', 'coding', 'storage', 'hardware'] as const;
export type ParamId = (typeof PARAMS)[number];

export const PARAM_LABELS: Readonly<Record<ParamId, string>> = {
  weightBits: 'weight bits',
  activationBits: 'activation bits',
  weightQuantizer: 'weight quantizer',
  granularity: 'granularity',
  pruneRatio: 'prune ratio',
  pruneKind: 'prune kind',
  vdd: 'SRAM Vdd',
  coding: 'coding',
  storage: 'storage format',
  hardware: 'hardware profile',
};

/** What colour or size can encode: nothing, a parameter, or a figure. */
export type EncodingId = 'none' | ParamId | AxisId;

/** A parameter's value; null = float (bits) or nominal (Vdd). */
export type ParamValue = string | number | null;

export interface ExplorePoint {
  /** Position in the project's results. */
  readonly index: number;
  readonly key: string;
  readonly label: string;
  readonly stale: boolean;
  readonly figures: Readonly<Record<AxisId, number | null>>;
  /** The accuracy's 95 % interval, or null. */
  readonly ci: readonly [number, number] | null;
  readonly params: Readonly<Record<ParamId, ParamValue>>;
}

export function explorePointsOf(results: readonly ResultView[]): ExplorePoint[] {
  return results.map((r, index) => ({
    index,
    key: r.key,
    label: r.label,
    stale: r.stale,
    figures: {
      accuracy: r.metrics.accuracy,
      weightBytes: r.metrics.weightBytes,
      energyJoules: r.metrics.energyJoules,
      latencyCycles: r.metrics.latencyCycles,
      bitsPerParam: r.metrics.bitsPerParam,
      activationPeakBytes: r.metrics.activationPeakBytes,
    },
    ci: r.metrics.accuracyCI95,
    params: {
      weightBits: r.config.weightBits,
      activationBits: r.config.activationBits,
      weightQuantizer: r.config.weightQuantizer,
      granularity: r.config.granularity,
      pruneRatio: r.config.pruneRatio,
      pruneKind: r.config.pruneKind,
      vdd: r.target.vdd,
      coding: r.target.coding,
      storage: r.target.storage,
      hardware: r.target.hardware,
    },
  }));
}

export function isParam(id: EncodingId): id is ParamId {
  return (PARAMS as readonly string[]).includes(id);
}

/** The value of a point an encoding reads. */
export function encodingValue(p: ExplorePoint, id: Exclude<EncodingId, 'none'>): ParamValue {
  return isParam(id) ? p.params[id] : p.figures[id];
}

/** How a parameter value reads in legends and tables. */
export function paramText(id: ParamId, v: ParamValue): string {
  if (v === null) return id === 'vdd' ? 'nominal' : 'float';
  if (id === 'vdd') return `${v} V`;
  if (id === 'pruneRatio') return `${Math.round(100 * (v as number))} %`;
  return String(v);
}

export function encodingLabel(id: EncodingId): string {
  if (id === 'none') return 'nothing';
  return isParam(id) ? PARAM_LABELS[id] : AXIS_INFO[id].label;
}

/**
 * Where a point sits on an axis: accuracy in percent, the rest as stored. null = not plottable
 * (missing, or not positive on a log axis).
 */
export function axisValue(p: ExplorePoint, axis: AxisId, log: boolean): number | null {
  const v = p.figures[axis];
  if (v === null || (log && !(v > 0))) return null;
  return axis === 'accuracy' ? 100 * v : v;
}
