/**
 * ConvInteger (https://onnx.ai/onnx/operators/onnx__ConvInteger.html): convolution of uint8/int8
 * data and weights after subtracting their zero points, exact int32 result. x_zero_point is a
 * scalar; w_zero_point a scalar or one value per output channel.
 */
import { formatDims, sizeOf, toNumberArray, type Tensor } from '../tensor.js';
import { convShape } from './conv-geometry.js';
import { convNd } from './conv-nd.js';
import type { NumberArray } from './elementwise-binary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectDType, expectInputCount, requireInput } from './op-inputs.js';

const INT8_TYPES = ['uint8', 'int8'] as const;

export const convIntegerOp: OpDef = {
  type: 'ConvInteger',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 2, 4);
    const x = requireInput(ctx, 0, 'x');
    const w = requireInput(ctx, 1, 'w');
    expectDType(ctx, x, 'x', INT8_TYPES);
    expectDType(ctx, w, 'w', INT8_TYPES);
    const s = convShape(ctx, x, w);
    const xz = ctx.inputs[2];
    if (xz !== undefined) {
      if (xz.dtype !== x.dtype) throw opInvalid(ctx, `x_zero_point is ${xz.dtype} but x is ${x.dtype}; they must match.`);
      if (sizeOf(xz.dims) !== 1) throw opInvalid(ctx, `x_zero_point has shape ${formatDims(xz.dims)} but must be a scalar.`);
    }
    const wz = ctx.inputs[3];
    if (wz !== undefined) {
      if (wz.dtype !== w.dtype) throw opInvalid(ctx, `w_zero_point is ${wz.dtype} but w is ${w.dtype}; they must match.`);
      const n = sizeOf(wz.dims);
      if (wz.dims.length > 1 || (n !== 1 && n !== s.outC)) {
        throw opInvalid(ctx, `w_zero_point has shape ${formatDims(wz.dims)} but must be a scalar or [${s.outC}] (one per output channel).`);
      }
    }
    return [{ dtype: 'int32', dims: s.outDims }];
  },
  run(ctx: RunContext): void {
    const x = ctx.inputs[0] as Tensor;
    const w = ctx.inputs[1] as Tensor;
    const xz = ctx.inputs[2];
    const wz = ctx.inputs[3];
    const s = convShape(ctx, x, w);
    const xZero = xz ? toNumberArray(xz)[0] : 0;
    const wZero = wz ? toNumberArray(wz) : null;
    convNd(s, x.data as NumberArray, xZero, w.data as NumberArray, wZero, null, ctx.outputs[0].data as NumberArray);
  },
};
