/** Runs a deployed model over a dataset slice in batches and returns its predictions. */
import type { SharedDataset } from '../../workers/data/dataset.js';
import type { InferenceSession } from '../../workers/engine/exec/session.js';
import { float32Tensor } from '../../workers/engine/tensor.js';

export function predict(session: InferenceSession, data: SharedDataset, count = data.count, batch = 128): Int32Array {
  const per = data.sampleDims.reduce((a, b) => a * b, 1);
  const inputName = session.graph.inputs[0].name;
  const outputName = session.graph.outputs[0].name;
  const preds = new Int32Array(count);
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const x = float32Tensor(data.x.subarray(start * per, (start + n) * per), [n, ...data.sampleDims]);
    const logits = session.run(new Map([[inputName, x]])).get(outputName)!.data as Float32Array;
    const classes = logits.length / n;
    for (let r = 0; r < n; r++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (logits[r * classes + c] > logits[r * classes + best]) best = c;
      preds[start + r] = best;
    }
  }
  return preds;
}

export function accuracyOf(preds: Int32Array, labels: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < preds.length; i++) if (preds[i] === labels[i]) ok++;
  return ok / preds.length;
}
