/**
 * The per-layer sensitivity heatmap as an ECharts option: layers down, weight widths across, each
 * cell's colour and label the accuracy drop (percentage points) when only that layer is narrowed
 * to that width, every other layer at the reference width. Cells never probed stay empty.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { SensitivityHeatmap } from '../../../src-shared/api/model-analysis.js';
import type { ChartPalette } from './front-chart-option.js';

export interface HeatmapPalette extends ChartPalette {
  /** Colours from no drop to the largest drop. */
  readonly scale: readonly string[];
}

/** Layer rows in the model's order (unknown names last, as given). */
export function orderedLayers(heatmap: SensitivityHeatmap, modelOrder: readonly string[]): SensitivityHeatmap['layers'] {
  const rank = new Map(modelOrder.map((n, i) => [n, i]));
  return [...heatmap.layers].sort((a, b) => (rank.get(a.name) ?? Infinity) - (rank.get(b.name) ?? Infinity));
}

/** Cells as [width index, layer index, drop in percentage points]; unprobed cells are left out. */
export function heatmapCells(layers: SensitivityHeatmap['layers']): [number, number, number][] {
  const cells: [number, number, number][] = [];
  layers.forEach((l, y) => l.drops.forEach((d, x) => d !== null && cells.push([x, y, Math.round(d * 1e4) / 100])));
  return cells;
}

export function sensitivityHeatmapOption(heatmap: SensitivityHeatmap, modelOrder: readonly string[], palette: HeatmapPalette): EChartsCoreOption {
  const layers = orderedLayers(heatmap, modelOrder);
  const cells = heatmapCells(layers);
  const largest = Math.max(1, ...cells.map((c) => c[2]));
  return {
    backgroundColor: 'transparent',
    textStyle: { color: palette.text },
    animation: false,
    grid: { left: 150, right: 90, top: 30, bottom: 40 },
    tooltip: {
      formatter: (p: { value: [number, number, number] }) =>
        `${layers[p.value[1]].name} at w${heatmap.widths[p.value[0]]}: ${p.value[2] >= 0 ? `${p.value[2].toFixed(2)} pp accuracy lost` : `${(-p.value[2]).toFixed(2)} pp better (noise)`}`,
    },
    xAxis: {
      type: 'category',
      data: heatmap.widths.map((w) => `w${w}${w === heatmap.referenceBits ? ' (ref)' : ''}`),
      name: 'weight bits of that layer',
      nameLocation: 'middle',
      nameGap: 26,
      position: 'bottom',
      axisLabel: { color: palette.muted },
      axisLine: { lineStyle: { color: palette.muted } },
    },
    yAxis: {
      type: 'category',
      data: layers.map((l) => l.name),
      inverse: true,
      axisTick: { show: false },
      axisLabel: { color: palette.text, width: 140, overflow: 'truncate' },
      axisLine: { lineStyle: { color: palette.muted } },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max: largest,
      calculable: false,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      text: [`${largest.toFixed(1)} pp lost`, '0'],
      textStyle: { color: palette.muted },
      inRange: { color: [...palette.scale] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'accuracy drop',
        data: cells,
        // Outlined in the panel colour, so the number reads on pale and on saturated cells alike.
        label: {
          show: true,
          color: palette.text,
          textBorderColor: palette.background,
          textBorderWidth: 3,
          formatter: (p: { value: [number, number, number] }) => p.value[2].toFixed(1),
        },
        itemStyle: { borderColor: palette.background, borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: palette.text } },
      },
    ],
  };
}
