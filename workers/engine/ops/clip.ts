/**
 * Clip: y = min(max(x, min), max) (https://onnx.ai/onnx/operators/onnx__Clip.html).
 * Before opset 11 the bounds are float attributes; from 11 they are optional scalar inputs of the
 * input's dtype (so int8 clips with int8 bounds). An absent bound means no bound. When min > max
 * every element becomes max, which is what applying max after min gives.
 */
import { isBigIntDType, sizeOf, type DType, type Tensor } from '../tensor.js';
import type { BigIntArray, NumberArray } from './elementwise-binary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectInputCount, requireInput } from './op-inputs.js';

const CLIP_DTYPES: readonly DType[] = ['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'];

export const clipOp: OpDef = {
  type: 'Clip',
  infer(ctx: InferContext): ValueType[] {
    const x = requireInput(ctx, 0, 'input');
    if (!CLIP_DTYPES.includes(x.dtype)) throw opInvalid(ctx, `input has dtype ${x.dtype}, which Clip does not accept.`);
    if (ctx.opset < 11) {
      expectInputCount(ctx, 1, 1);
      if (x.dtype !== 'float32' && x.dtype !== 'float64') {
        throw opInvalid(ctx, `input has dtype ${x.dtype}, but Clip before opset 11 takes floats only.`);
      }
      const lo = ctx.attributes.float('min', -Infinity);
      const hi = ctx.attributes.float('max', Infinity);
      if (Number.isNaN(lo) || Number.isNaN(hi)) throw opInvalid(ctx, 'attribute min or max is NaN.');
    } else {
      expectInputCount(ctx, 1, 3);
      for (const [i, name] of [[1, 'min'], [2, 'max']] as const) {
        const b = ctx.inputs[i];
        if (b === undefined) continue;
        if (b.dtype !== x.dtype) throw opInvalid(ctx, `bound '${name}' has dtype ${b.dtype} but the input is ${x.dtype}; they must match.`);
        if (sizeOf(b.dims) !== 1) throw opInvalid(ctx, `bound '${name}' has shape [${b.dims.join(', ')}] but must be a scalar.`);
      }
    }
    return [{ dtype: x.dtype, dims: x.dims }];
  },
  run(ctx: RunContext): void {
    const x = ctx.inputs[0] as Tensor;
    const y = ctx.outputs[0];
    const bound = (i: number): number | bigint | undefined => (ctx.opset >= 11 ? ctx.inputs[i]?.data[0] : undefined);
    if (isBigIntDType(x.dtype)) {
      const lo = bound(1) as bigint | undefined;
      const hi = bound(2) as bigint | undefined;
      const xs = x.data as BigIntArray;
      const ys = y.data as BigIntArray;
      for (let i = 0; i < xs.length; i++) {
        let v = xs[i];
        if (lo !== undefined && v < lo) v = lo;
        if (hi !== undefined && v > hi) v = hi;
        ys[i] = v;
      }
      return;
    }
    const lo = ctx.opset < 11 ? ctx.attributes.float('min', -Infinity) : ((bound(1) as number | undefined) ?? -Infinity);
    const hi = ctx.opset < 11 ? ctx.attributes.float('max', Infinity) : ((bound(2) as number | undefined) ?? Infinity);
    const xs = x.data as NumberArray;
    const ys = y.data as NumberArray;
    for (let i = 0; i < xs.length; i++) {
      let v = xs[i];
      if (v < lo) v = lo;
      if (v > hi) v = hi;
      ys[i] = v;
    }
  },
};
