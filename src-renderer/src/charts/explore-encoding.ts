/**
 * Colour and size of the Explore chart's points by a parameter or a figure. A parameter with few
 * values gets one colour (or size) per value; a figure or a parameter with many values is cut
 * into quantile bins. Each (colour, size) pair becomes its own ECharts series, because ECharts'
 * large-scatter mode (what keeps 20,000 points fluid) draws a series in one style.
 */
import { AXIS_INFO, encodingValue, isParam, paramText, type EncodingId, type ExplorePoint, type ParamValue } from './explore-points.js';

/** Distinguishable on the light and the dark panel (Tableau 10). */
export const CATEGORY_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;
/** Low to high, for binned figures; readable on both themes. */
export const RAMP_COLORS = ['#3a6fb0', '#3f9fb5', '#5cb88a', '#b5c24a', '#e89b3a', '#d9534f'] as const;
export const SIZES = [5, 7, 9, 11, 13] as const;

export interface Encoding {
  /** Level of each point (same order as the points); -1 = the value is missing. */
  readonly levelOf: Int32Array;
  /** One legend label per level. */
  readonly labels: readonly string[];
  /** Levels are bins of a range, coloured low → high on a ramp; otherwise each value gets its own distinct colour. */
  readonly ordered: boolean;
}

function compareValues(a: ParamValue, b: ParamValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/**
 * The levels of `points` under an encoding with at most `maxLevels` levels; null for 'none'.
 * Quantile bins over the distinct values, so a skewed figure (energy spans decades) still spreads
 * over every colour.
 */
export function encode(points: readonly ExplorePoint[], id: EncodingId, maxLevels: number): Encoding | null {
  if (id === 'none') return null;
  const values = points.map((p) => encodingValue(p, id));
  const distinct = [...new Set(values)].sort(compareValues);
  const levelOf = new Int32Array(points.length);
  const numeric = distinct.every((v) => v === null || typeof v === 'number');
  const fmt = (v: ParamValue) => (isParam(id) ? paramText(id, v) : v === null ? '–' : AXIS_INFO[id].format(v as number));
  if (distinct.length <= maxLevels || !numeric) {
    // Categories (a non-numeric parameter with more values than colours shares the last one).
    const shown = distinct.slice(0, maxLevels);
    const index = new Map(shown.map((v, i) => [v, i]));
    values.forEach((v, i) => (levelOf[i] = index.get(v) ?? maxLevels - 1));
    const labels = shown.map(fmt);
    if (distinct.length > maxLevels) labels[maxLevels - 1] = `${labels[maxLevels - 1]} and ${distinct.length - maxLevels} more`;
    // Distinct colours even for numbers (bit widths): up to ten values tell apart better than on a ramp.
    return { levelOf, labels, ordered: false };
  }
  const present = distinct.filter((v): v is number => v !== null);
  // Bin edges at quantiles of the distinct values: edge k is the first value of bin k.
  const edges = Array.from({ length: maxLevels }, (_, k) => present[Math.floor((k * present.length) / maxLevels)]);
  const binOf = (v: number) => {
    let lo = 0;
    for (let k = 1; k < edges.length; k++) if (v >= edges[k]) lo = k;
    return lo;
  };
  values.forEach((v, i) => (levelOf[i] = v === null ? -1 : binOf(v as number)));
  const labels = edges.map((e, k) => (k + 1 < edges.length ? `${fmt(e)} – ${fmt(edges[k + 1])}` : `≥ ${fmt(e)}`));
  return { levelOf, labels, ordered: true };
}

/** The colour of a level. */
export function levelColor(enc: Encoding | null, level: number, fallback: string): string {
  if (!enc || level < 0) return fallback;
  if (!enc.ordered) return CATEGORY_COLORS[level % CATEGORY_COLORS.length];
  const n = enc.labels.length;
  const ramp = n <= 1 ? 0 : Math.round((level * (RAMP_COLORS.length - 1)) / (n - 1));
  return RAMP_COLORS[ramp];
}

/** The symbol size of a level. */
export function levelSize(enc: Encoding | null, level: number): number {
  if (!enc || level < 0) return 8;
  const n = enc.labels.length;
  return n <= 1 ? SIZES[2] : SIZES[Math.round((level * (SIZES.length - 1)) / (n - 1))];
}
