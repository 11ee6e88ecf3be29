/** Tanh: y = tanh(x) (https://onnx.ai/onnx/operators/onnx__Tanh.html). */
import type { NumberArray } from './elementwise-binary.js';
import { FLOAT_DTYPES, unaryOp } from './elementwise-unary.js';

export const tanhOp = unaryOp('Tanh', FLOAT_DTYPES, (_ctx, x, y) => {
  const xs = x.data as NumberArray;
  const ys = y.data as NumberArray;
  for (let i = 0; i < xs.length; i++) ys[i] = Math.tanh(xs[i]);
});
