import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../src-shared/deploy-config.js';
import type { SharedDataset } from '../../workers/data/dataset.js';
import { deployModel, withWeightLevels, type DeployedModel } from '../../workers/engine/deploy/deploy-model.js';
import { weightLevels } from '../../workers/engine/deploy/prepare-weights.js';
import type { IrGraph } from '../../workers/engine/ir/graph.js';
import { float32Tensor } from '../../workers/engine/tensor.js';
import { loadDemoModel, loadDemoSplit } from '../helpers/demo-assets.js';
import { accuracyOf, predict } from '../helpers/evaluate-deployed.js';

const SAMPLES = 300;
let graph: IrGraph;
let calib: SharedDataset;
let test: SharedDataset;

beforeAll(async () => {
  graph = await loadDemoModel('fmnist-lenet5.onnx');
  calib = await loadDemoSplit('fashion-mnist', 'calib', 256);
  test = await loadDemoSplit('fashion-mnist', 'test', SAMPLES);
});

function deploy(mode: 'fake' | 'integer'): DeployedModel {
  return deployModel(graph, parseDeployConfig({ weightBits: 8, activationBits: 8, mode }), {
    x: calib.x,
    sampleDims: calib.sampleDims,
    count: calib.count,
  });
}

function logits(model: DeployedModel): Float32Array {
  const x = float32Tensor(test.x.subarray(0, 64 * 784), [64, 1, 28, 28]);
  return model.session.run(new Map([[model.graph.inputs[0].name, x]])).get(model.graph.outputs[0].name)!.data as Float32Array;
}

/** Every weight of `layer` at the level `f(level)`. */
function mapLevels(model: DeployedModel, layer: number, f: (level: number, i: number) => number): Map<string, Int32Array> {
  const l = model.layers[layer];
  return new Map([[l.name, weightLevels(l.quant!).map(f)]]);
}

describe('withWeightLevels (the deployed model with other weight levels, as after memory faults)', () => {
  for (const mode of ['fake', 'integer'] as const) {
    it(`${mode}: the intact levels rebuild exactly the same model`, () => {
      const model = deploy(mode);
      const same = withWeightLevels(model, mapLevels(model, 0, (v) => v));
      expect(Array.from(logits(same))).toEqual(Array.from(logits(model)));
    });
  }

  it('changed levels change what the model computes, and the original model is untouched', () => {
    const model = deploy('integer');
    const before = Array.from(logits(model));
    // Negating every weight of the first conv wrecks the features.
    const broken = withWeightLevels(model, mapLevels(model, 0, (v) => -v));
    expect(accuracyOf(predict(broken.session, test), test.y)).toBeLessThan(accuracyOf(predict(model.session, test), test.y) - 0.2);
    expect(Array.from(logits(model))).toEqual(before);
    expect(broken.layers[0].quant!.levels).toBeDefined();
    expect(model.layers[0].quant!.levels).toBeUndefined();
  });

  it('integer and fake-quant agree on a faulty model, including a level outside the quantizer (−128)', () => {
    const fake = deploy('fake');
    const int = deploy('integer');
    // Sign-bit flips of every 97th weight of layer 1; a zero weight whose sign bit flips stores
    // −128, outside the narrow range, and the first weight is set to that.
    const fault = (v: number, i: number) => (i === 0 ? -128 : i % 97 === 0 ? (v >= 0 ? v - 128 : v + 128) : v);
    const fakeBroken = withWeightLevels(fake, mapLevels(fake, 1, fault));
    const intBroken = withWeightLevels(int, mapLevels(int, 1, fault));
    expect(weightLevels(intBroken.layers[1].quant!).some((v) => v === -128)).toBe(true);
    const a = predict(fakeBroken.session, test);
    const b = predict(intBroken.session, test);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    expect(same / a.length).toBeGreaterThanOrEqual(0.99);
    // The flips matter: predictions differ from the intact model somewhere.
    expect(Array.from(predict(int.session, test))).not.toEqual(Array.from(b));
  });

  it('refuses levels of the wrong length', () => {
    const model = deploy('fake');
    expect(() => withWeightLevels(model, new Map([[model.layers[0].name, new Int32Array(3)]]))).toThrow(/no quantized weights of 3 values/);
  });
});
