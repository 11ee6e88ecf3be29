/** The Run view's chart option: the front, the axes, and labels shown as text. */
import { describe, expect, it } from 'vitest';
import type { LivePoint } from '../../src-shared/api/sweep-status.js';
import { frontChartOption, memoryFrontOf, wantsLogAxis, type ChartPalette } from '../../src-renderer/src/charts/front-chart-option.js';

const palette: ChartPalette = { text: '#000', muted: '#666', grid: '#eee', point: '#888', front: '#c00', background: '#fff' };
const point = (key: string, accuracy: number, weightBytes: number, label = key): LivePoint => ({ key, label, cached: false, accuracy, weightBytes, energyJoules: 1e-6, seconds: 1 });

describe('front chart option', () => {
  const points = [point('a', 0.9, 4000), point('b', 0.8, 1000), point('c', 0.7, 2000), point('d', 0.95, 9000), point('e', 0.5, 500)];

  it('puts the accuracy-vs-memory front in its own series, cheapest first', () => {
    expect(memoryFrontOf(points)).toEqual([4, 1, 0, 3]);
    const { option, front } = frontChartOption(points, palette);
    expect(front).toEqual([4, 1, 0, 3]);
    const series = option.series as { name: string; data: { value: [number, number]; name: string }[] }[];
    expect(series.map((s) => s.name)).toEqual(['design points', 'front']);
    expect(series[1].data.map((d) => d.name)).toEqual(['e', 'b', 'a', 'd']);
    expect(series[0].data).toEqual([{ value: [2000, 70], name: 'c' }]);
  });

  it('uses a log memory axis only when the points span more than two decades', () => {
    expect(wantsLogAxis([100, 5000])).toBe(false);
    expect(wantsLogAxis([100, 20000])).toBe(true);
    expect(wantsLogAxis([0, 20000])).toBe(false);
    expect((frontChartOption([point('x', 0.5, 10), point('y', 0.9, 5000)], palette).option.xAxis as { type: string }).type).toBe('log');
    expect((frontChartOption(points, palette).option.xAxis as { type: string }).type).toBe('value');
  });

  it('shows point labels as text in tooltips', () => {
    const { option } = frontChartOption([point('x', 0.5, 10, '<img src=x onerror=alert(1)>')], palette);
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const html = formatter({ data: { value: [10, 50], name: '<img src=x onerror=alert(1)>' } });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('accuracy 50.00 %');
  });

  it('draws nothing but axes for no points', () => {
    const { option, front } = frontChartOption([], palette);
    expect(front).toEqual([]);
    expect((option.series as { data: unknown[] }[]).every((s) => s.data.length === 0)).toBe(true);
  });
});
