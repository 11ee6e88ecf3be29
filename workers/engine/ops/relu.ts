/**
 * Relu: y = max(0, x) (https://onnx.ai/onnx/operators/onnx__Relu.html). Signed integer inputs are
 * accepted from opset 14. `x < 0 ? 0 : x` keeps NaN, as max(0, NaN) does in the spec's numpy reference.
 */
import type { BigIntArray, NumberArray } from './elementwise-binary.js';
import { unaryOp } from './elementwise-unary.js';

export const reluOp = unaryOp('Relu', ['float32', 'float64', 'int8', 'int16', 'int32', 'int64'], (_ctx, x, y) => {
  if (x.dtype === 'int64') {
    const xs = x.data as BigIntArray;
    const ys = y.data as BigIntArray;
    for (let i = 0; i < xs.length; i++) ys[i] = xs[i] < 0n ? 0n : xs[i];
    return;
  }
  const xs = x.data as NumberArray;
  const ys = y.data as NumberArray;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    ys[i] = v < 0 ? 0 : v;
  }
});
