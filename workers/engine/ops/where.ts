/**
 * Where: output = condition ? X : Y elementwise, all three broadcast together
 * (https://onnx.ai/onnx/operators/onnx__Where.html).
 */
import type { Tensor } from '../tensor.js';
import { broadcastDims, planBroadcast } from './broadcast.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectInputCount, requireInput } from './op-inputs.js';

type Writable = { [i: number]: number | bigint };

export const whereOp: OpDef = {
  type: 'Where',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 3, 3);
    const c = requireInput(ctx, 0, 'condition');
    const x = requireInput(ctx, 1, 'X');
    const y = requireInput(ctx, 2, 'Y');
    if (c.dtype !== 'bool') throw opInvalid(ctx, `condition has dtype ${c.dtype} but Where needs bool.`);
    if (x.dtype !== y.dtype) throw opInvalid(ctx, `X is ${x.dtype} but Y is ${y.dtype}; Where needs both the same. Insert a Cast.`);
    return [{ dtype: x.dtype, dims: broadcastDims(ctx, [c.dims, x.dims, y.dims], ['condition', 'X', 'Y']) }];
  },
  run(ctx: RunContext): void {
    const [c, x, y] = ctx.inputs as Tensor[];
    const out = ctx.outputs[0];
    const plan = planBroadcast(out.dims, [c.dims, x.dims, y.dims]);
    const cd = c.data as Uint8Array;
    const xd = x.data as unknown as Writable;
    const yd = y.data as unknown as Writable;
    const od = out.data as unknown as Writable;
    const n = plan.rowLength;
    const [cs, xs, ys] = plan.innerStride;
    for (let r = 0; r < plan.rows; r++) {
      let ic = plan.rowOffset(0, r);
      let ix = plan.rowOffset(1, r);
      let iy = plan.rowOffset(2, r);
      const o = r * n;
      for (let i = 0; i < n; i++, ic += cs, ix += xs, iy += ys) od[o + i] = cd[ic] ? xd[ix] : yd[iy];
    }
  },
};
