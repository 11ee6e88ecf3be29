/** Exp: y = e^x (https://onnx.ai/onnx/operators/onnx__Exp.html). */
import type { NumberArray } from './elementwise-binary.js';
import { FLOAT_DTYPES, unaryOp } from './elementwise-unary.js';

export const expOp = unaryOp('Exp', FLOAT_DTYPES, (_ctx, x, y) => {
  const xs = x.data as NumberArray;
  const ys = y.data as NumberArray;
  for (let i = 0; i < xs.length; i++) ys[i] = Math.exp(xs[i]);
});
