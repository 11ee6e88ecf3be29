/**
 * Every demo model's float logits must equal onnxruntime-node's on the same inputs: max abs
 * difference ≤ 1e-4 over 256 test samples and identical predictions.
 */
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { InferenceSession } from '../../workers/engine/exec/session.js';
import { float32Tensor } from '../../workers/engine/tensor.js';
import { DEMO_MODELS, loadDemoModel, loadDemoSplit, modelPath } from '../helpers/demo-assets.js';

const SAMPLES = 256;

function argmaxRows(data: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < data.length / classes; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (data[r * classes + c] > data[r * classes + best]) best = c;
    out.push(best);
  }
  return out;
}

describe('demo models: EdgeFront float engine vs onnxruntime-node', () => {
  for (const { file, dataset } of DEMO_MODELS) {
    it(file, async () => {
      expect(existsSync(modelPath(file)), `${file} is committed`).toBe(true);
      const graph = await loadDemoModel(file);
      const data = await loadDemoSplit(dataset, 'test', SAMPLES);
      const x = data.x.slice(0, SAMPLES * 784);
      const ours = new InferenceSession(graph).run(new Map([[graph.inputs[0].name, float32Tensor(x, [SAMPLES, 1, 28, 28])]]));
      const oursLogits = ours.get(graph.outputs[0].name)!.data as Float32Array;

      const session = await ort.InferenceSession.create(modelPath(file), { intraOpNumThreads: 1, interOpNumThreads: 1 });
      const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x, [SAMPLES, 1, 28, 28]) };
      const ref = (await session.run(feeds))[session.outputNames[0]].data as Float32Array;

      expect(oursLogits.length).toBe(ref.length);
      let maxDiff = 0;
      for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(oursLogits[i] - ref[i]));
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
      expect(argmaxRows(oursLogits, 10)).toEqual(argmaxRows(ref, 10));
    });
  }
});
