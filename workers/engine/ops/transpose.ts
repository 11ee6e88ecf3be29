/**
 * Transpose (https://onnx.ai/onnx/operators/onnx__Transpose.html): output dim i is input dim
 * perm[i]; perm defaults to reversing the dims.
 */
import { formatDims, stridesOf, type Tensor } from '../tensor.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectInputCount, requireInput } from './op-inputs.js';

type Elements = { [i: number]: unknown };

function permutation(ctx: Pick<InferContext, 'attributes'>, rank: number): number[] {
  const perm = ctx.attributes.ints('perm');
  return perm ? [...perm] : Array.from({ length: rank }, (_, i) => rank - 1 - i);
}

export const transposeOp: OpDef = {
  type: 'Transpose',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    const x = requireInput(ctx, 0, 'data');
    const rank = x.dims.length;
    const perm = permutation(ctx, rank);
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== rank || sorted.some((p, i) => p !== i)) {
      throw opInvalid(ctx, `perm [${perm.join(', ')}] is not a permutation of the ${rank} dims of ${formatDims(x.dims)}.`);
    }
    return [{ dtype: x.dtype, dims: perm.map((p) => x.dims[p]) }];
  },
  run(ctx: RunContext): void {
    const x = ctx.inputs[0] as Tensor;
    const y = ctx.outputs[0];
    const rank = x.dims.length;
    const perm = permutation(ctx, rank);
    const inStrides = stridesOf(x.dims);
    // Input stride of each output dim, then an odometer over the output in row-major order.
    const strides = perm.map((p) => inStrides[p]);
    const dims = y.dims;
    const xs = x.data as unknown as Elements;
    const ys = y.data as unknown as Elements;
    const n = y.data.length;
    const index = new Array<number>(rank).fill(0);
    let src = 0;
    for (let o = 0; o < n; o++) {
      ys[o] = xs[src];
      for (let i = rank - 1; i >= 0; i--) {
        index[i]++;
        src += strides[i];
        if (index[i] < dims[i]) break;
        src -= strides[i] * dims[i];
        index[i] = 0;
      }
    }
  },
};
