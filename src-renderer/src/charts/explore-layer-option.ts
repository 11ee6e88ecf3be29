/**
 * The details panel's per-layer bar charts: stored weight bytes per layer stacked with what
 * pruning, the sparse format and coding saved against the dense layout, and energy per inference
 * per layer. Pure option builders over a PointDetails, tested without a browser.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { EnergyComponents, LayerDetail } from '../../../src-shared/api/point-details.js';
import { formatBytes, formatJoules } from '../format.js';
import type { ChartPalette } from './front-chart-option.js';

export interface LayerBarsPalette extends ChartPalette {
  readonly saved: string;
  readonly energy: string;
}

/** Pixels per layer row; the chart grows with the model. */
export const LAYER_ROW_PX = 20;

export function layerChartHeight(layers: number): number {
  return Math.max(140, 70 + LAYER_ROW_PX * layers);
}

function base(layers: readonly LayerDetail[], palette: ChartPalette, format: (v: number) => string): EChartsCoreOption {
  const valueFormat = (v: number) => (v === 0 ? '0' : format(v));
  return {
    backgroundColor: palette.background,
    animation: false,
    textStyle: { color: palette.text },
    grid: { left: 8, right: 24, top: 30, bottom: 24, containLabel: true },
    legend: { top: 0, right: 0, textStyle: { color: palette.text } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, backgroundColor: palette.background, borderColor: palette.grid, textStyle: { color: palette.text }, valueFormatter: (v: unknown) => (typeof v === 'number' ? valueFormat(v) : '–') },
    xAxis: { type: 'value', axisLabel: { color: palette.text, formatter: valueFormat, hideOverlap: true }, splitLine: { lineStyle: { color: palette.grid } } },
    // Layers top to bottom in model order.
    yAxis: { type: 'category', inverse: true, data: layers.map((l) => l.name), axisLabel: { color: palette.text, width: 160, overflow: 'truncate' }, axisLine: { lineStyle: { color: palette.muted } } },
  };
}

/** Stored bytes per layer, stacked with the bytes saved against the dense layout. */
export function layerBytesOption(layers: readonly LayerDetail[], palette: LayerBarsPalette): EChartsCoreOption {
  const stored = layers.map((l) => l.storedBytes);
  const saved = layers.map((l) => (l.denseBytes !== null && l.storedBytes !== null ? Math.max(0, l.denseBytes - l.storedBytes) : null));
  return {
    ...base(layers, palette, formatBytes),
    series: [
      { name: 'stored', type: 'bar', stack: 'bytes', itemStyle: { color: palette.front }, data: stored },
      { name: 'saved vs dense', type: 'bar', stack: 'bytes', itemStyle: { color: palette.saved }, data: saved },
    ],
  };
}

/** Energy per inference per layer (the EvalResult splits energy by component for the whole point only). */
export function layerEnergyOption(layers: readonly LayerDetail[], palette: LayerBarsPalette): EChartsCoreOption {
  return {
    ...base(layers, palette, formatJoules),
    series: [{ name: 'energy per inference', type: 'bar', itemStyle: { color: palette.energy }, data: layers.map((l) => l.energyJoules) }],
  };
}

export interface EnergyPart {
  readonly label: string;
  readonly joules: number;
  /** Share of the total, 0..1. */
  readonly share: number;
}

/** The point's energy split by component, largest first; parts that are absent or zero are left out. */
export function energyParts(energy: EnergyComponents): EnergyPart[] {
  const parts: [string, number | null][] = [
    ['compute', energy.computeJoules],
    ...Object.entries(energy.memoryJoules).map(([level, j]): [string, number] => [`memory: ${level}`, j]),
    ['decoder', energy.decoderJoules],
    ['leakage', energy.leakageJoules],
  ];
  const total = energy.totalJoules > 0 ? energy.totalJoules : 1;
  return parts
    .filter((p): p is [string, number] => p[1] !== null && p[1] > 0)
    .map(([label, joules]) => ({ label, joules, share: joules / total }))
    .sort((a, b) => b.joules - a.joules);
}
