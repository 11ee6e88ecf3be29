/**
 * The Hardware view's BER(Vdd) chart as an ECharts option: the SRAM bit-error rate against the
 * supply on a log axis, the measured range solid and the fit's extrapolation below it dashed, with
 * Vmin and Vnom marked. BER 0 (at and above Vmin) has no place on a log axis and is left out.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { BerCurveView } from '../../../src-shared/api/hardware-view.js';
import type { ChartPalette } from './front-chart-option.js';

/** Lowest BER the axis shows: one failing bit in a few hundred megabits is already rare. */
export const BER_FLOOR = 1e-9;

const fmtBer = (ber: number) => (ber === 0 ? '0' : ber.toExponential(2));

export function berChartOption(curve: BerCurveView, palette: ChartPalette): EChartsCoreOption {
  const visible = curve.points.filter((p) => p.ber >= BER_FLOOR);
  // The two parts share the point where extrapolation ends, so the line is unbroken.
  const firstMeasured = visible.findIndex((p) => !p.extrapolated);
  const extrapolated = visible.filter((p, i) => p.extrapolated || i === firstMeasured).map((p) => [p.vdd, p.ber]);
  const measured = visible.filter((p) => !p.extrapolated).map((p) => [p.vdd, p.ber]);
  const vertical = (v: number) => [
    [v, BER_FLOOR],
    [v, 1],
  ];
  const line = (name: string, data: number[][], color: string, type: 'solid' | 'dashed' | 'dotted', width = 2) => ({
    name,
    type: 'line',
    data,
    showSymbol: false,
    lineStyle: { color, type, width },
    itemStyle: { color },
  });
  const xs = curve.points.map((p) => p.vdd);
  return {
    backgroundColor: 'transparent',
    textStyle: { color: palette.text },
    animation: false,
    grid: { left: 70, right: 20, top: 40, bottom: 50 },
    legend: { top: 0, textStyle: { color: palette.text } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? fmtBer(v) : String(v)),
    },
    xAxis: {
      type: 'value',
      name: 'SRAM supply Vdd (V)',
      nameLocation: 'middle',
      nameGap: 30,
      min: Math.min(...xs),
      max: Math.max(...xs),
      axisLabel: { color: palette.muted, formatter: (v: number) => v.toFixed(2) },
      axisLine: { lineStyle: { color: palette.muted } },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    yAxis: {
      type: 'log',
      name: 'bit-error rate',
      min: BER_FLOOR,
      max: 1,
      axisLabel: { color: palette.muted, formatter: (v: number) => v.toExponential(0) },
      axisLine: { lineStyle: { color: palette.muted } },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: [
      line('measured range', measured, palette.front, 'solid'),
      line('extrapolated', extrapolated, palette.front, 'dashed'),
      line(`Vmin ${curve.vmin} V`, vertical(curve.vmin), palette.point, 'dotted', 1.5),
      line(`Vnom ${curve.vnom} V`, vertical(curve.vnom), palette.muted, 'solid', 1.5),
    ],
  };
}
