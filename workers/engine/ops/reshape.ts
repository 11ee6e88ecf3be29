/**
 * Reshape (https://onnx.ai/onnx/operators/onnx__Reshape.html): a view with a new shape. In the
 * shape input, 0 copies the input's dim at that position (unless allowzero = 1, opset 14+, where
 * 0 means an empty dim) and one −1 is inferred from the element count. The shape must be known
 * when the plan is built.
 */
import { formatDims, sizeOf } from '../tensor.js';
import type { InferContext, OpDef, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { constIntegers, expectInputCount, requireInput } from './op-inputs.js';

export const reshapeOp: OpDef = {
  type: 'Reshape',
  aliasesInput0: true,
  infer(ctx: InferContext): ValueType[] {
    const x = requireInput(ctx, 0, 'data');
    let requested: readonly number[];
    if (ctx.opset < 5) {
      expectInputCount(ctx, 1, 1);
      requested = ctx.attributes.ints('shape', []);
    } else {
      expectInputCount(ctx, 2, 2);
      requireInput(ctx, 1, 'shape');
      requested = constIntegers(ctx, 1, 'shape') as number[];
    }
    const allowZero = ctx.opset >= 14 && ctx.attributes.int('allowzero', 0) !== 0;
    const dims = requested.map((d, i) => {
      if (d === 0 && !allowZero) {
        if (i >= x.dims.length) throw opInvalid(ctx, `shape [${requested.join(', ')}] has 0 at position ${i}, but the input ${formatDims(x.dims)} has no dim there to copy.`);
        return x.dims[i];
      }
      return d;
    });
    const unknown = dims.filter((d) => d === -1).length;
    if (unknown > 1 || dims.some((d) => d < -1 || !Number.isInteger(d))) {
      throw opInvalid(ctx, `shape [${requested.join(', ')}] is invalid: dims must be integers ≥ 0, with at most one −1.`);
    }
    const total = sizeOf(x.dims);
    if (unknown === 1) {
      const known = sizeOf(dims.filter((d) => d !== -1));
      if (known === 0 || total % known !== 0) {
        throw opInvalid(ctx, `cannot reshape ${formatDims(x.dims)} (${total} elements) to [${requested.join(', ')}]: the −1 dim cannot be inferred.`);
      }
      dims[dims.indexOf(-1)] = total / known;
    }
    if (sizeOf(dims) !== total) {
      throw opInvalid(ctx, `cannot reshape ${formatDims(x.dims)} (${total} elements) to [${requested.join(', ')}] (${sizeOf(dims)} elements).`);
    }
    return [{ dtype: x.dtype, dims }];
  },
  run(): void {
    // Output 0 aliases input 0.
  },
};
