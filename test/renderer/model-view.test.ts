// @vitest-environment happy-dom
/**
 * The Model view's analyses against a fake API: a weight sparkline per weight layer and the
 * selected layer's histogram, the float accuracy with its interval, the sensitivity heatmap from
 * stored probes, a measurement polled until done, and the measure button disabled with its reason
 * during a sweep. Also the pure chart options (layer order, cell values). Charts are stubbed:
 * happy-dom has no canvas.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SensitivityHeatmap, SensitivityMeasurement, SensitivityView } from '../../src-shared/api/model-analysis.js';
import type { ModelSummaryView } from '../../src-shared/api/model-summary-view.js';
import { idleSweepStatus } from '../../src-shared/api/sweep-status.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import { heatmapCells, orderedLayers, sensitivityHeatmapOption } from '../../src-renderer/src/charts/model-sensitivity-option.js';
import { binCentres } from '../../src-renderer/src/charts/model-histogram-option.js';
import { SENSITIVITY_POLL_MS } from '../../src-renderer/src/stores/analysisStore.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import { useSweepStore } from '../../src-renderer/src/stores/sweepStore.js';
import ModelView from '../../src-renderer/src/views/ModelView.vue';
import { fakeApi, projectView, type FakeApi } from './fake-api.js';

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.useRealTimers();
});

const summary: ModelSummaryView = {
  modelPath: '/tmp/p/model.onnx',
  producer: 'pytorch',
  opset: 13,
  inputs: [{ name: 'x', dtype: 'float32', dims: ['N', 1, 28, 28] }],
  outputs: [{ name: 'y', dtype: 'float32', dims: [1, 10] }],
  layers: [
    { name: 'conv1', op: 'Conv', inputShapes: [[1, 1, 28, 28]], outputShapes: [[1, 6, 24, 24]], params: 156, macs: 86400 },
    { name: 'relu1', op: 'Relu', inputShapes: [[1, 6, 24, 24]], outputShapes: [[1, 6, 24, 24]], params: 0, macs: 0 },
    { name: 'fc', op: 'Gemm', inputShapes: [[1, 3456]], outputShapes: [[1, 10]], params: 34570, macs: 34560 },
  ],
  totalParams: 34726,
  totalMacs: 120960,
  activationBytesFloat: 1000,
};

const histogram = (name: string, op: string, count: number) => ({ name, op, count, min: -0.5, max: 0.5, counts: [1, 3, count - 6, 2], zeros: 1 });
const heatmap = (source: SensitivityHeatmap['source']): SensitivityHeatmap => ({
  source,
  referenceBits: 8,
  referenceAccuracy: 0.9,
  widths: [8, 4, 2],
  layers: [
    { name: 'fc', drops: [0, 0.001, 0.05] },
    { name: 'conv1', drops: [0, 0.02, null] },
  ],
  samples: 300,
});
const idleMeasurement: SensitivityMeasurement = { phase: 'idle', done: 0, total: 0, sampleLimit: null, widths: [8, 4, 2], heatmap: null, error: null };

function api(over: Partial<FakeApi> = {}): FakeApi {
  return fakeApi({
    getProject: async () => projectView(),
    getModelSummary: async () => summary,
    getWeightHistograms: async () => ({ modelPath: summary.modelPath, bins: 4, layers: [histogram('conv1', 'Conv', 156), histogram('fc', 'Gemm', 34570)] }),
    getSensitivity: async (): Promise<SensitivityView> => ({ fromResults: null, measurement: idleMeasurement }),
    ...over,
  });
}

async function mountModel(a: FakeApi) {
  provideApi(a);
  await useProjectStore().load();
  const w = mount(ModelView, { global: { stubs: { ChartCanvas: true } } });
  await flushPromises();
  return w;
}

describe('Model view analyses', () => {
  it('draws a sparkline for each weight layer and the histogram of the chosen one', async () => {
    const w = await mountModel(api());
    const buttons = w.findAll('button.spark-button');
    expect(buttons.map((b) => b.attributes('aria-label'))).toEqual(['Show the weight histogram of conv1', 'Show the weight histogram of fc']);
    expect(buttons[0].findAll('rect')).toHaveLength(4);
    expect(w.find('#histogram-title').text()).toContain('conv1');
    await buttons[1].trigger('click');
    expect(w.find('#histogram-title').text()).toContain('fc');
    expect(buttons[1].attributes('aria-pressed')).toBe('true');
    expect(w.text()).toContain('34,570 values');
  });

  it('measures the float accuracy on request and shows it with its interval', async () => {
    const asked: unknown[] = [];
    const w = await mountModel(
      api({
        measureFloatAccuracy: async (request) => {
          asked.push(request);
          return { accuracy: 0.9125, ci95: [0.89, 0.93], samples: 1000, correct: 912, seconds: 1.5, cached: false };
        },
      }),
    );
    expect(w.text()).toContain('Not measured yet');
    await w.find('#float-limit').setValue('500');
    await w.find('section.float form').trigger('submit');
    await flushPromises();
    expect(asked).toEqual([{ sampleLimit: 500 }]);
    const result = w.find('[data-testid="float-accuracy"]').text();
    expect(result).toContain('91.25');
    expect(result).toContain('95 % interval');
    expect(result).toContain('912 of 1,000');
    await w.find('#float-limit').setValue('zero');
    expect(w.find('section.float button[type="submit"]').attributes('disabled')).toBeDefined();
  });

  it('shows the heatmap from stored probes, and an empty state when there are none', async () => {
    const w = await mountModel(api({ getSensitivity: async () => ({ fromResults: heatmap('results'), measurement: idleMeasurement }) }));
    expect(w.find('[data-testid="sensitivity-heatmap"]').exists()).toBe(true);
    expect(w.text()).toContain('From the one-layer probes');
    const empty = await mountModel(api());
    expect(empty.find('[data-testid="sensitivity-heatmap"]').exists()).toBe(false);
    expect(empty.text()).toContain('No sensitivity yet');
  });

  it('polls a running measurement until it is done', async () => {
    vi.useFakeTimers();
    let polls = 0;
    const running: SensitivityMeasurement = { ...idleMeasurement, phase: 'running', done: 3, total: 9, sampleLimit: 300 };
    const w = await mountModel(
      api({
        measureSensitivity: async () => running,
        getSensitivity: async () => {
          polls++;
          if (polls < 3) return { fromResults: null, measurement: polls === 1 ? idleMeasurement : running };
          return { fromResults: null, measurement: { ...running, phase: 'done', done: 9, heatmap: heatmap('measured') } };
        },
      }),
    );
    await w.find('section.sensitivity form').trigger('submit');
    await flushPromises();
    expect(w.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('3');
    expect(w.find('section.sensitivity button[type="submit"]').attributes('title')).toBe('A measurement is running.');
    await vi.advanceTimersByTimeAsync(SENSITIVITY_POLL_MS);
    await vi.advanceTimersByTimeAsync(SENSITIVITY_POLL_MS);
    await flushPromises();
    expect(polls).toBe(3);
    expect(w.find('[data-testid="sensitivity-heatmap"]').exists()).toBe(true);
    expect(w.find('[role="progressbar"]').exists()).toBe(false);
    await vi.advanceTimersByTimeAsync(5 * SENSITIVITY_POLL_MS);
    expect(polls).toBe(3);
  });

  it('disables measuring during a sweep and says why', async () => {
    const w = await mountModel(api({ getSweepStatus: async () => ({ ...idleSweepStatus(), phase: 'running' }) }));
    await useSweepStore().load();
    await flushPromises();
    const buttons = w.findAll('section.float button[type="submit"], section.sensitivity button[type="submit"]');
    expect(buttons).toHaveLength(2);
    for (const b of buttons) {
      expect(b.attributes('disabled')).toBeDefined();
      expect(b.attributes('title')).toContain('A sweep is running');
    }
  });
});

describe('Model chart options', () => {
  it('orders heatmap rows as the model and gives drops in percentage points, unprobed cells left out', () => {
    const h = heatmap('results');
    const layers = orderedLayers(h, ['conv1', 'relu1', 'fc']);
    expect(layers.map((l) => l.name)).toEqual(['conv1', 'fc']);
    expect(heatmapCells(layers)).toEqual([
      [0, 0, 0],
      [1, 0, 2],
      [0, 1, 0],
      [1, 1, 0.1],
      [2, 1, 5],
    ]);
    const option = sensitivityHeatmapOption(h, ['conv1', 'fc'], { text: '#000', muted: '#555', grid: '#eee', point: '#00f', front: '#f00', background: '#fff', scale: ['#fff', '#f00'] }) as {
      xAxis: { data: string[] };
      visualMap: { max: number };
    };
    expect(option.xAxis.data).toEqual(['w8 (ref)', 'w4', 'w2']);
    expect(option.visualMap.max).toBe(5);
  });

  it('puts histogram bins at their centres', () => {
    expect(binCentres({ min: -1, max: 1, counts: [0, 0, 0, 0] })).toEqual([-0.75, -0.25, 0.25, 0.75]);
  });
});
