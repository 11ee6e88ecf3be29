/**
 * Float weight histograms of a model's layers, for the Model view: every float constant a layer
 * reads as the model stores it (weights and biases; a BatchNormalization's scale, shift, mean and
 * variance), binned over the layer's own range — the rows of the layer table, so the counts add up
 * to its parameter column. Small payload: bins × layers numbers.
 */
import type { LayerWeightHistogram, WeightHistograms } from '../../../src-shared/api/model-analysis.js';
import { buildPlan } from '../../../workers/engine/exec/plan.js';
import { buildIr } from '../../../workers/engine/ir/build-ir.js';
import { concreteInputDims } from '../../../workers/engine/model-summary.js';
import { readOnnxModelFile } from '../../../workers/engine/onnx/read-model.js';
import type { Tensor } from '../../../workers/engine/tensor.js';

const isFloat = (t: Tensor) => t.dtype === 'float32' || t.dtype === 'float64';

/** Equal-width histogram of `arrays` over their joint [min, max]; all values in one bin when they are equal. */
export function histogramOf(arrays: readonly ArrayLike<number>[], bins: number): Pick<LayerWeightHistogram, 'count' | 'min' | 'max' | 'counts' | 'zeros'> {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  let zeros = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
    count += a.length;
  }
  const counts = new Array<number>(bins).fill(0);
  if (count === 0) return { count, min: 0, max: 0, counts, zeros };
  const width = (max - min) / bins;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const k = width > 0 ? Math.min(bins - 1, Math.floor((a[i] - min) / width)) : 0;
      counts[k]++;
    }
  }
  return { count, min, max, counts, zeros };
}

export async function weightHistogramsOf(modelPath: string, bins: number): Promise<WeightHistograms> {
  const graph = buildIr(await readOnnxModelFile(modelPath));
  const plan = buildPlan(graph, concreteInputDims(graph, 1));
  const layers: LayerWeightHistogram[] = [];
  for (const { node } of plan.steps) {
    const tensors = node.inputs.map((v) => (v ? graph.constants.get(v) : undefined)).filter((t): t is Tensor => t !== undefined && isFloat(t));
    if (tensors.length === 0) continue;
    layers.push({ name: node.name, op: node.opType, ...histogramOf(tensors.map((t) => t.data as Float32Array | Float64Array), bins) });
  }
  return { modelPath, bins, layers };
}
