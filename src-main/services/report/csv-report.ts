/**
 * The CSV report: one row per current evaluated point, for spreadsheets and scripts. Quoting
 * follows RFC 4180 (fields with a comma, quote, CR or LF are quoted, quotes doubled, CRLF line
 * ends), so any conforming reader gets the values back exactly.
 *
 * Numbers are written in JavaScript's shortest round-trip form (no rounding, no thousands
 * separators, `.` as the decimal point whatever the locale); an absent figure is an empty field;
 * booleans are `true`/`false`. Stale results are not rows (they are in the HTML and JSON reports):
 * a spreadsheet plot of this file must show only comparable points.
 */
import type { ReportModel, ReportPoint } from './report-data.js';

/** The columns, in order. */
export const CSV_COLUMNS = [
  'key',
  'on_front_memory',
  'on_front_energy',
  'feasible',
  'weight_bits',
  'activation_bits',
  'weight_quantizer',
  'activation_quantizer',
  'granularity',
  'narrow_range',
  'weight_clip',
  'weight_rounding',
  'prune_ratio',
  'prune_kind',
  'prune_scope',
  'calib_method',
  'calib_percentile',
  'fold_batch_norm',
  'mode',
  'accumulator_bits',
  'accumulator_overflow',
  'requant_rounding',
  'layer_overrides',
  'accuracy',
  'ci_lo',
  'ci_hi',
  'weight_bytes',
  'bits_per_param',
  'activation_peak_bytes',
  'energy_j',
  'latency_cycles',
  'vdd',
  'ber',
  'coding',
  'hardware',
  'storage',
  'protect_msb',
  'fault_mode',
  'fault_persistence',
  'seeds',
  'on_robust_front_memory',
  'on_robust_front_energy',
  'knee_memory',
  'knee_energy',
  'samples',
  'evaluated_at',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
type CsvValue = string | number | boolean | null;

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: CsvValue): string {
  const s = value === null ? '' : typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(p: ReportPoint): Record<CsvColumn, CsvValue> {
  const c = p.config;
  const t = p.target;
  const f = p.figures;
  return {
    key: p.key,
    on_front_memory: p.onFront.memory,
    on_front_energy: p.onFront.energy,
    feasible: p.feasible,
    weight_bits: c.weightBits,
    activation_bits: c.activationBits,
    weight_quantizer: c.weightQuantizer,
    activation_quantizer: c.activationQuantizer,
    granularity: c.granularity,
    narrow_range: c.narrowRange,
    weight_clip: c.weightClip,
    weight_rounding: c.weightRounding,
    prune_ratio: c.pruneRatio,
    prune_kind: c.pruneKind,
    prune_scope: c.pruneScope,
    calib_method: c.calibMethod,
    calib_percentile: c.calibPercentile,
    fold_batch_norm: c.foldBatchNorm,
    mode: c.mode,
    accumulator_bits: c.accumulatorBits,
    accumulator_overflow: c.accumulatorOverflow,
    requant_rounding: c.requantRounding,
    layer_overrides: Object.keys(c.layers).length > 0 ? JSON.stringify(c.layers) : '',
    accuracy: f.accuracy,
    ci_lo: f.ciLo,
    ci_hi: f.ciHi,
    weight_bytes: f.weightBytes,
    bits_per_param: f.bitsPerParam,
    activation_peak_bytes: f.activationPeakBytes,
    energy_j: f.energyJoules,
    latency_cycles: f.latencyCycles,
    vdd: f.vdd,
    ber: f.ber,
    coding: t.coding,
    hardware: t.hardware,
    storage: t.storage,
    protect_msb: t.protectMsb,
    fault_mode: t.faultMode,
    fault_persistence: t.faultPersistence,
    seeds: t.seeds,
    on_robust_front_memory: p.onRobustFront.memory,
    on_robust_front_energy: p.onRobustFront.energy,
    knee_memory: p.isKnee.memory,
    knee_energy: p.isKnee.energy,
    samples: f.samples,
    evaluated_at: p.evaluatedAt,
  };
}

/** The CSV text: a header row, then one row per current point in the project's order; CRLF line ends. */
export function renderCsvReport(model: ReportModel): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const p of model.points) {
    const r = row(p);
    lines.push(CSV_COLUMNS.map((col) => csvField(r[col])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
