/** The selected layer's float weight histogram as an ECharts option: counts per equal-width bin of the weight values. */
import type { EChartsCoreOption } from 'echarts/core';
import type { LayerWeightHistogram } from '../../../src-shared/api/model-analysis.js';
import type { ChartPalette } from './front-chart-option.js';

/** Bin centres, from the histogram's range. */
export function binCentres(h: Pick<LayerWeightHistogram, 'min' | 'max' | 'counts'>): number[] {
  const width = (h.max - h.min) / h.counts.length;
  return h.counts.map((_, i) => h.min + (i + 0.5) * width);
}

const fmt = (v: number) => (Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : v.toExponential(1));

export function weightHistogramOption(h: LayerWeightHistogram, palette: ChartPalette): EChartsCoreOption {
  const centres = binCentres(h);
  return {
    backgroundColor: 'transparent',
    textStyle: { color: palette.text },
    animation: false,
    grid: { left: 60, right: 16, top: 12, bottom: 54 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: centres.map(fmt),
      name: 'weight value (bin centre)',
      nameLocation: 'middle',
      nameGap: 36,
      axisLabel: { color: palette.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: palette.muted } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: palette.muted },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: [{ type: 'bar', name: 'weights', data: h.counts, barCategoryGap: '8%', itemStyle: { color: palette.point } }],
  };
}
