// @vitest-environment happy-dom
/**
 * The Explore view's pure builders (points, encodings, chart option, table, comparison, layer
 * bars), its store against a fake API, and the view itself (the chart stubbed: happy-dom has no
 * canvas) — including that 5,000 points render only a window of table rows.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PointDetails } from '../../src-shared/api/point-details.js';
import type { ResultView } from '../../src-shared/api/project-view.js';
import { deployConfigSchema, type DeployConfigInput } from '../../src-shared/deploy-config.js';
import { deployTargetSchema, type DeployTargetInput } from '../../src-shared/deploy-target.js';
import { UserError } from '../../src-shared/errors.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import { exploreChartOption, exploreLayout, pointsInRange, DEFAULT_SETTINGS, ERROR_BARS_ALL_LIMIT, type ExplorePalette, type ExploreSettings } from '../../src-renderer/src/charts/explore-chart-option.js';
import { compareFigures, compareLayers } from '../../src-renderer/src/charts/explore-compare.js';
import { encode, CATEGORY_COLORS } from '../../src-renderer/src/charts/explore-encoding.js';
import { energyParts, layerBytesOption } from '../../src-renderer/src/charts/explore-layer-option.js';
import { explorePointsOf } from '../../src-renderer/src/charts/explore-points.js';
import { tableRows, visibleWindow, DEFAULT_QUERY } from '../../src-renderer/src/charts/explore-table.js';
import { useExploreStore } from '../../src-renderer/src/stores/exploreStore.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import ExploreView from '../../src-renderer/src/views/ExploreView.vue';
import { fakeApi, projectView } from './fake-api.js';

const palette: ExplorePalette = { text: '#000', muted: '#666', grid: '#eee', point: '#888', front: '#c00', background: '#fff', highlight: '#fa0' };

function result(key: string, metrics: Partial<ResultView['metrics']>, config: DeployConfigInput = {}, target: DeployTargetInput = {}, stale = false): ResultView {
  return {
    key,
    label: `point ${key}`,
    stale,
    evaluatedAt: '2026-11-24T00:00:00.000Z',
    config: deployConfigSchema.parse(config),
    target: deployTargetSchema.parse(target),
    metrics: { accuracy: null, accuracyCI95: null, samples: 100, weightBytes: null, bitsPerParam: null, activationPeakBytes: null, energyJoules: null, latencyCycles: null, ...metrics },
  };
}

const results: ResultView[] = [
  result('a', { accuracy: 0.9, accuracyCI95: [0.88, 0.92], weightBytes: 4000, energyJoules: 4e-6 }, { weightBits: 8 }),
  result('b', { accuracy: 0.8, accuracyCI95: [0.77, 0.83], weightBytes: 1000, energyJoules: 1e-6 }, { weightBits: 2 }),
  result('c', { accuracy: 0.7, weightBytes: 2000, energyJoules: 3e-6 }, { weightBits: 4 }),
  result('d', { accuracy: 0.95, weightBytes: 9000, energyJoules: 2e-6 }, { weightBits: 8 }),
  result('s', { accuracy: 0.99, weightBytes: 10, energyJoules: 1e-9 }, { weightBits: 8 }, {}, true),
  result('m', { accuracy: 0.5, weightBytes: null }, { weightBits: 4 }),
];

describe('explore chart option', () => {
  const points = explorePointsOf(results);

  it('plots current points only, draws the front of the chosen axes and counts what is left out', () => {
    const layout = exploreLayout(points, DEFAULT_SETTINGS);
    expect(layout.plotted).toEqual([0, 1, 2, 3]);
    expect(layout.stale).toBe(1);
    expect(layout.unplottable).toBe(1);
    expect(layout.front).toEqual([1, 0, 3]);
    const energy = exploreLayout(points, { ...DEFAULT_SETTINGS, x: 'energyJoules' });
    expect(energy.front).toEqual([1, 3]);
    const { option, errorBars, colorLegend } = exploreChartOption(points, layout, DEFAULT_SETTINGS, palette);
    const series = option.series as { id: string; type: string; data: number[][]; large?: boolean }[];
    const front = series.find((s) => s.id === 'front')!;
    expect(front.data.map((d) => d[2])).toEqual([1, 0, 3]);
    expect(front.data[0]).toEqual([1000, 80, 1]);
    // Colour by weight bits: one series per value, ECharts' large mode for big ones.
    const scatter = series.filter((s) => s.id.startsWith('points-'));
    expect(scatter).toHaveLength(3);
    expect(scatter.every((s) => s.large === true)).toBe(true);
    expect(colorLegend.map((e) => e.label)).toEqual(['2', '4', '8']);
    expect(colorLegend[0].color).toBe(CATEGORY_COLORS[0]);
    expect(errorBars).toBe('all');
    const bars = series.find((s) => s.id === 'error-bars')!;
    expect(bars.data).toEqual([
      [4000, 90, 88, 92],
      [1000, 80, 77, 83],
    ]);
  });

  it('leaves non-positive values off a log axis, and draws no error bars without an accuracy axis', () => {
    const withZero = explorePointsOf([...results.slice(0, 4), result('z', { accuracy: 0.6, weightBytes: 0 })]);
    const log: ExploreSettings = { ...DEFAULT_SETTINGS, logX: true };
    const layout = exploreLayout(withZero, log);
    expect(layout.plotted).toEqual([0, 1, 2, 3]);
    expect(layout.unplottable).toBe(1);
    expect((exploreChartOption(withZero, layout, log, palette).option.xAxis as { type: string }).type).toBe('log');
    const costs: ExploreSettings = { ...DEFAULT_SETTINGS, y: 'energyJoules' };
    expect(exploreChartOption(points, exploreLayout(points, costs), costs, palette).errorBars).toBe('none');
  });

  it('draws error bars on the front only for many points', () => {
    const many = explorePointsOf(Array.from({ length: ERROR_BARS_ALL_LIMIT + 1 }, (_, i) => result(`k${i}`, { accuracy: (i % 97) / 100, accuracyCI95: [0, 1], weightBytes: 100 + i })));
    const layout = exploreLayout(many, DEFAULT_SETTINGS);
    const chart = exploreChartOption(many, layout, DEFAULT_SETTINGS, palette);
    expect(chart.errorBars).toBe('front');
    expect((chart.option.series as { id: string; data: unknown[] }[]).find((s) => s.id === 'error-bars')!.data).toHaveLength(layout.front.length);
  });

  it('shows labels as text in the tooltip', () => {
    const evil = explorePointsOf([result('x', { accuracy: 0.5, weightBytes: 10 }, { weightBits: 4 })]).map((p) => ({ ...p, label: '<img src=x onerror=alert(1)>' }));
    const { option } = exploreChartOption(evil, exploreLayout(evil, DEFAULT_SETTINGS), DEFAULT_SETTINGS, palette);
    const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter({ value: [10, 50, 0] });
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('<img');
    expect(html).toContain('50.00 %');
    expect(html).toContain('weight bits: 4');
  });

  it('bins a figure into quantiles and selects the points of a brushed rectangle', () => {
    const enc = encode(points.slice(0, 4), 'energyJoules', 2)!;
    expect(enc.ordered).toBe(true);
    expect([...enc.levelOf]).toEqual([1, 0, 1, 0]);
    const layout = exploreLayout(points, DEFAULT_SETTINGS);
    expect(pointsInRange(layout, { x: [500, 4500], y: [75, 100] })).toEqual([0, 1]);
    expect(pointsInRange(layout, { x: [4500, 500], y: [100, 75] })).toEqual([0, 1]);
  });
});

describe('explore table', () => {
  const points = explorePointsOf(results);
  const ctx = { front: new Set([0, 1, 3]), selection: null };

  it('sorts with missing figures last and filters by text and scope', () => {
    expect(tableRows(points, DEFAULT_QUERY, ctx)).toEqual([4, 3, 0, 1, 2, 5]);
    expect(tableRows(points, { ...DEFAULT_QUERY, sortBy: 'weightBytes', direction: 'asc' }, ctx)).toEqual([4, 1, 2, 0, 3, 5]);
    expect(tableRows(points, { ...DEFAULT_QUERY, sortBy: 'weightBytes', direction: 'desc' }, ctx)).toEqual([3, 0, 2, 1, 4, 5]);
    expect(tableRows(points, { ...DEFAULT_QUERY, scope: 'front' }, ctx)).toEqual([3, 0, 1]);
    expect(tableRows(points, { ...DEFAULT_QUERY, scope: 'stale' }, ctx)).toEqual([4]);
    expect(tableRows(points, { ...DEFAULT_QUERY, scope: 'selection' }, { ...ctx, selection: new Set([2]) })).toEqual([2]);
    expect(tableRows(points, { ...DEFAULT_QUERY, text: 'POINT C' }, ctx)).toEqual([2]);
    expect(tableRows(points, { ...DEFAULT_QUERY, sortBy: 'status', direction: 'asc' }, ctx)).toEqual([0, 1, 3, 2, 5, 4]);
  });

  it('renders a window of rows around the scroll position', () => {
    expect(visibleWindow(0, 320, 32, 20_000, 4)).toEqual({ start: 0, end: 14 });
    expect(visibleWindow(32_000, 320, 32, 20_000, 4)).toEqual({ start: 996, end: 1014 });
    expect(visibleWindow(0, 320, 32, 3, 4)).toEqual({ start: 0, end: 3 });
  });
});

function details(key: string, bits: (number | null)[], over: Partial<PointDetails> = {}): PointDetails {
  const r = result(key, { accuracy: 0.9, weightBytes: 1000, energyJoules: 2e-6 });
  return {
    key,
    label: r.label,
    evaluatedAt: r.evaluatedAt,
    config: r.config,
    target: r.target,
    metrics: r.metrics,
    layers: bits.map((b, i) => ({
      name: `conv${i}`,
      op: 'Conv',
      params: 100,
      weightBits: b,
      activationBits: 8,
      quantizer: 'symmetric',
      granularity: 'channel',
      sparsity: 0.5,
      macs: 1000,
      denseBytes: 400,
      storedBytes: 150,
      storageFormat: 'rans',
      entropyBitsPerParam: 1.5,
      energyJoules: 1e-7,
      latencyCycles: 10,
      bound: 'compute',
    })),
    energy: { totalJoules: 2e-6, computeJoules: 1.5e-6, memoryJoules: { sram: 4e-7 }, decoderJoules: 1e-7, leakageJoules: 0 },
    warnings: [],
    foldedBatchNorms: [],
    floatFallbacks: [],
    ...over,
  };
}

describe('comparison and layer bars', () => {
  it('joins layers by name with the bits difference, and says which point is better per figure', () => {
    const a = details('a', [8, 4, null]);
    const b = details('b', [4, 4, 8], { metrics: { ...a.metrics, accuracy: 0.85, weightBytes: 600 } });
    expect(compareLayers(a, b).map((l) => [l.name, l.bitsDelta])).toEqual([
      ['conv0', -4],
      ['conv1', 0],
      ['conv2', null],
    ]);
    const f = compareFigures(a, b);
    expect(f.find((x) => x.axis === 'accuracy')).toMatchObject({ better: 'a' });
    expect(f.find((x) => x.axis === 'weightBytes')).toMatchObject({ delta: -400, better: 'b' });
    expect(f.find((x) => x.axis === 'energyJoules')).toMatchObject({ delta: 0, better: null });
  });

  it('stacks stored and saved bytes per layer and splits energy by component', () => {
    const d = details('a', [8, 4]);
    const series = layerBytesOption(d.layers, { ...palette, saved: '#ddd', energy: '#00f' }).series as { name: string; stack: string; data: number[] }[];
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['stored', [150, 150]],
      ['saved vs dense', [250, 250]],
    ]);
    expect(energyParts(d.energy!).map((p) => p.label)).toEqual(['compute', 'memory: sram', 'decoder']);
    expect(energyParts(d.energy!)[0].share).toBeCloseTo(0.75);
  });
});

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('explore store and view', () => {
  it('fetches details on demand, keeps two points for comparison, and shows a stale point’s error', async () => {
    const calls: string[] = [];
    provideApi(
      fakeApi({
        getPointDetails: async ({ key }) => {
          calls.push(key);
          if (key === 's') throw new UserError('point-stale', 'The point s was evaluated on another version of the model.');
          return details(key, [8]);
        },
      }),
    );
    useProjectStore().project = projectView({ results });
    const explore = useExploreStore();
    explore.showDetails('a');
    await flushPromises();
    expect(explore.slots.a.details?.key).toBe('a');
    explore.toggleCompare('b');
    explore.toggleCompare('c');
    explore.toggleCompare('d');
    await flushPromises();
    expect(explore.compareKeys).toEqual(['c', 'd']);
    explore.showDetails('a');
    expect(calls.filter((k) => k === 'a')).toHaveLength(1);
    explore.showDetails('s');
    await flushPromises();
    expect(explore.slots.s.error?.code).toBe('point-stale');
    explore.brush({ x: [500, 4500], y: [75, 100] });
    expect(explore.query.scope).toBe('selection');
    expect(explore.rows).toEqual([0, 1]);
    explore.settings.y = 'energyJoules';
    await flushPromises();
    expect(explore.selection).toBeNull();
    expect(explore.query.scope).toBe('all');
  });

  it('says what to do without a project or without points', async () => {
    provideApi(fakeApi());
    const w = mount(ExploreView, { global: { stubs: { ExploreChart: true } } });
    expect(w.text()).toContain('No project is open');
    useProjectStore().project = projectView();
    await flushPromises();
    expect(w.text()).toContain('No evaluated points yet');
  });

  it('renders a window of the table for 5,000 points and opens a row’s details from the keyboard', async () => {
    provideApi(fakeApi({ getPointDetails: async ({ key }) => details(key, [8, 4]) }));
    const many = Array.from({ length: 5000 }, (_, i) => result(`k${i}`, { accuracy: (i % 89) / 100, weightBytes: 100 + i }, { weightBits: 2 + (i % 7) }));
    useProjectStore().project = projectView({ results: many });
    const w = mount(ExploreView, { global: { stubs: { ExploreChart: true, ChartCanvas: true } } });
    await flushPromises();
    const rows = w.findAll('tr.row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(w.find('#explore-count').attributes('data-row-count')).toBe('5000');
    await rows[0].trigger('keydown', { key: 'Enter' });
    await flushPromises();
    const panel = w.find('section.details');
    expect(panel.exists()).toBe(true);
    expect(panel.findAll('table[aria-label="Layers of the point"] tbody tr')).toHaveLength(2);
    await w.find('#explore-filter').setValue('point k4999');
    expect(w.findAll('tr.row')).toHaveLength(1);
  });
});
