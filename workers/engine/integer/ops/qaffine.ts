/**
 * Integer form of a chain of elementwise arithmetic with constants (an input normalization
 * (x − m) / s, a scale, a shift): the chain is affine in x, y = α·x + β with α, β per element of
 * one sample (usually per channel). With acc = sign(α)·(x − x_zero)·2^k + round(β·2^k / (|α|·s_x))
 * the real output is |α|·s_x·2^−k · acc, requantized like any accumulator; the 2^k keeps the
 * rounding of β far below one output step (TFLite uses the same left-shift trick for Add).
 */
import type { OpDef } from '../../ops/op.js';
import { stateKeyOf } from '../../ops/state-key.js';
import type { IntGrid } from '../int-grid.js';
import { Requantizer, type ClampReal, type RequantRounding } from '../requantizer.js';

export function makeQAffineOp(
  alpha: Float64Array,
  beta: Float64Array,
  input: IntGrid,
  out: IntGrid,
  clamp: ClampReal,
  rounding: RequantRounding,
): OpDef {
  const per = alpha.length;
  const span = input.params.levels[input.params.levels.length - 1] - input.params.levels[0];
  // The largest k ≤ 16 that keeps every accumulator inside int32 (with a bit of headroom).
  let worst = 0;
  for (let e = 0; e < per; e++) worst = Math.max(worst, span + Math.abs(beta[e]) / (Math.abs(alpha[e]) * input.scale));
  let k = 16;
  while (k > 0 && worst * 2 ** k >= 2 ** 30) k--;
  const unit = 2 ** k;
  const sign = new Int8Array(per);
  const offset = new Float64Array(per);
  const accScales = new Float64Array(per);
  for (let e = 0; e < per; e++) {
    sign[e] = alpha[e] < 0 ? -1 : 1;
    accScales[e] = (Math.abs(alpha[e]) * input.scale) / unit;
    offset[e] = Math.round(beta[e] / accScales[e]);
  }
  const requantizer = new Requantizer(accScales, out, clamp, rounding);
  let acc = new Int32Array(0);
  return {
    type: 'QAffine',
    stateKey: stateKeyOf(alpha, beta, input, out, clamp, rounding),
    domain: 'edgefront',
    noFold: true,
    infer(ctx) {
      return [{ dtype: out.dtype, dims: ctx.inputs[0]!.dims }];
    },
    run(ctx) {
      const x = ctx.inputs[0]!.data as Uint8Array | Int32Array;
      const n = x.length;
      if (acc.length < n) acc = new Int32Array(n);
      const a = acc.subarray(0, n);
      const z = input.zero;
      for (let i = 0, e = 0; i < n; i++, e = e + 1 === per ? 0 : e + 1) {
        a[i] = sign[e] * (x[i] - z) * unit + offset[e];
      }
      requantizer.apply(a, ctx.outputs[0].data as Uint8Array | Int32Array, per, 1, true);
    },
  };
}
