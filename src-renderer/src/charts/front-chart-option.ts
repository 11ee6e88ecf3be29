/**
 * The Run view's live chart as an ECharts option: every finished point (accuracy against weight
 * memory), the accuracy-vs-memory Pareto front highlighted and joined by a step line. A pure
 * function of the points and the theme's colours, so it is tested without a browser.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { LivePoint } from '../../../src-shared/api/sweep-status.js';
import { paretoFront } from '../../../src-shared/pareto/index.js';
import { formatBytes, formatPercent } from '../format.js';

export interface ChartPalette {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly point: string;
  readonly front: string;
  readonly background: string;
}

export interface FrontChart {
  readonly option: EChartsCoreOption;
  /** Indices into the points of the front, cheapest first. */
  readonly front: readonly number[];
}

/** A log memory axis once the points span more than two decades (pruning and low bits do). */
export function wantsLogAxis(values: readonly number[]): boolean {
  if (values.length < 2 || values.some((v) => !(v > 0))) return false;
  return Math.max(...values) / Math.min(...values) > 100;
}

/** The accuracy-vs-weight-memory front (accuracy up, bytes down), by increasing bytes. */
export function memoryFrontOf(points: readonly LivePoint[]): number[] {
  const front = paretoFront(
    points.map((p) => ({ accuracy: p.accuracy, weightBytes: p.weightBytes })),
    [
      { key: 'accuracy', sense: 'max' },
      { key: 'weightBytes', sense: 'min' },
    ],
  );
  return front.sort((a, b) => points[a].weightBytes - points[b].weightBytes || points[b].accuracy - points[a].accuracy);
}

type Datum = { value: [number, number]; name: string };

export function frontChartOption(points: readonly LivePoint[], palette: ChartPalette): FrontChart {
  const front = memoryFrontOf(points);
  const onFront = new Set(front);
  const datum = (p: LivePoint): Datum => ({ value: [p.weightBytes, 100 * p.accuracy], name: p.label });
  const others = points.filter((_, i) => !onFront.has(i)).map(datum);
  const frontData = front.map((i) => datum(points[i]));
  const log = wantsLogAxis(points.map((p) => p.weightBytes));
  const axisCommon = {
    nameTextStyle: { color: palette.muted },
    axisLine: { lineStyle: { color: palette.muted } },
    axisLabel: { color: palette.text },
    splitLine: { lineStyle: { color: palette.grid } },
  };
  const option: EChartsCoreOption = {
    backgroundColor: palette.background,
    animation: false,
    textStyle: { color: palette.text },
    grid: { left: 64, right: 24, top: 36, bottom: 56 },
    legend: { top: 4, right: 8, textStyle: { color: palette.text }, data: ['design points', 'front'] },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: Datum }) => {
        if (!p.data) return '';
        const [bytes, acc] = p.data.value;
        // Plain text only: labels come from the project file.
        return `${escapeHtml(p.data.name)}<br/>accuracy ${formatPercent(acc / 100)} · ${formatBytes(bytes)}`;
      },
    },
    xAxis: { ...axisCommon, type: log ? 'log' : 'value', name: 'weight memory (bytes)', nameLocation: 'middle', nameGap: 32, scale: true },
    yAxis: { ...axisCommon, type: 'value', name: 'accuracy (%)', nameLocation: 'middle', nameGap: 44, scale: true },
    series: [
      { name: 'design points', type: 'scatter', symbolSize: 8, itemStyle: { color: palette.point, opacity: 0.8 }, data: others },
      {
        name: 'front',
        type: 'line',
        step: 'end',
        symbol: 'circle',
        symbolSize: 11,
        lineStyle: { color: palette.front, width: 2 },
        itemStyle: { color: palette.front },
        data: frontData,
      },
    ],
  };
  return { option, front };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
