/**
 * The Hardware view's energy charts as ECharts options: energy per MAC against the operand width
 * (weights and activations at the same width, then float32), and the energy per accessed bit of
 * each memory level. Both on log axes: a DRAM bit costs hundreds of register-file bits.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { LevelEnergyRow, MacEnergyRow } from '../../../src-shared/api/hardware-view.js';
import type { ChartPalette } from './front-chart-option.js';

export const macWidthLabel = (bits: number | null) => (bits === null ? 'float32' : `${bits}×${bits}`);

const axisStyle = (palette: ChartPalette) => ({
  axisLabel: { color: palette.muted },
  axisLine: { lineStyle: { color: palette.muted } },
  splitLine: { lineStyle: { color: palette.grid } },
});

const pj = (v: unknown) => (typeof v === 'number' ? `${Number(v.toPrecision(3))} pJ` : String(v));

/** Energy per MAC by width; a log axis only when every figure is positive. */
export function macEnergyOption(rows: readonly MacEnergyRow[], palette: ChartPalette): EChartsCoreOption {
  const positive = rows.every((r) => r.pj > 0);
  return {
    backgroundColor: 'transparent',
    textStyle: { color: palette.text },
    animation: false,
    grid: { left: 60, right: 20, top: 30, bottom: 50 },
    tooltip: { trigger: 'axis', valueFormatter: pj },
    xAxis: { type: 'category', name: 'weight × activation bits', nameLocation: 'middle', nameGap: 30, data: rows.map((r) => macWidthLabel(r.bits)), ...axisStyle(palette) },
    yAxis: { type: positive ? 'log' : 'value', name: 'pJ per MAC', ...axisStyle(palette) },
    series: [{ name: 'energy per MAC', type: 'line', data: rows.map((r) => r.pj), symbolSize: 7, lineStyle: { color: palette.front }, itemStyle: { color: palette.front } }],
  };
}

/** The levels whose access costs energy of its own (an MCU's may be folded into its per-cycle figure). */
export function chartedLevels(levels: readonly LevelEnergyRow[]): LevelEnergyRow[] {
  return levels.filter((l) => l.pjPerBit > 0);
}

/** Energy per accessed bit of each level, one dot per level on a log axis. */
export function levelEnergyOption(levels: readonly LevelEnergyRow[], palette: ChartPalette): EChartsCoreOption {
  const shown = chartedLevels(levels);
  return {
    backgroundColor: 'transparent',
    textStyle: { color: palette.text },
    animation: false,
    grid: { left: 110, right: 30, top: 20, bottom: 50 },
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: [number, string] }) => `${p.name}: ${pj(p.value[0])} per bit` },
    xAxis: { type: 'log', name: 'pJ per bit accessed', nameLocation: 'middle', nameGap: 30, ...axisStyle(palette) },
    yAxis: { type: 'category', data: shown.map((l) => l.id), inverse: true, ...axisStyle(palette) },
    series: [
      {
        name: 'energy per bit',
        type: 'scatter',
        symbolSize: 12,
        data: shown.map((l) => ({ name: l.name, value: [l.pjPerBit, l.id] })),
        itemStyle: { color: palette.front },
      },
    ],
  };
}
