/**
 * Relu: y = max(0, x) (https://onnx.ai/onnx/operators/onnx__Relu.html). Signed integer inputs are
 * accepted from opset 14. `x < 0 ? 0 : x` keeps NaN, as max(0, NaN) does in the spec's numpy reference.
 */
import type { BigIntArray, NumberArray } from './elementwise-binary.js';
import { unaryOp } from './elementwise-unary.js';

export const reluOp = unaryOp('Relu', ['float32', 'float64', 'int8', 'int16', 'int32', 'int64'], (_ctx, x, y) => {
  // float32, what models run in, takes its own branch-free loop; the loops below serve the rest.
  if (x.data instanceof Float32Array) {
    reluFloat32(x.data, y.data as Float32Array);
    return;
  }
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

/**
 * Relu on the bit patterns: the branch in `x < 0 ? 0 : x` is taken at random on real
 * activations, and the mispredictions cost ~4× the loop. Read as int32, a float is negative
 * exactly when its bits b lie in [−2^31 + 1, −2^23] (−0 is −2^31 and stays, negative NaNs lie
 * above −2^23 and stay); u = b + 2^31 − 1 maps that range to [0, 2139095039], so the keep mask is
 * (u < 0) | (u > 2139095039) as sign bits. Results are bit-identical to the ternary.
 */
export function reluFloat32(xs: Float32Array, ys: Float32Array): void {
  const xb = int32View(xs);
  const yb = int32View(ys);
  const n = xb.length;
  for (let i = 0; i < n; i++) {
    const b = xb[i];
    const u = (b + 0x7fffffff) | 0;
    yb[i] = b & ((u >> 31) | (((2139095039 - u) | 0) >> 31));
  }
}

// Int32 views of the plan's float buffers, made once: running a batch allocates nothing.
const int32Views = new WeakMap<Float32Array, Int32Array>();

function int32View(f: Float32Array): Int32Array {
  let v = int32Views.get(f);
  if (v === undefined) {
    v = new Int32Array(f.buffer, f.byteOffset, f.length);
    int32Views.set(f, v);
  }
  return v;
}
