/**
 * Transient (per-read) weight faults: every block of TRANSIENT_BLOCK inferences reads its own
 * fault draw. Checked against a by-hand evaluation (each block's faulty deployment built here and
 * run on its samples), across two shardings of the run (1 and 2 workers, batches that straddle
 * block boundaries) — the result must not depend on how the work was split.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../src-shared/deploy-config.js';
import { parseDeployTarget } from '../../src-shared/deploy-target.js';
import { UserError } from '../../src-shared/errors.js';
import { evaluateDesignPoint, type EvalRequest } from '../../src-main/services/evaluation-service.js';
import type { SharedDataset } from '../../workers/data/dataset.js';
import { deployModel } from '../../workers/engine/deploy/deploy-model.js';
import { faultyDeployment } from '../../workers/engine/deploy/fault-variant.js';
import { TRANSIENT_BLOCK, transientBlockSeed, transientBlocks } from '../../workers/engine/faults/transient.js';
import { datasetPath, loadDemoModel, loadDemoSplit, modelPath } from '../helpers/demo-assets.js';
import { workerScript } from '../helpers/lenet-projects.js';
import { predict } from '../helpers/evaluate-deployed.js';

const SAMPLES = 100;

describe('transient block layout', () => {
  it('cuts a sample range at multiples of the block size', () => {
    expect(TRANSIENT_BLOCK).toBe(16);
    expect(transientBlocks(10, 40)).toEqual([
      { block: 0, start: 10, end: 16 },
      { block: 1, start: 16, end: 32 },
      { block: 2, start: 32, end: 40 },
    ]);
    expect(transientBlocks(5, 5)).toEqual([]);
  });

  it('gives every (seed, block) pair its own fault seed', () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) for (let block = 0; block < 200; block++) seen.add(transientBlockSeed(seed, block));
    expect(seen.size).toBe(20 * 200);
    expect(() => transientBlockSeed(2 ** 40, 0)).toThrow(UserError);
  });
});

describe('transient faults through the evaluation service', () => {
  let test: SharedDataset;
  beforeAll(async () => {
    test = await loadDemoSplit('fashion-mnist', 'test', SAMPLES);
  });

  const request = (workers: number, batchSize: number): EvalRequest => ({
    modelPath: modelPath('fmnist-lenet5.onnx'),
    data: { path: datasetPath('fashion-mnist', 'test'), limit: SAMPLES },
    calibSize: 0,
    config: parseDeployConfig({ weightBits: 8, granularity: 'tensor' }),
    // 0.68 V on the bit-serial profile (Vmin 0.8 V): BER ≈ 0.45 %.
    target: parseDeployTarget({ hardware: 'bit-serial', vdd: 0.68, seeds: 2, faultPersistence: 'transient' }),
    workers,
    batchSize,
  });

  it('equals a by-hand evaluation with one fault draw per block, however the run is sharded', async () => {
    const one = await evaluateDesignPoint(request(1, 10), {}, workerScript);
    const two = await evaluateDesignPoint(request(2, 24), {}, workerScript);
    expect(one.faults?.persistence).toBe('transient');
    const ber = one.hardware.ber;
    expect(ber).toBeGreaterThan(0.003);

    const clean = deployModel(await loadDemoModel('fmnist-lenet5.onnx'), parseDeployConfig({ weightBits: 8, granularity: 'tensor' }));
    const byHand = [1, 2].map((seed) => {
      let correct = 0;
      for (const b of transientBlocks(0, SAMPLES)) {
        const f = faultyDeployment(clean, { ber, seed: transientBlockSeed(seed, b.block), mode: 'flip', protectMsb: 0 });
        const slice: SharedDataset = { ...test, count: b.end - b.start, x: test.x.subarray(b.start * 784, b.end * 784), y: test.y.subarray(b.start, b.end) };
        const preds = predict(f.model.session, slice);
        preds.forEach((p, i) => (correct += p === slice.y[i] ? 1 : 0));
      }
      return correct / SAMPLES;
    });
    expect(one.faults!.accuracies).toEqual(byHand);
    expect(two.faults!.accuracies).toEqual(byHand);
    // Different blocks really drew different faults: a persistent run's single draw differs.
    const persistent = await evaluateDesignPoint({ ...request(1, 10), target: parseDeployTarget({ hardware: 'bit-serial', vdd: 0.68, seeds: 2 }) }, {}, workerScript);
    expect(persistent.faults!.persistence).toBe('persistent');
    expect(persistent.faults!.accuracies).not.toEqual(byHand);
  });
});
