/**
 * Issue 3's coding claim on a bundled demo model: pruning + low-bit quantization + rANS reach
 * below 1 bit per parameter (whole layer storage: coded streams, code tables, scales, biases)
 * while keeping most of the accuracy — mnist-cnn at 88 % global magnitude pruning, 3-bit weights,
 * w·a8 integer mode, on the full bundled MNIST test split (2,000 images).
 */
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../src-shared/deploy-config.js';
import { parseDeployTarget } from '../../src-shared/deploy-target.js';
import { evaluateDesignPoint } from '../../src-main/services/evaluation-service.js';
import { datasetPath, modelPath } from '../helpers/demo-assets.js';
import { workerScript } from '../helpers/lenet-projects.js';


describe('sub-1-bit weights on mnist-cnn', () => {
  it('prune 0.88 + 3-bit + rANS: < 1 bit per parameter, accuracy within 4 points of 8-bit dense', async () => {
    const point = (prune: number, bits: number, coding: 'none' | 'rans') =>
      evaluateDesignPoint(
        {
          modelPath: modelPath('mnist-cnn.onnx'),
          data: { path: datasetPath('mnist', 'test') },
          calib: { path: datasetPath('mnist', 'calib') },
          calibSize: 512,
          config: parseDeployConfig({ weightBits: bits, activationBits: 8, mode: 'integer', pruneRatio: prune }),
          target: parseDeployTarget({ coding }),
          workers: 2,
        },
        {},
        workerScript,
      );
    const dense = await point(0, 8, 'none');
    const coded = await point(0.88, 3, 'rans');
    expect(dense.memory.bitsPerParam).toBeGreaterThan(8);
    expect(coded.memory.bitsPerParam).toBeLessThan(1);
    expect(coded.accuracy).toBeGreaterThan(dense.accuracy - 0.04);
  });
});
