/**
 * Fake-quant and integer execution of the same design point must agree: the integer model runs
 * integer codes with exact accumulation and fixed-point requantization, the fake-quant model
 * dequantized floats; predictions must match on ≥ 99.5 % of test samples at w8a8 and w4a8.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../src-shared/deploy-config.js';
import { deployModel } from '../../workers/engine/deploy/deploy-model.js';
import { DEMO_MODELS, loadDemoModel, loadDemoSplit, modelPath } from '../helpers/demo-assets.js';
import { accuracyOf, predict } from '../helpers/evaluate-deployed.js';

// 2,000 keeps the suite fast; docs/models.md records the agreement over the full test split.
const TEST_SAMPLES = Number(process.env.EDGEFRONT_AGREEMENT_SAMPLES ?? 2000);

describe('integer mode agrees with fake-quant mode', () => {
  for (const { file, dataset } of DEMO_MODELS) {
    for (const [wbits, abits] of [
      [8, 8],
      [4, 8],
    ]) {
      it.runIf(existsSync(modelPath(file)))(`${file} w${wbits}a${abits}`, async () => {
        const graph = await loadDemoModel(file);
        const calib = await loadDemoSplit(dataset, 'calib', 512);
        const test = await loadDemoSplit(dataset, 'test', TEST_SAMPLES);
        const calibration = { x: calib.x, sampleDims: calib.sampleDims, count: calib.count };
        const fake = deployModel(graph, parseDeployConfig({ weightBits: wbits, activationBits: abits, mode: 'fake' }), calibration);
        const int = deployModel(graph, parseDeployConfig({ weightBits: wbits, activationBits: abits, mode: 'integer' }), calibration);
        expect(int.floatFallbacks).toEqual([]);
        const pf = predict(fake.session, test);
        const pi = predict(int.session, test);
        let same = 0;
        for (let i = 0; i < pf.length; i++) if (pf[i] === pi[i]) same++;
        const agreement = same / pf.length;
        console.log(`${file} w${wbits}a${abits}: fake ${accuracyOf(pf, test.y).toFixed(4)} integer ${accuracyOf(pi, test.y).toFixed(4)} agreement ${agreement.toFixed(4)}`);
        expect(agreement).toBeGreaterThanOrEqual(0.995);
      });
    }
  }
});
