/**
 * AveragePool (https://onnx.ai/onnx/operators/onnx__AveragePool.html): 1/2/3-D mean over sliding
 * windows. count_include_pad = 0 divides by the taps inside the input; 1 by the taps inside the
 * padded input (windows that ceil_mode extends past the end padding are not padded further).
 */
import type { Tensor } from '../tensor.js';
import type { NumberArray } from './elementwise-binary.js';
import { FLOAT_DTYPES } from './elementwise-unary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectDType, expectInputCount, requireInput } from './op-inputs.js';
import { averagePool2dFloat } from './pool-2d.js';
import { poolShape } from './pool-shape.js';
import { WindowTaps } from './window-taps.js';

export const averagePoolOp: OpDef = {
  type: 'AveragePool',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    const x = requireInput(ctx, 0, 'X');
    expectDType(ctx, x, 'X', FLOAT_DTYPES);
    const cip = ctx.attributes.int('count_include_pad', 0);
    if (cip !== 0 && cip !== 1) throw opInvalid(ctx, `attribute count_include_pad is ${cip}; it must be 0 or 1.`);
    return [{ dtype: x.dtype, dims: poolShape(ctx, x).outDims }];
  },
  run(ctx: RunContext): void {
    const x = ctx.inputs[0] as Tensor;
    const y = ctx.outputs[0];
    const s = poolShape(ctx, x);
    const includePad = ctx.attributes.int('count_include_pad', 0) === 1;
    if (x.dtype === 'float32' && s.window.inSize.length <= 2) {
      averagePool2dFloat(s.window, s.planes, includePad, x.data as Float32Array, y.data as Float32Array);
      return;
    }
    const walker = new WindowTaps(s.window);
    const { inPlane, outPlane } = walker;
    const xs = x.data as NumberArray;
    const ys = y.data as NumberArray;
    for (let o = 0; o < outPlane; o++) {
      walker.at(o);
      const count = includePad ? walker.paddedCount : walker.count;
      for (let p = 0; p < s.planes; p++) {
        const base = p * inPlane;
        let sum = 0;
        for (let t = 0; t < walker.count; t++) sum += xs[base + walker.offsets[t]];
        ys[p * outPlane + o] = sum / count;
      }
    }
  },
};
