/**
 * Design-point options end to end on the demo LeNet-5: per-layer overrides, pruning before
 * quantization, every quantizer family in fake-quant and integer mode (non-uniform activation
 * grids exercise threshold requantization), narrow accumulators.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig, type DeployConfigInput } from '../../src-shared/deploy-config.js';
import type { SharedDataset } from '../../workers/data/dataset.js';
import { deployModel, type CalibrationData } from '../../workers/engine/deploy/deploy-model.js';
import type { IrGraph } from '../../workers/engine/ir/graph.js';
import { loadDemoModel, loadDemoSplit } from '../helpers/demo-assets.js';
import { accuracyOf, predict } from '../helpers/evaluate-deployed.js';

const SAMPLES = 500;
let graph: IrGraph;
let test: SharedDataset;
let calibration: CalibrationData;

beforeAll(async () => {
  graph = await loadDemoModel('fmnist-lenet5.onnx');
  test = await loadDemoSplit('fashion-mnist', 'test', SAMPLES);
  const calib = await loadDemoSplit('fashion-mnist', 'calib', 256);
  calibration = { x: calib.x, sampleDims: calib.sampleDims, count: calib.count };
});

const deploy = (c: DeployConfigInput) => deployModel(graph, parseDeployConfig(c), calibration);

describe('per-layer overrides', () => {
  it('sets weight bits, activation bits and quantizer per layer', () => {
    const m = deploy({
      weightBits: 8,
      activationBits: 8,
      layers: { '/fc1/Gemm': { weightBits: 2, weightQuantizer: 'pow2' }, '/conv1/Conv': { activationBits: 4, calibMethod: 'mse' } },
    });
    expect(m.layers.map((l) => [l.name, l.bits, l.quantizer])).toEqual([
      ['/conv1/Conv', 8, 'symmetric'],
      ['/conv2/Conv', 8, 'symmetric'],
      ['/fc1/Gemm', 2, 'pow2'],
      ['/fc2/Gemm', 8, 'symmetric'],
      ['/fc3/Gemm', 8, 'symmetric'],
    ]);
    const conv1Out = m.activations.find((a) => a.value === '/Relu_output_0')!;
    expect(conv1Out.bits).toBe(4);
    expect(m.activations.filter((a) => a.bits === 8).length).toBe(m.activations.length - 1);
  });

  it('refuses a layer name that does not exist, naming the valid ones', () => {
    expect(() => deploy({ weightBits: 8, layers: { '/fc9/Gemm': { weightBits: 4 } } })).toThrow(/'\/fc9\/Gemm'.*'\/fc1\/Gemm'/s);
  });
});

describe('pruning before quantization', () => {
  it('global unstructured pruning reaches the asked sparsity over all layers', () => {
    const m = deploy({ weightBits: 8, pruneRatio: 0.6 });
    const params = m.layers.reduce((a, l) => a + l.params, 0);
    const zeros = m.layers.reduce((a, l) => a + l.sparsity * l.params, 0);
    expect(zeros / params).toBeGreaterThanOrEqual(0.6);
    // Global: small layers are pruned differently from large ones.
    expect(new Set(m.layers.map((l) => l.sparsity.toFixed(2))).size).toBeGreaterThan(1);
  });

  it('filter pruning zeroes whole output channels', () => {
    const m = deploy({ pruneRatio: 0.5, pruneKind: 'filter' });
    const conv2 = m.layers.find((l) => l.name === '/conv2/Conv')!;
    const w = m.graph.constants.get(conv2.weightName)!.data as Float32Array;
    const per = w.length / conv2.channels;
    let zeroFilters = 0;
    for (let c = 0; c < conv2.channels; c++) if (w.subarray(c * per, (c + 1) * per).every((v) => v === 0)) zeroFilters++;
    expect(zeroFilters).toBe(Math.floor(0.5 * conv2.channels));
  });
});

describe('every quantizer family runs in fake-quant and integer mode and the two agree', () => {
  // Minimum agreement of integer-mode predictions with fake-quant ones. The two differ by the
  // int32 bias rounding and float accumulation order, which flip an output only when it sits
  // within a fraction of an accumulator unit of a decision threshold. HEQ puts its thresholds at
  // quantiles, where activations are densest, and at 4 bits one flip is 1/16 of the range, so
  // that case is held to a lower bound.
  const cases: [string, DeployConfigInput, number][] = [
    ['heq w4a8', { weightBits: 4, activationBits: 8, weightQuantizer: 'heq' }, 0.97],
    ['pow2 w4a8', { weightBits: 4, activationBits: 8, weightQuantizer: 'pow2' }, 0.97],
    ['ternary a8', { weightQuantizer: 'ternary', weightBits: 2, activationBits: 8 }, 0.97],
    ['binary a8', { weightQuantizer: 'binary', weightBits: 1, activationBits: 8 }, 0.97],
    ['asymmetric per-tensor w6a6', { weightBits: 6, activationBits: 6, weightQuantizer: 'asymmetric', granularity: 'tensor' }, 0.97],
    ['w8 + heq activations a8', { weightBits: 8, activationBits: 8, activationQuantizer: 'heq' }, 0.97],
    ['w8 + heq activations a4', { weightBits: 8, activationBits: 4, activationQuantizer: 'heq' }, 0.95],
    ['w8 + pow2 activations a5', { weightBits: 8, activationBits: 5, activationQuantizer: 'pow2' }, 0.97],
  ];
  for (const [label, config, minAgreement] of cases) {
    it(label, () => {
      const fake = deploy({ ...config, mode: 'fake' });
      const int = deploy({ ...config, mode: 'integer' });
      // Power-of-two activation levels span more than 8 bits, so they are stored as int32, which
      // ONNX MaxPool does not take: those pools run as float fallbacks (and are reported).
      const allowed = config.activationQuantizer === 'pow2' ? /MaxPool/ : /^$/;
      expect(int.floatFallbacks.filter((n) => !allowed.test(n))).toEqual([]);
      const pf = predict(fake.session, test);
      const pi = predict(int.session, test);
      let same = 0;
      for (let i = 0; i < pf.length; i++) if (pf[i] === pi[i]) same++;
      // A reasonable model at these settings is far above chance (10 %).
      expect(accuracyOf(pf, test.y)).toBeGreaterThan(0.3);
      expect(same / pf.length).toBeGreaterThanOrEqual(minAgreement);
    });
  }
});

describe('narrow accumulators', () => {
  it('a 12-bit saturating accumulator changes results; 32-bit wrap equals the default', () => {
    const base = predict(deploy({ weightBits: 8, activationBits: 8, mode: 'integer' }).session, test, 100);
    const wide = predict(deploy({ weightBits: 8, activationBits: 8, mode: 'integer', accumulatorBits: 32, accumulatorOverflow: 'saturate' }).session, test, 100);
    const narrow = predict(deploy({ weightBits: 8, activationBits: 8, mode: 'integer', accumulatorBits: 12, accumulatorOverflow: 'saturate' }).session, test, 100);
    expect(Array.from(wide)).toEqual(Array.from(base));
    expect(Array.from(narrow)).not.toEqual(Array.from(base));
  });
});
