/** The Model view's layer table of an ONNX file (what `edgefront info` prints). */
import type { ModelSummaryView } from '../../src-shared/api/model-summary-view.js';
import { buildIr } from '../../workers/engine/ir/build-ir.js';
import { summarizeModel } from '../../workers/engine/model-summary.js';
import { readOnnxModelFile } from '../../workers/engine/onnx/read-model.js';

export async function modelSummaryOf(modelPath: string): Promise<ModelSummaryView> {
  const model = await readOnnxModelFile(modelPath);
  const s = summarizeModel(buildIr(model));
  return {
    modelPath,
    producer: model.producerName,
    opset: model.opsets.get('') ?? null,
    inputs: s.inputs.map((i) => ({ name: i.name, dtype: i.dtype, dims: [...i.dims] })),
    outputs: s.outputs.map((o) => ({ name: o.name, dtype: o.dtype, dims: [...o.dims] })),
    layers: s.layers.map((l) => ({
      name: l.name,
      op: l.op,
      inputShapes: l.inputShapes.map((d) => [...d]),
      outputShapes: l.outputShapes.map((d) => [...d]),
      params: l.params,
      macs: l.macs,
    })),
    totalParams: s.totalParams,
    totalMacs: s.totalMacs,
    activationBytesFloat: s.activationBytesFloat,
  };
}
