/**
 * The Explore view's Pareto chart as an ECharts option: the current points on two chosen axes,
 * coloured and sized by a parameter, the front of those two axes joined by a step line, the
 * accuracy's 95 % interval as error bars, the points the user picked ringed. Stale points are
 * never plotted (they belong to other inputs). A pure function, so it is tested without a browser.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from './front-chart-option.js';
import { CATEGORY_COLORS, RAMP_COLORS, encode, levelColor, levelSize, type Encoding } from './explore-encoding.js';
import { paretoFrontOf } from './explore-front.js';
import { AXIS_INFO, axisValue, encodingLabel, encodingValue, isParam, paramText, type AxisId, type EncodingId, type ExplorePoint } from './explore-points.js';

export interface ExploreSettings {
  readonly x: AxisId;
  readonly y: AxisId;
  readonly logX: boolean;
  readonly logY: boolean;
  readonly colorBy: EncodingId;
  readonly sizeBy: EncodingId;
}

export const DEFAULT_SETTINGS: ExploreSettings = { x: 'weightBytes', y: 'accuracy', logX: false, logY: false, colorBy: 'weightBits', sizeBy: 'none' };

export interface ExplorePalette extends ChartPalette {
  /** Ring of the picked points. */
  readonly highlight: string;
}

/** Error bars on every point up to this many plotted points; above, on the front only. */
export const ERROR_BARS_ALL_LIMIT = 1500;
/** ECharts' large mode (one path per series, hit-tested without an element per point) from here. */
export const LARGE_THRESHOLD = 2000;

export interface LegendEntry {
  readonly label: string;
  readonly color?: string;
  readonly size?: number;
}

/** Where the points sit on the chosen axes, and the front: computed once per data or axes change. */
export interface ExploreLayout {
  /** Indices (into the points) of the plotted points. */
  readonly plotted: readonly number[];
  /** Plotted position per point (NaN = not plotted). */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Indices of the front, in the order the line joins them. */
  readonly front: readonly number[];
  /** Current points left out because a figure is missing (or not positive on a log axis). */
  readonly unplottable: number;
  readonly stale: number;
}

export interface ExploreChart {
  readonly option: EChartsCoreOption;
  readonly colorLegend: readonly LegendEntry[];
  readonly sizeLegend: readonly LegendEntry[];
  readonly errorBars: 'all' | 'front' | 'none';
}

/** [x, y, point index]: the index lets the tooltip and click find the point. */
type Datum = [number, number, number];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function encodingText(p: ExplorePoint, id: EncodingId): string {
  if (id === 'none') return '';
  const v = encodingValue(p, id);
  const text = isParam(id) ? paramText(id, v) : v === null ? '–' : AXIS_INFO[id].format(v as number);
  return `${escapeHtml(encodingLabel(id))}: ${escapeHtml(text)}`;
}

/** The tooltip's text of a point (plain text from the project, escaped). */
export function tooltipHtml(p: ExplorePoint, settings: ExploreSettings): string {
  const lines = [`<strong>${escapeHtml(p.label)}</strong>`];
  for (const axis of [settings.y, settings.x]) {
    const v = p.figures[axis];
    lines.push(`${escapeHtml(AXIS_INFO[axis].label.replace(/ \(.*\)$/, ''))}: ${v === null ? '–' : escapeHtml(AXIS_INFO[axis].format(v))}`);
  }
  if (p.ci && settings.x !== 'accuracy' && settings.y !== 'accuracy') lines.push(`accuracy: ${escapeHtml(AXIS_INFO.accuracy.format(p.figures.accuracy ?? NaN))}`);
  if (p.ci) lines.push(`95 % interval: ${(100 * p.ci[0]).toFixed(2)} – ${(100 * p.ci[1]).toFixed(2)} %`);
  for (const id of [settings.colorBy, settings.sizeBy]) if (id !== 'none' && id !== settings.x && id !== settings.y) lines.push(encodingText(p, id));
  return lines.join('<br/>');
}

function legendOf(enc: Encoding | null, kind: 'color' | 'size', fallback: string): LegendEntry[] {
  if (!enc) return [];
  return enc.labels.map((label, level) => (kind === 'color' ? { label, color: levelColor(enc, level, fallback) } : { label, size: levelSize(enc, level) }));
}

export function exploreLayout(points: readonly ExplorePoint[], settings: Pick<ExploreSettings, 'x' | 'y' | 'logX' | 'logY'>): ExploreLayout {
  const { x, y, logX, logY } = settings;
  const plotted: number[] = [];
  let stale = 0;
  let unplottable = 0;
  const xs = new Float64Array(points.length).fill(NaN);
  const ys = new Float64Array(points.length).fill(NaN);
  points.forEach((p, i) => {
    if (p.stale) {
      stale++;
      return;
    }
    const vx = axisValue(p, x, logX);
    const vy = axisValue(p, y, logY);
    if (vx === null || vy === null) {
      unplottable++;
      return;
    }
    xs[i] = vx;
    ys[i] = vy;
    plotted.push(i);
  });
  const front = x === y ? [] : paretoFrontOf({ a: xs, b: ys, senses: [AXIS_INFO[x].sense, AXIS_INFO[y].sense] });
  return { plotted, xs, ys, front, unplottable, stale };
}

export function exploreChartOption(points: readonly ExplorePoint[], layout: ExploreLayout, settings: ExploreSettings, palette: ExplorePalette, picked: readonly string[] = []): ExploreChart {
  const { x, y, logX, logY } = settings;
  const { plotted, xs, ys, front } = layout;
  const plottedPoints = plotted.map((i) => points[i]);
  const colors = encode(plottedPoints, settings.colorBy, settings.colorBy === 'none' || isParam(settings.colorBy) ? CATEGORY_COLORS.length : RAMP_COLORS.length);
  const sizes = encode(plottedPoints, settings.sizeBy, 5);

  // One series per (colour, size) pair, in level order so the legend and the drawing agree.
  const groups = new Map<string, { color: string; size: number; data: Datum[] }>();
  plotted.forEach((i, k) => {
    const cl = colors ? colors.levelOf[k] : 0;
    const sl = sizes ? sizes.levelOf[k] : 0;
    const id = `${cl}|${sl}`;
    let g = groups.get(id);
    if (!g) {
      g = { color: levelColor(colors, cl, palette.point), size: levelSize(sizes, sl), data: [] };
      groups.set(id, g);
    }
    g.data.push([xs[i], ys[i], i]);
  });
  const pointSeries = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, g]) => ({
      id: `points-${id}`,
      name: 'design points',
      type: 'scatter',
      large: true,
      largeThreshold: LARGE_THRESHOLD,
      symbolSize: g.size,
      itemStyle: { color: g.color, opacity: 0.75 },
      data: g.data,
    }));

  const accuracyAxis = x === 'accuracy' ? 'x' : y === 'accuracy' ? 'y' : null;
  const errorBars: ExploreChart['errorBars'] = accuracyAxis === null ? 'none' : plotted.length <= ERROR_BARS_ALL_LIMIT ? 'all' : 'front';
  const barIndices = errorBars === 'all' ? plotted : errorBars === 'front' ? front : [];
  const bars = barIndices.flatMap((i) => {
    const ci = points[i].ci;
    return ci ? [[xs[i], ys[i], 100 * ci[0], 100 * ci[1]]] : [];
  });

  const axisCommon = {
    nameTextStyle: { color: palette.muted },
    axisLine: { lineStyle: { color: palette.muted } },
    axisLabel: { color: palette.text, hideOverlap: true },
    splitLine: { lineStyle: { color: palette.grid } },
    nameLocation: 'middle' as const,
    scale: true,
  };
  const option: EChartsCoreOption = {
    backgroundColor: palette.background,
    animation: false,
    textStyle: { color: palette.text },
    grid: { left: 72, right: 28, top: 24, bottom: 56 },
    tooltip: {
      trigger: 'item',
      className: 'explore-tooltip',
      confine: true,
      transitionDuration: 0,
      showDelay: 0,
      backgroundColor: palette.background,
      borderColor: palette.grid,
      textStyle: { color: palette.text },
      formatter: (p: { value?: unknown }) => {
        const v = p.value as Datum | undefined;
        const point = v ? points[v[2]] : undefined;
        return point ? tooltipHtml(point, settings) : '';
      },
    },
    xAxis: { ...axisCommon, type: logX ? 'log' : 'value', name: AXIS_INFO[x].label, nameGap: 32 },
    yAxis: { ...axisCommon, type: logY ? 'log' : 'value', name: AXIS_INFO[y].label, nameGap: 52 },
    // Wheel and pinch zoom both axes; points outside the window stay in the data (brush and table).
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
    ],
    series: [
      ...pointSeries,
      {
        id: 'error-bars',
        name: '95 % interval',
        type: 'custom',
        silent: true,
        z: 1,
        renderItem: (_params: unknown, api: ErrorBarApi) => {
          const [px, py, lo, hi] = [api.value(0), api.value(1), api.value(2), api.value(3)];
          const a = accuracyAxis === 'y' ? api.coord([px, lo]) : api.coord([lo, py]);
          const b = accuracyAxis === 'y' ? api.coord([px, hi]) : api.coord([hi, py]);
          return { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: { stroke: palette.muted, lineWidth: 1 } };
        },
        encode: { x: 0, y: 1 },
        data: bars,
      },
      {
        id: 'front',
        name: 'front',
        type: 'line',
        step: 'end',
        z: 3,
        // Hollow, so the colour of the point under it still shows.
        symbol: 'emptyCircle',
        symbolSize: 11,
        lineStyle: { color: palette.front, width: 2 },
        itemStyle: { color: palette.front, borderWidth: 2 },
        data: front.map((i): Datum => [xs[i], ys[i], i]),
      },
      {
        id: 'picked',
        name: 'picked',
        type: 'scatter',
        z: 4,
        symbol: 'circle',
        symbolSize: 18,
        itemStyle: { color: 'transparent', borderColor: palette.highlight, borderWidth: 3 },
        data: picked.flatMap((key) => {
          const i = points.findIndex((p) => p.key === key);
          return i >= 0 && !Number.isNaN(xs[i]) ? [[xs[i], ys[i], i] as Datum] : [];
        }),
      },
    ],
  };
  return {
    option,
    colorLegend: legendOf(colors, 'color', palette.point),
    sizeLegend: legendOf(sizes, 'size', palette.point),
    errorBars,
  };
}

/** What the custom series' renderItem uses of ECharts' api. */
interface ErrorBarApi {
  value(dim: number): number;
  coord(point: [number, number]): [number, number];
}

/** The plotted points inside a brushed rectangle given in data coordinates (accuracy in %). */
export function pointsInRange(layout: ExploreLayout, range: { x: readonly number[]; y: readonly number[] }): number[] {
  const [x0, x1] = [Math.min(range.x[0], range.x[1]), Math.max(range.x[0], range.x[1])];
  const [y0, y1] = [Math.min(range.y[0], range.y[1]), Math.max(range.y[0], range.y[1])];
  return layout.plotted.filter((i) => layout.xs[i] >= x0 && layout.xs[i] <= x1 && layout.ys[i] >= y0 && layout.ys[i] <= y1);
}
