/**
 * Weight clipping and truncation rounding (the V7 robustness options) on hand-computed cases, and
 * end to end through deployment: clipped groups get the narrower scale, truncation is refused for
 * quantizers whose codes are not a uniform grid.
 */
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../src-shared/deploy-config.js';
import { UserError } from '../../src-shared/errors.js';
import { deployModel } from '../../workers/engine/deploy/deploy-model.js';
import { codesToLevels, quantizeToCodes } from '../../workers/engine/quant/quantize.js';
import { asymmetricQuantizer } from '../../workers/engine/quant/quantizers/asymmetric.js';
import { symmetricQuantizer } from '../../workers/engine/quant/quantizers/symmetric.js';
import { clipWeightGroups } from '../../workers/engine/quant/weight-clipping.js';
import { loadDemoModel } from '../helpers/demo-assets.js';

function levelsOf(data: number[], fit: typeof symmetricQuantizer, bits: number, rounding: 'nearest' | 'truncate'): number[] {
  const x = Float32Array.from(data);
  const p = fit.fit(x, { bits, role: 'weight', channels: 1 });
  const codes = quantizeToCodes(x, p, new Int32Array(x.length), rounding);
  return Array.from(codesToLevels(codes, p, new Int32Array(x.length)));
}

describe('truncation rounding', () => {
  it('symmetric levels are cut toward zero, nearest rounds (4 bits: scale = 1/7)', () => {
    // x / scale = −7, −3.85, −0.49, 0.49, 3.85, 6.3, 7
    const x = [-1, -0.55, -0.07, 0.07, 0.55, 0.9, 1];
    expect(levelsOf(x, symmetricQuantizer, 4, 'nearest')).toEqual([-7, -4, 0, 0, 4, 6, 7]);
    expect(levelsOf(x, symmetricQuantizer, 4, 'truncate')).toEqual([-7, -3, 0, 0, 3, 6, 7]);
  });

  it('unsigned asymmetric codes are floored (2 bits over [0, 3]: scale 1, zero-point 0)', () => {
    const x = [0, 0.9, 1.5, 2.99, 3];
    expect(levelsOf(x, asymmetricQuantizer, 2, 'nearest')).toEqual([0, 1, 2, 3, 3]);
    expect(levelsOf(x, asymmetricQuantizer, 2, 'truncate')).toEqual([0, 0, 1, 2, 3]);
  });

  it('keeps real zero exactly on its level with a zero-point', () => {
    // Range [−1, 2] at 2 bits: scale 1, zero-point 1; 0 → level 1 both ways.
    expect(levelsOf([-1, 0, 2, -0.5], asymmetricQuantizer, 2, 'truncate')).toEqual([0, 1, 3, 0]);
  });
});

describe('weight clipping', () => {
  it('clamps each channel to the ratio of its own range', () => {
    const data = Float32Array.from([-2, 1, 0.5, /* channel 2 */ 4, -1, 0]);
    clipWeightGroups(data, 2, 0.5);
    expect(Array.from(data)).toEqual([-1, 0.5, 0.5, 2, -0.5, 0]);
  });

  it('ratio 1 changes nothing', () => {
    const data = Float32Array.from([-2, 1, 0.5]);
    clipWeightGroups(data, 1, 1);
    expect(Array.from(data)).toEqual([-2, 1, 0.5]);
  });
});

describe('deployment with clipping and truncation', () => {
  it('a clipped layer has ratio × the plain scale; an override clips one layer only', async () => {
    const graph = await loadDemoModel('fmnist-lenet5.onnx');
    const plain = deployModel(graph, parseDeployConfig({ weightBits: 8, granularity: 'tensor' }));
    const clipped = deployModel(
      graph,
      parseDeployConfig({ weightBits: 8, granularity: 'tensor', layers: { '/conv2/Conv': { weightClip: 0.5 } } }),
    );
    const scale = (m: typeof plain, name: string) => m.layers.find((l) => l.name === name)!.quant!.params.scale[0];
    expect(scale(clipped, '/conv2/Conv')).toBeCloseTo(0.5 * scale(plain, '/conv2/Conv'), 7);
    expect(scale(clipped, '/conv1/Conv')).toBe(scale(plain, '/conv1/Conv'));
  });

  it('refuses truncation for a non-uniform quantizer, naming the layer', async () => {
    const graph = await loadDemoModel('fmnist-lenet5.onnx');
    const attempt = () => deployModel(graph, parseDeployConfig({ weightBits: 4, weightQuantizer: 'pow2', weightRounding: 'truncate' }));
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/Layer '\/conv1\/Conv': truncation rounding applies to the uniform quantizers/);
  });
});
