/**
 * Softmax (https://onnx.ai/onnx/operators/onnx__Softmax.html).
 * Before opset 13 the input is coerced to 2-D at `axis` (default 1): each row of
 * [d0·…·d(axis−1), d(axis)·…·d(n−1)] is normalized as a whole. From opset 13 the softmax runs
 * along the single dim `axis` (default −1). The row maximum is subtracted first so exp never
 * overflows (the function body in the spec does the same).
 */
import { sizeOf, type Tensor } from '../tensor.js';
import type { NumberArray } from './elementwise-binary.js';
import { FLOAT_DTYPES } from './elementwise-unary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { expectDType, expectInputCount, normalizeAxis, requireInput } from './op-inputs.js';

interface Layout {
  readonly outer: number;
  readonly length: number;
  readonly inner: number;
}

function layout(ctx: Pick<InferContext, 'attributes' | 'opset' | 'where' | 'nodeName' | 'opType'>, dims: readonly number[]): Layout {
  const rank = dims.length;
  const modern = ctx.opset >= 13;
  const axis = normalizeAxis(ctx, ctx.attributes.int('axis', modern ? -1 : 1), Math.max(rank, 1));
  if (!modern) return { outer: sizeOf(dims.slice(0, axis)), length: sizeOf(dims.slice(axis)), inner: 1 };
  return { outer: sizeOf(dims.slice(0, axis)), length: dims[axis] ?? 1, inner: sizeOf(dims.slice(axis + 1)) };
}

export const softmaxOp: OpDef = {
  type: 'Softmax',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    const x = requireInput(ctx, 0, 'input');
    expectDType(ctx, x, 'input', FLOAT_DTYPES);
    layout(ctx, x.dims);
    return [{ dtype: x.dtype, dims: x.dims }];
  },
  run(ctx: RunContext): void {
    const x = ctx.inputs[0] as Tensor;
    const xs = x.data as NumberArray;
    const ys = ctx.outputs[0].data as NumberArray;
    const { outer, length, inner } = layout(ctx, x.dims);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * length * inner + j;
        let max = -Infinity;
        for (let i = 0; i < length; i++) if (xs[base + i * inner] > max) max = xs[base + i * inner];
        let sum = 0;
        for (let i = 0; i < length; i++) {
          const e = Math.exp(xs[base + i * inner] - max);
          ys[base + i * inner] = e;
          sum += e;
        }
        // Divide the stored exponentials; for float32 they were rounded once, well within 1e-6.
        const inv = 1 / sum;
        for (let i = 0; i < length; i++) ys[base + i * inner] *= inv;
      }
    }
  },
};
