/**
 * LeakyRelu: y = x < 0 ? alpha·x : x, alpha default 0.01
 * (https://onnx.ai/onnx/operators/onnx__LeakyRelu.html).
 */
import type { NumberArray } from './elementwise-binary.js';
import { FLOAT_DTYPES, unaryOp } from './elementwise-unary.js';
import { opInvalid } from './op-error.js';

export const leakyReluOp = unaryOp(
  'LeakyRelu',
  FLOAT_DTYPES,
  (ctx, x, y) => {
    const alpha = ctx.attributes.float('alpha', 0.01);
    const xs = x.data as NumberArray;
    const ys = y.data as NumberArray;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      ys[i] = v < 0 ? alpha * v : v;
    }
  },
  (ctx) => {
    const alpha = ctx.attributes.float('alpha', 0.01);
    if (!Number.isFinite(alpha)) throw opInvalid(ctx, `attribute alpha is ${alpha}; it must be a finite number.`);
  },
);
