/**
 * The Model view's analyses on the real services and worker threads: weight histograms that count
 * every parameter, the float accuracy equal to what `edgefront eval` computes independently (and
 * cached), the sensitivity heatmap derived from stored one-layer probes, and a measured one.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendApi, type BackendApi } from '../../src-main/api/backend-api.js';
import { runSweep } from '../../src-main/services/sweep/orchestrator.js';
import { sensitivityFromResults } from '../../src-main/services/model-analysis/sensitivity-from-results.js';
import { histogramOf } from '../../src-main/services/model-analysis/weight-histograms.js';
import type { SensitivityView } from '../../src-shared/api/model-analysis.js';
import { deployConfigSchema } from '../../src-shared/deploy-config.js';
import { deployTargetSchema } from '../../src-shared/deploy-target.js';
import { datasetPath, modelPath, repoRoot } from '../helpers/demo-assets.js';
import { saveLenetProject, workerScript } from '../helpers/lenet-projects.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let api: BackendApi;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-model-analysis-'));
  api = createBackendApi({
    version: '0.0.0-test',
    transport: 'browser',
    demoExample: join(repoRoot, 'assets/examples/fashion-mnist.edgefront'),
    demoDir: join(dir, 'demo'),
    workers: 2,
    workerScript,
    configDir: join(dir, 'config'),
  });
  await mkdir(join(dir, 'work'));
  await api.createNewProject({ modelPath: modelPath('fmnist-lenet5.onnx'), datasetPath: datasetPath('fashion-mnist', 'test'), projectPath: join(dir, 'work', 'lenet.edgefront') });
});
afterAll(async () => {
  await api.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('weight histograms', () => {
  it('bins every float parameter of every weight layer', async () => {
    const h = await api.getWeightHistograms({ bins: 16 });
    const summary = await api.getModelSummary();
    expect(h.bins).toBe(16);
    const weighted = summary.layers.filter((l) => l.params > 0);
    expect(h.layers.map((l) => l.name)).toEqual(weighted.map((l) => l.name));
    for (const layer of h.layers) {
      expect(layer.counts).toHaveLength(16);
      expect(layer.counts.reduce((a, b) => a + b, 0)).toBe(layer.count);
      expect(layer.count).toBe(weighted.find((l) => l.name === layer.name)!.params);
      expect(layer.min).toBeLessThan(layer.max);
    }
    expect(h.layers.reduce((a, l) => a + l.count, 0)).toBe(summary.totalParams);
  });

  it('puts the extremes in the end bins and equal values in one bin', () => {
    expect(histogramOf([new Float32Array([-1, 0, 0, 1])], 4)).toEqual({ count: 4, min: -1, max: 1, counts: [1, 0, 2, 1], zeros: 2 });
    expect(histogramOf([new Float32Array([2, 2, 2])], 3).counts).toEqual([3, 0, 0]);
  });
});

describe('float accuracy', () => {
  it('equals edgefront eval without deployment flags on the same samples, and is cached', async () => {
    const measured = await api.measureFloatAccuracy({ sampleLimit: 200 });
    const cli = await runCli(['eval', '--model', modelPath('fmnist-lenet5.onnx'), '--data', datasetPath('fashion-mnist', 'test'), '--limit', '200', '--json'], 60_000);
    expect(cli.code).toBe(0);
    const evaluated = JSON.parse(cli.stdout) as { accuracy: number; correct: number; samples: number; mode: string; accuracyCI95: [number, number] };
    expect(evaluated.mode).toBe('float');
    expect(measured).toMatchObject({ samples: 200, correct: evaluated.correct, accuracy: evaluated.accuracy, cached: false });
    expect(measured.ci95[0]).toBeCloseTo(evaluated.accuracyCI95[0], 12);
    expect(measured.ci95[1]).toBeCloseTo(evaluated.accuracyCI95[1], 12);
    const again = await api.measureFloatAccuracy({ sampleLimit: 200 });
    expect(again).toMatchObject({ accuracy: measured.accuracy, cached: true });
  });
});

describe('sensitivity', () => {
  const config = (over: Record<string, unknown>) => deployConfigSchema.parse({ mode: 'integer', ...over });
  const target = deployTargetSchema.parse({});
  const result = (key: string, c: ReturnType<typeof config>, accuracy: number, stale = false) => ({
    key,
    label: key,
    stale,
    evaluatedAt: '2026-11-24T00:00:00Z',
    config: c,
    target,
    metrics: { accuracy, accuracyCI95: null, samples: 500, weightBytes: 1, bitsPerParam: 8, activationPeakBytes: 1, energyJoules: 1, latencyCycles: 1 },
  });

  it('derives the heatmap from one-layer probes stored beside their reference', () => {
    const results = [
      result('ref', config({ weightBits: 8 }), 0.9),
      result('a4', config({ weightBits: 8, layers: { a: { weightBits: 4 } } }), 0.88),
      result('b4', config({ weightBits: 8, layers: { b: { weightBits: 4 } } }), 0.85),
      result('a2', config({ weightBits: 8, layers: { a: { weightBits: 2 } } }), 0.5),
      // Not probes: two layers changed, a stale one, another reference with fewer probes.
      result('ab2', config({ weightBits: 8, layers: { a: { weightBits: 2 }, b: { weightBits: 2 } } }), 0.1),
      result('b2-stale', config({ weightBits: 8, layers: { b: { weightBits: 2 } } }), 0.2, true),
      result('ref-w6', config({ weightBits: 6 }), 0.89),
    ];
    const h = sensitivityFromResults(results)!;
    expect(h).toMatchObject({ source: 'results', referenceBits: 8, referenceAccuracy: 0.9, widths: [8, 4, 2], samples: 500 });
    const drops = Object.fromEntries(h.layers.map((l) => [l.name, l.drops.map((d) => (d === null ? null : Number(d.toFixed(6))))]));
    expect(drops).toEqual({ a: [0, 0.02, 0.4], b: [0, 0.05, null] });
    expect(sensitivityFromResults([results[0], results[6]])).toBeNull();
  });

  it('measures per-layer drops on worker threads in the background', async () => {
    const before = await api.getSensitivity();
    expect(before.fromResults).toBeNull();
    expect(before.measurement.phase).toBe('idle');
    const started = await api.measureSensitivity({ sampleLimit: 100, widths: [8, 2] });
    expect(started.phase).toBe('running');
    let view: SensitivityView = before;
    for (let i = 0; i < 600; i++) {
      view = await api.getSensitivity();
      if (view.measurement.phase !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const m = view.measurement;
    expect(m.error).toBeNull();
    expect(m.phase).toBe('done');
    const summary = await api.getModelSummary();
    const weightLayers = summary.layers.filter((l) => ['Conv', 'Gemm', 'MatMul'].includes(l.op)).map((l) => l.name);
    expect(m.heatmap!.layers.map((l) => l.name)).toEqual(weightLayers);
    expect(m.total).toBe(1 + weightLayers.length);
    expect(m.done).toBe(m.total);
    expect(m.heatmap!.widths).toEqual([8, 2]);
    expect(m.heatmap!.samples).toBe(100);
    for (const l of m.heatmap!.layers) {
      expect(l.drops[0]).toBe(0);
      expect(l.drops[1]).not.toBeNull();
    }
    // 2-bit weights in some layer of LeNet cost accuracy.
    expect(Math.max(...m.heatmap!.layers.map((l) => l.drops[1]!))).toBeGreaterThan(0);
    // Measured again with the same settings: the cached result, at once.
    expect((await api.measureSensitivity({ sampleLimit: 100, widths: [2, 8] })).phase).toBe('done');
  }, 120_000);

  it("reads a sensitivity sweep's stored probes as the same heatmap the Measure action computes", async () => {
    const projectPath = await saveLenetProject(join(dir, 'work'), 'lenet-sensitivity', {
      testLimit: 100,
      strategy: { kind: 'sensitivity', budgetMetric: 'memory.weightBytes', bitWidths: [8, 2], budgets: [30_000] },
    });
    const summary = await runSweep({ projectPath, workers: 2, workerScript });
    expect(summary.points.length).toBeGreaterThanOrEqual(6);
    await api.openProject({ path: projectPath });
    const stored = (await api.getSensitivity()).fromResults!;
    expect(stored).toMatchObject({ source: 'results', referenceBits: 8, widths: [8, 2], samples: 100 });
    const layers = (await api.getModelSummary()).layers.filter((l) => ['Conv', 'Gemm'].includes(l.op)).map((l) => l.name);
    expect(stored.layers.map((l) => l.name).sort()).toEqual([...layers].sort());

    // Measure uses the project's base point and test limit (100): the same points as the sweep's probes, so the same
    // drops (here the measurement of the previous test, cached by model and data content, limit, base and widths).
    await api.measureSensitivity({ widths: [8, 2] });
    let view = await api.getSensitivity();
    for (let i = 0; i < 600 && view.measurement.phase === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = await api.getSensitivity();
    }
    const measured = view.measurement.heatmap!;
    expect(measured.referenceAccuracy).toBe(stored.referenceAccuracy);
    for (const l of stored.layers) expect(measured.layers.find((m) => m.name === l.name)!.drops).toEqual(l.drops);
  }, 180_000);
});
