/**
 * Integer Add of two quantized tensors (same dims), with a fused ReLU/Clip, following TFLite's
 * reference quantized Add (tensorflow/lite/kernels/internal/reference/add.h): both inputs are
 * brought to a common fixed-point scale 2·max(s_a, s_b)/2^shift with a left shift and a
 * multiplier below one each, summed exactly, then requantized to the output grid.
 */
import { quantizeMultiplier } from '../../quant/fixed-point.js';
import type { OpDef } from '../../ops/op.js';
import { stateKeyOf } from '../../ops/state-key.js';
import type { IntGrid } from '../int-grid.js';
import type { QAddParams } from '../../kernels/types.js';
import { FixedPointScaler, Requantizer, fastIntegerKernels, type ClampReal, type RequantRounding } from '../requantizer.js';

export function makeQAddOp(a: IntGrid, b: IntGrid, out: IntGrid, clamp: ClampReal, rounding: RequantRounding): OpDef {
  // TFLite uses a left shift of 20 for 8-bit inputs; keep (x − z)·2^shift inside int32 for wider grids.
  const span = (g: IntGrid) => g.params.levels[g.params.levels.length - 1] - g.params.levels[0];
  const inputBits = Math.ceil(Math.log2(Math.max(span(a), span(b)) + 1)) + 1;
  const leftShift = Math.max(0, Math.min(20, 30 - inputBits));
  const twiceMax = 2 * Math.max(a.scale, b.scale);
  const qa = quantizeMultiplier(a.scale / twiceMax);
  const qb = quantizeMultiplier(b.scale / twiceMax);
  const ma = new FixedPointScaler(qa.multiplier, qa.shift, rounding);
  const mb = new FixedPointScaler(qb.multiplier, qb.shift, rounding);
  const requantizer = new Requantizer(Float64Array.of(twiceMax / 2 ** leftShift), out, clamp, rounding);
  const unit = 2 ** leftShift;
  // The same Add in the kernels' terms (single rounding only), for the wasm kernels.
  const kernelParams: QAddParams | null = requantizer.fixedPoint
    ? { aZero: a.zero, bZero: b.zero, leftShift, aMultiplier: qa.multiplier, aShift: qa.shift, bMultiplier: qb.multiplier, bShift: qb.shift, out: requantizer.fixedPoint }
    : null;
  let acc = new Int32Array(0);
  return {
    type: 'QAdd',
    stateKey: stateKeyOf(a, b, out, clamp, rounding),
    domain: 'edgefront',
    noFold: true,
    infer(ctx) {
      return [{ dtype: out.dtype, dims: ctx.inputs[0]!.dims }];
    },
    run(ctx) {
      const x = ctx.inputs[0]!.data as Uint8Array | Int32Array;
      const y = ctx.inputs[1]!.data as Uint8Array | Int32Array;
      const n = x.length;
      const k = kernelParams ? fastIntegerKernels() : null;
      if (k?.qadd) {
        k.qadd(n, x, y, kernelParams!, ctx.outputs[0].data as Uint8Array | Int32Array);
        return;
      }
      if (acc.length < n) acc = new Int32Array(n);
      const s = acc.subarray(0, n);
      const za = a.zero;
      const zb = b.zero;
      for (let i = 0; i < n; i++) {
        s[i] = ma.apply((x[i] - za) * unit) + mb.apply((y[i] - zb) * unit);
      }
      requantizer.apply(s, ctx.outputs[0].data as Uint8Array | Int32Array, 1, n);
    },
  };
}
