/**
 * Max: elementwise maximum of one or more inputs with multidirectional broadcasting
 * (https://onnx.ai/onnx/operators/onnx__Max.html). NaN propagates, as numpy.maximum does.
 */
import type { Tensor } from '../tensor.js';
import { broadcastDims, planBroadcast } from './broadcast.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { requireInput } from './op-inputs.js';

type Writable = { [i: number]: number | bigint };

export const maxOp: OpDef = {
  type: 'Max',
  infer(ctx: InferContext): ValueType[] {
    if (ctx.inputs.length < 1) throw opInvalid(ctx, 'has no inputs; Max needs at least one.');
    const types = ctx.inputs.map((_, i) => requireInput(ctx, i, `data_${i}`));
    const dtype = types[0].dtype;
    if (dtype === 'bool') throw opInvalid(ctx, 'dtype bool is not supported by Max.');
    const other = types.find((t) => t.dtype !== dtype);
    if (other) throw opInvalid(ctx, `inputs mix dtypes ${dtype} and ${other.dtype}; Max needs all the same. Insert a Cast.`);
    const dims = broadcastDims(ctx, types.map((t) => t.dims), types.map((_, i) => `data_${i}`));
    return [{ dtype, dims }];
  },
  run(ctx: RunContext): void {
    const inputs = ctx.inputs as Tensor[];
    const out = ctx.outputs[0];
    const y = out.data as unknown as Writable;
    const plan = planBroadcast(out.dims, inputs.map((t) => t.dims));
    const n = plan.rowLength;
    // Start with input 0 copied, then fold in the others: the NaN rule keeps a NaN once seen.
    for (let k = 0; k < inputs.length; k++) {
      const x = inputs[k].data as unknown as Writable;
      const s = plan.innerStride[k];
      for (let r = 0; r < plan.rows; r++) {
        let ix = plan.rowOffset(k, r);
        const o = r * n;
        for (let i = 0; i < n; i++, ix += s) {
          const v = x[ix];
          if (k === 0) {
            y[o + i] = v;
          } else {
            const cur = y[o + i];
            // `v !== v` is the NaN test (it is also valid, and false, for bigint).
            if (v > cur || v !== v) y[o + i] = v;
          }
        }
      }
    }
  },
};
