/** Sigmoid: y = 1 / (1 + exp(−x)) (https://onnx.ai/onnx/operators/onnx__Sigmoid.html). */
import type { NumberArray } from './elementwise-binary.js';
import { FLOAT_DTYPES, unaryOp } from './elementwise-unary.js';

export const sigmoidOp = unaryOp('Sigmoid', FLOAT_DTYPES, (_ctx, x, y) => {
  const xs = x.data as NumberArray;
  const ys = y.data as NumberArray;
  for (let i = 0; i < xs.length; i++) ys[i] = 1 / (1 + Math.exp(-xs[i]));
});
