/**
 * Shared-prefix execution (exec/shared-prefix.ts): several deployments of the residual CNN that
 * differ only in later layers must give exactly the logits each gives on its own, while the
 * steps before the first differing layer run once.
 */
import { describe, expect, it } from 'vitest';
import { parseDeployConfig, type DeployConfigInput } from '../../src-shared/deploy-config.js';
import { deployModel, type DeployedModel } from '../../workers/engine/deploy/deploy-model.js';
import { SharedPrefixRunner } from '../../workers/engine/exec/shared-prefix.js';
import { valueSignatures } from '../../workers/engine/exec/value-signatures.js';
import { float32Tensor, type Tensor } from '../../workers/engine/tensor.js';
import { loadDemoModel, loadDemoSplit } from '../helpers/demo-assets.js';

const BATCH = 50;

async function deployAll(configs: readonly DeployConfigInput[]): Promise<{ models: DeployedModel[]; feeds: Map<string, Tensor>[] }> {
  const graph = await loadDemoModel('fmnist-rescnn.onnx');
  const calib = await loadDemoSplit('fashion-mnist', 'calib', 128);
  const test = await loadDemoSplit('fashion-mnist', 'test', 2 * BATCH + 7);
  const calibration = { x: calib.x, sampleDims: calib.sampleDims, count: calib.count };
  const models = configs.map((c) => deployModel(graph, parseDeployConfig(c), calibration));
  const name = models[0].graph.inputs[0].name;
  const feeds: Map<string, Tensor>[] = [];
  for (let s = 0; s < test.count; s += BATCH) {
    const n = Math.min(BATCH, test.count - s);
    feeds.push(new Map([[name, float32Tensor(test.x.subarray(s * 784, (s + n) * 784), [n, 1, 28, 28])]]));
  }
  return { models, feeds };
}

function bits(t: Tensor): Uint32Array {
  const d = t.data as Float32Array;
  return new Uint32Array(d.buffer, d.byteOffset, d.length);
}

/** Runs the group through the runner and each model alone; returns the runner's reuse. */
function expectSameAsAlone(models: readonly DeployedModel[], feeds: readonly Map<string, Tensor>[]) {
  const runner = new SharedPrefixRunner(models.map((m) => m.session));
  const out = models[0].graph.outputs[0].name;
  for (const f of feeds) {
    const together = runner.run(f);
    models.forEach((m, i) => {
      const alone = m.session.run(f).get(out)!;
      expect(bits(together[i].get(out)!), `member ${i}`).toEqual(bits(alone));
    });
  }
  return runner.reuse;
}

const base = { weightBits: 8, activationBits: 8 } as const;

describe('shared-prefix execution', () => {
  for (const mode of ['fake', 'integer'] as const) {
    it(`${mode} mode: points differing in the last layer or a middle layer run the shared prefix once`, async () => {
      const { models, feeds } = await deployAll([
        { ...base, mode },
        { ...base, mode, layers: { '/fc/Gemm': { weightBits: 4 } } },
        { ...base, mode, layers: { '/fc/Gemm': { weightBits: 3 } } },
        { ...base, mode, layers: { '/block2/pointwise/conv/Conv': { weightBits: 4 } } },
      ]);
      const runner = new SharedPrefixRunner(models.map((m) => m.session));
      const steps = models.map((m) => m.session.plan(new Map([[m.graph.inputs[0].name, [BATCH, 1, 28, 28]]])).steps.length);
      runner.run(feeds[0]);
      const r = runner.reuse;
      // The fc variants skip everything before the classifier; the block-2 variant about two thirds.
      expect(r.stepsTotal).toBe(steps.reduce((a, b) => a + b, 0));
      const ran = r.stepsRun - steps[0];
      expect(ran).toBeLessThan((steps[1] + steps[2]) * 0.15 + steps[3] * 0.5);
      expect(expectSameAsAlone(models, feeds).stepsRun).toBeLessThan(expectSameAsAlone(models, feeds).stepsTotal);
    });
  }

  it('shares nothing beyond the input when the first layer differs, and still matches', async () => {
    const { models, feeds } = await deployAll([
      { ...base, mode: 'fake' },
      { ...base, mode: 'fake', layers: { '/stem/conv/Conv': { weightBits: 4 } } },
    ]);
    const reuse = expectSameAsAlone(models, feeds);
    const steps = reuse.stepsTotal / feeds.length / 2;
    // Only the input's quantizer (step 0) can be shared.
    expect(reuse.stepsRun).toBeGreaterThanOrEqual(reuse.stepsTotal - feeds.length);
    expect(steps).toBeGreaterThan(5);
  });

  it('gives equal signatures to equal computations and different ones after a changed weight', async () => {
    const { models } = await deployAll([
      { ...base, mode: 'fake' },
      { ...base, mode: 'fake' },
      { ...base, mode: 'fake', layers: { '/fc/Gemm': { weightBits: 4 } } },
    ]);
    const dims = (m: DeployedModel) => new Map([[m.graph.inputs[0].name, [BATCH, 1, 28, 28]]]);
    const [a, b, c] = models.map((m) => valueSignatures(m.graph, m.session.plan(dims(m))));
    const out = models[0].graph.outputs[0].name;
    expect(a.get(out)).toBe(b.get(out));
    expect(a.get(out)).not.toBe(c.get(out));
    // The pooled features before the classifier are the same computation in a and c.
    const pooled = models[0].graph.nodes.find((n) => n.opType === 'GlobalAveragePool')!.outputs[0];
    expect(a.get(pooled)).toBeDefined();
    expect(a.get(pooled)).toBe(c.get(pooled));
  });
});
