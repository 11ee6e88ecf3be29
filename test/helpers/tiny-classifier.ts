/** A one-layer ONNX classifier of any input shape and class count: models that do not fit a dataset, for error-path tests. */
import { attr, encodeModel, floatTensor, model, node, TensorDataType, valueInfo } from './onnx-writer.js';

/** Flatten then Gemm from `inputDims` (per sample) to `classes` logits. */
export function tinyClassifierBytes(inputDims: readonly number[], classes: number): Uint8Array {
  const features = inputDims.reduce((a, b) => a * b, 1);
  const w = Array.from({ length: classes * features }, (_, i) => ((i % 7) - 3) / 10);
  return encodeModel(
    model({
      name: 'tiny',
      node: [node('Flatten', ['x'], ['f'], 'flatten'), node('Gemm', ['f', 'w', 'b'], ['y'], 'fc', [attr.int('transB', 1)])],
      input: [valueInfo('x', TensorDataType.FLOAT, ['N', ...inputDims])],
      output: [valueInfo('y', TensorDataType.FLOAT, ['N', classes])],
      initializer: [floatTensor('w', [classes, features], w), floatTensor('b', [classes], new Array<number>(classes).fill(0))],
    }),
  );
}
