/**
 * Accuracy of the demo residual CNN under weight-SRAM bit errors as the supply voltage falls
 * (issue 3's checks): at nominal voltage faults change nothing; below Vmin the mean accuracy over
 * seeds falls monotonically (within its confidence interval) as the voltage falls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../src-shared/deploy-config.js';
import type { SharedDataset } from '../../workers/data/dataset.js';
import { deployModel, type DeployedModel } from '../../workers/engine/deploy/deploy-model.js';
import { faultyDeployment } from '../../workers/engine/deploy/fault-variant.js';
import { probitBer } from '../../workers/engine/faults/ber-curve.js';
import { summarizeSeeds } from '../../workers/engine/faults/monte-carlo.js';
import { loadDemoModel, loadDemoSplit } from '../helpers/demo-assets.js';
import { accuracyOf, predict } from '../helpers/evaluate-deployed.js';

const SAMPLES = 400;
const SEEDS = 4;
/** V/Vmin, falling: BER 0, 1.9e-6, 6.9e-5, 1.3e-3, 4.5e-3, 1.1e-2 on the 14 nm probit curve. */
const VOLTAGES = [1.0, 0.958, 0.917, 0.875, 0.85, 0.833];

let model: DeployedModel;
let test: SharedDataset;

beforeAll(async () => {
  const graph = await loadDemoModel('fmnist-rescnn.onnx');
  const calib = await loadDemoSplit('fashion-mnist', 'calib', 256);
  test = await loadDemoSplit('fashion-mnist', 'test', SAMPLES);
  model = deployModel(graph, parseDeployConfig({ weightBits: 8, activationBits: 8, mode: 'integer' }), {
    x: calib.x,
    sampleDims: calib.sampleDims,
    count: calib.count,
  });
});

const accuracyAt = (v: number, seed: number) => {
  const f = faultyDeployment(model, { ber: probitBer(v), seed, mode: 'flip', protectMsb: 0 });
  return { accuracy: accuracyOf(predict(f.model.session, test), test.y), faultyBits: f.faultyBits };
};

describe('fmnist-rescnn w8a8 integer under weight-SRAM faults', () => {
  it('at nominal voltage (BER 0) faults change nothing', () => {
    const f = faultyDeployment(model, { ber: probitBer(1.0), seed: 7, mode: 'flip', protectMsb: 0 });
    expect(f.faultyBits).toBe(0);
    expect(f.model).toBe(model);
  });

  it('mean accuracy falls monotonically (within its 95 % interval) as the voltage falls', () => {
    const rows = VOLTAGES.map((v) => {
      const runs = Array.from({ length: SEEDS }, (_, i) => accuracyAt(v, i + 1));
      return { v, summary: summarizeSeeds(runs.map((r) => r.accuracy)), faultyBits: runs.map((r) => r.faultyBits) };
    });
    const clean = accuracyOf(predict(model.session, test), test.y);
    expect(rows[0].summary.mean).toBe(clean);
    for (let i = 1; i < rows.length; i++) {
      const prev = rows[i - 1].summary;
      const cur = rows[i].summary;
      const halfWidth = (s: typeof cur) => (s.ci ? (s.ci.hi - s.ci.lo) / 2 : 0);
      expect(cur.mean, `V/Vmin ${rows[i].v} vs ${rows[i - 1].v}`).toBeLessThanOrEqual(prev.mean + halfWidth(prev) + halfWidth(cur));
      // Nested faults: a lower voltage never has fewer faulty bits for the same seed.
      rows[i].faultyBits.forEach((n, s) => expect(n).toBeGreaterThanOrEqual(rows[i - 1].faultyBits[s]));
    }
    // The cliff: at 1.1 % BER the 8-bit model has lost most of its accuracy, at 1.9e-6 almost none.
    expect(rows[1].summary.mean).toBeGreaterThan(clean - 0.02);
    expect(rows.at(-1)!.summary.mean).toBeLessThan(clean - 0.3);
  });

  it('protecting the top bits of every word keeps the accuracy at a BER that wrecks the unprotected model', () => {
    const ber = probitBer(0.875);
    const plain = faultyDeployment(model, { ber, seed: 1, mode: 'flip', protectMsb: 0 });
    const guarded = faultyDeployment(model, { ber, seed: 1, mode: 'flip', protectMsb: 2 });
    const accPlain = accuracyOf(predict(plain.model.session, test), test.y);
    const accGuarded = accuracyOf(predict(guarded.model.session, test), test.y);
    expect(accGuarded).toBeGreaterThan(accPlain);
    expect(guarded.faultyBits).toBeLessThan(plain.faultyBits);
  });
});
