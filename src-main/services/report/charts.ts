/**
 * The report's charts as ECharts options, rendered to SVG strings on the server.
 *
 * ECharts is the renderer's chart library too, so a report's chart looks like the one on screen.
 * Its server-side mode (`init(null, null, { renderer: 'svg', ssr: true })`) needs no DOM and no
 * browser, so a report is one self-contained file whose charts are inline SVG — no scripts, no
 * network, printable as is.
 *
 * Pareto charts: every feasible point in grey, infeasible points hollow, the points only the
 * uncertainty-aware front keeps in amber, the front in red joined by a line, the knee as a large
 * diamond, and the accuracy's 95 % interval as a vertical error bar on every plotted point. Each
 * kind of mark has its own colour (`CHART_COLORS`) and the front's symbols are drawn by one series
 * with one symbol per point, so the SVG can be checked (and read) mark by mark. The legend is
 * written in HTML beside the chart rather than drawn by ECharts, which keeps the SVG free of
 * legend swatches that would look like extra points.
 */
import * as echarts from 'echarts';
import type { CustomSeriesRenderItem, EChartsOption } from 'echarts';
import { FRONT_COST, pointByKey, type FrontId, type ReportModel, type ReportPoint } from './report-data.js';
import { InternalError } from '../../../src-shared/errors.js';
import { formatBytesShort, formatJoules, sig } from './format.js';

/** The colour of each kind of mark (hex, lower case: ECharts writes fills as given). */
export const CHART_COLORS = {
  point: '#8c8c8c',
  infeasible: '#bbbbbb',
  robust: '#e69f00',
  front: '#c0392b',
  knee: '#1f4e79',
  interval: '#b5b5b5',
  frontInterval: '#d98880',
} as const;

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

export const PARETO_CHART_SIZE: ChartSize = { width: 760, height: 420 };

/** Use a log x axis when the values span more than two decades. */
export function wantsLogAxis(values: readonly number[]): boolean {
  if (values.length < 2) return false;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0)) return false; // a log axis cannot show 0 or negative values
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi / lo > 100;
}

type Datum = [number, number];

function toDatum(p: ReportPoint, id: FrontId): Datum | null {
  const cost = p.figures[FRONT_COST[id].field];
  const acc = p.figures.accuracy;
  return cost === null || acc === null ? null : [cost, 100 * acc];
}

function costLabel(id: FrontId, v: number): string {
  return id === 'memory' ? formatBytesShort(v) : formatJoules(v);
}

/** A vertical bar with caps from (x, lo) to (x, hi): the accuracy interval of one point. */
const errorBar: CustomSeriesRenderItem = (_params, api) => {
  const x = api.value(0) as number;
  const lo = api.coord([x, api.value(1) as number]);
  const hi = api.coord([x, api.value(2) as number]);
  const cap = 3;
  const style = { stroke: api.visual('color') as string, lineWidth: 1, fill: 'none' };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
      { type: 'line', shape: { x1: lo[0] - cap, y1: lo[1], x2: lo[0] + cap, y2: lo[1] }, style },
      { type: 'line', shape: { x1: hi[0] - cap, y1: hi[1], x2: hi[0] + cap, y2: hi[1] }, style },
    ],
  };
};

/** The ECharts option of one Pareto chart (accuracy against the front's cost). */
export function paretoChartOption(model: ReportModel, id: FrontId): EChartsOption {
  const front = model.fronts[id];
  const plotted = model.points.filter((p) => toDatum(p, id) !== null);
  const frontSet = new Set(front.keys);
  const robustSet = new Set(front.robustKeys);
  const grey: Datum[] = [];
  const hollow: Datum[] = [];
  const robustOnly: Datum[] = [];
  const intervals: [number, number, number][] = [];
  const frontIntervals: [number, number, number][] = [];
  for (const p of plotted) {
    const d = toDatum(p, id) as Datum;
    if (!p.feasible) hollow.push(d);
    else if (frontSet.has(p.key)) {
      // drawn by the front series below, in front order
    } else if (robustSet.has(p.key)) robustOnly.push(d);
    else grey.push(d);
    if (p.figures.ciLo !== null && p.figures.ciHi !== null) {
      (frontSet.has(p.key) ? frontIntervals : intervals).push([d[0], 100 * p.figures.ciLo, 100 * p.figures.ciHi]);
    }
  }
  const frontData = front.keys.map((k) => toDatum(pointByKey(model, k), id) as Datum);
  const knee = front.kneeKey ? toDatum(pointByKey(model, front.kneeKey), id) : null;
  const costs = plotted.map((p) => toDatum(p, id)![0]);
  const log = wantsLogAxis(costs);
  const symbolSeries = (name: string, data: Datum[], color: string, extra: Record<string, unknown> = {}) => ({
    type: 'scatter' as const,
    name,
    data,
    symbol: 'circle',
    symbolSize: 7,
    itemStyle: { color },
    z: 3,
    ...extra,
  });
  const intervalSeries = (name: string, data: [number, number, number][], color: string) => ({
    type: 'custom' as const,
    name,
    data,
    renderItem: errorBar,
    itemStyle: { color },
    encode: { x: 0, y: [1, 2] },
    z: 1,
    silent: true,
  });
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'sans-serif' },
    grid: { left: 70, right: 30, top: 20, bottom: 55, containLabel: false },
    xAxis: {
      type: log ? 'log' : 'value',
      name: `${FRONT_COST[id].label}${log ? ', log scale' : ''}`,
      nameLocation: 'middle',
      nameGap: 32,
      scale: true,
      axisLabel: { formatter: (v: number) => costLabel(id, v), hideOverlap: true },
      splitLine: { lineStyle: { color: '#eeeeee' } },
    },
    yAxis: {
      type: 'value',
      name: 'accuracy (%)',
      nameLocation: 'middle',
      nameGap: 50,
      scale: true,
      axisLabel: { formatter: (v: number) => `${sig(v, 4)}` },
      splitLine: { lineStyle: { color: '#eeeeee' } },
    },
    series: [
      intervalSeries('interval', intervals, CHART_COLORS.interval),
      intervalSeries('front interval', frontIntervals, CHART_COLORS.frontInterval),
      symbolSeries('infeasible', hollow, CHART_COLORS.infeasible, { symbol: 'emptyCircle' }),
      symbolSeries('dominated', grey, CHART_COLORS.point),
      symbolSeries('uncertainty-aware front only', robustOnly, CHART_COLORS.robust, { symbol: 'rect', symbolSize: 7 }),
      {
        type: 'line',
        name: 'front line',
        data: frontData,
        showSymbol: false,
        lineStyle: { color: CHART_COLORS.front, width: 1.5 },
        itemStyle: { color: CHART_COLORS.front },
        z: 2,
        silent: true,
      },
      symbolSeries('front', frontData, CHART_COLORS.front, { symbolSize: 9, z: 4 }),
      symbolSeries('knee', knee ? [knee] : [], CHART_COLORS.knee, {
        symbol: 'diamond',
        symbolSize: 16,
        z: 5,
        label: { show: true, formatter: 'knee', position: 'right', color: CHART_COLORS.knee, fontWeight: 'bold' },
      }),
    ],
  };
}

/** "memory knee", "memory and energy knee". */
function kneeLabel(fronts: readonly FrontId[]): string {
  return `${fronts.join(' + ')} knee`;
}

/**
 * Horizontal stacked bars, one bar per knee point, one segment per layer: where the energy (or the
 * stored bytes) of the balanced design goes. Energy not attributed to a weight layer (pooling,
 * adds, leakage, the decoder) is its own segment, so each bar adds up to the point's total.
 */
export function layerChartOption(model: ReportModel, what: 'energy' | 'bytes'): EChartsOption | null {
  const knees = model.knees.filter((k) => k.layers.length > 0);
  if (knees.length === 0) return null;
  const names: string[] = [];
  for (const k of knees) for (const l of k.layers) if (!names.includes(l.name)) names.push(l.name);
  const value = (k: (typeof knees)[number], name: string): number => {
    const l = k.layers.find((x) => x.name === name);
    const v = l ? (what === 'energy' ? l.energyJoules : l.codedBytes) : null;
    return v ?? 0;
  };
  const series: NonNullable<EChartsOption['series']> = names.map((name) => ({
    type: 'bar' as const,
    name,
    stack: 'total',
    data: knees.map((k) => value(k, name)),
    barMaxWidth: 36,
  }));
  if (what === 'energy') {
    const rest = knees.map((k) => {
      const layerSum = k.layers.reduce((s, l) => s + (l.energyJoules ?? 0), 0);
      return k.energy ? Math.max(0, k.energy.totalJoules - layerSum) : 0;
    });
    if (rest.some((r) => r > 0)) {
      series.push({ type: 'bar', name: 'rest (pooling, adds, leakage, decoder)', stack: 'total', data: rest, barMaxWidth: 36, itemStyle: { color: '#d9d9d9' } });
    }
  }
  const fmt = (v: number) => (what === 'energy' ? formatJoules(v) : formatBytesShort(v));
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'sans-serif' },
    legend: { type: 'plain', bottom: 0, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 10 } },
    grid: { left: 130, right: 30, top: 20, bottom: 50 + 18 * Math.ceil(series.length / 5), containLabel: false },
    xAxis: { type: 'value', name: what === 'energy' ? 'energy per inference' : 'stored weight bytes', nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: fmt, hideOverlap: true } },
    yAxis: { type: 'category', data: knees.map((k) => kneeLabel(k.fronts)) },
    series,
  };
}

/** Height that fits a layer chart's bars and legend. */
export function layerChartSize(model: ReportModel): ChartSize {
  const knees = model.knees.filter((k) => k.layers.length > 0).length;
  const layers = new Set(model.knees.flatMap((k) => k.layers.map((l) => l.name))).size + 1;
  return { width: 760, height: 90 + 50 * knees + 18 * Math.ceil(layers / 5) };
}

/**
 * Renders an option to an SVG string (ECharts SSR), ready to inline in HTML:
 *   - the XML namespace declarations go (implied in HTML, and a report must not contain URLs);
 *   - the `<style>` block goes (it only holds hover effects, useless in a static report), and
 *     with it the class names it targeted, which ECharts numbers process-wide;
 *   - element ids (clip paths), which ECharts numbers with a process-wide counter (`zr3-c0`), are
 *     renamed to `${idPrefix}-c0`: several charts in one document must not share an id, and the
 *     same project must give the same bytes however many charts the process drew before.
 */
export function renderSvg(option: EChartsOption, size: ChartSize, idPrefix = 'chart'): string {
  if (!/^[a-z][a-z0-9-]*$/.test(idPrefix)) throw new InternalError('report-chart-id', `Invalid chart id prefix "${idPrefix}".`);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart
      .renderToSVGString()
      .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
      .replace(/<style[^>]*>[\s\S]*?<\/style>\s*/g, '')
      .replace(/\sclass="zr\d+-cls-\d+"/g, '')
      .replace(/\bzr\d+-/g, `${idPrefix}-`);
  } finally {
    chart.dispose();
  }
}

export interface ReportCharts {
  readonly pareto: { readonly memory: string; readonly energy: string };
  readonly layerEnergy: string | null;
  readonly layerBytes: string | null;
}

/** Every chart of a report as SVG. */
export function renderReportCharts(model: ReportModel): ReportCharts {
  const layerSize = layerChartSize(model);
  const energy = layerChartOption(model, 'energy');
  const bytes = layerChartOption(model, 'bytes');
  return {
    pareto: {
      memory: renderSvg(paretoChartOption(model, 'memory'), PARETO_CHART_SIZE, 'pareto-memory'),
      energy: renderSvg(paretoChartOption(model, 'energy'), PARETO_CHART_SIZE, 'pareto-energy'),
    },
    layerEnergy: energy ? renderSvg(energy, layerSize, 'layer-energy') : null,
    layerBytes: bytes ? renderSvg(bytes, layerSize, 'layer-bytes') : null,
  };
}
