/**
 * Fake quantization of float32 activations on a uniform per-tensor grid: the same numbers as the
 * JavaScript rule in workers/engine/quant/quantize.ts (`fakeQuantize` on uniform levels), which
 * computes in float64 and stores rounded to float32:
 *
 *   level = clamp(roundHalfEven(f64(x) / scale), low, high);  NaN → level 0;  −0 → +0
 *   y     = f32(scale · level)
 *
 * low and high are the grid's integer bounds relative to its zero-point (|low|, |high| ≤ 2^16).
 *
 * Why not simply that: a 128-bit vector holds two float64 values, and the float64 division was
 * the slowest instruction of a fake-quant evaluation. The level is found in float32 instead, four
 * lanes at a time: t = fl32(x · fl32(1/scale)) is within 2^−23·|t| of the exact x / scale
 * (two float32 roundings; the float64 quotient adds 2^−53), so round-half-even(t) is the
 * reference level unless a half-integer lies within that distance. Vectors with a lane within
 * 2^−21·|t| of a half-integer (a 4× margin; about one vector in 2,000 for 8-bit levels) are
 * recomputed by the float64 division, lane by lane. Only the final product scale · level, whose
 * float64 rounding the reference fixes, is done in float64. A scale whose reciprocal is not a
 * normal float32 takes the float64 rule for every value.
 *
 * pmax/pmin (a < b ? b : a; one instruction each, where IEEE min/max take several in V8) keep a
 * NaN; the mask (t == t) then turns NaN lanes into +0 (all-zero bits), and adding +0 turns a −0
 * level into +0. f32x4.nearest is IEEE roundTiesToEven.
 */

/**
 * y[i] = fq(a[i]) for i < n; when b ≠ 0, y[i] = fq(f32(a[i] + b[i])): a same-shape Add and the
 * activation quantizer after it in one pass (a fused ReLU is a `low` raised to 0, see
 * deploy/fuse-fake-quant.ts). Address 0 is never a buffer (the JavaScript side allocates from the
 * heap base up). f32x4.add rounds like JavaScript's float32 store of the double sum (double
 * rounding is harmless for +). y may be a or b.
 */
export function fakeQuantF32(a: usize, b: usize, y: usize, n: i32, scale: f64, low: f64, high: f64): void {
  const inv = <f32>(1.0 / scale);
  let i = 0;
  if (reciprocalFits(inv)) {
    const vInv = f32x4.splat(inv);
    const vScale = f64x2.splat(scale);
    const vLow = f32x4.splat(<f32>low);
    const vHigh = f32x4.splat(<f32>high);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const v = b ? f32x4.add(v128.load(a + o), v128.load(b + o)) : v128.load(a + o);
      v128.store(y + o, quantize4(v, vInv, vScale, vLow, vHigh, scale, low, high));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, quantize1(b ? load<f32>(a + o) + load<f32>(b + o) : load<f32>(a + o), scale, low, high));
  }
}

/** 1/scale as a normal float32 well inside the range, so x · (1/scale) keeps its relative error bound. */
// @ts-ignore: decorator
@inline
function reciprocalFits(inv: f32): bool {
  return inv > <f32>1e-30 && inv < <f32>1e30;
}

/** The rule by float64 division, one value: the reference the vector path must equal. */
// @ts-ignore: decorator
@inline
function quantize1(x: f32, scale: f64, low: f64, high: f64): f32 {
  const t = <f64>x / scale;
  const l = t != t ? 0.0 : min(max(nearest(t), low), high) + 0.0;
  return <f32>(scale * l);
}

/**
 * Four values: levels in float32 when no lane lies within 2^−21·|t| of a half-integer, otherwise
 * the float64 rule lane by lane (the lanes of v are the float32 values themselves).
 */
// @ts-ignore: decorator
@inline
function quantize4(v: v128, vInv: v128, vScale: v128, vLow: v128, vHigh: v128, scale: f64, low: f64, high: f64): v128 {
  const t = f32x4.mul(v, vInv);
  const r = f32x4.nearest(t);
  const distance = f32x4.sub(f32x4.splat(0.5), f32x4.abs(f32x4.sub(t, r)));
  if (v128.any_true(f32x4.le(distance, f32x4.mul(f32x4.abs(t), f32x4.splat(4.76837158203125e-7))))) {
    let out = v;
    out = f32x4.replace_lane(out, 0, quantize1(f32x4.extract_lane(v, 0), scale, low, high));
    out = f32x4.replace_lane(out, 1, quantize1(f32x4.extract_lane(v, 1), scale, low, high));
    out = f32x4.replace_lane(out, 2, quantize1(f32x4.extract_lane(v, 2), scale, low, high));
    return f32x4.replace_lane(out, 3, quantize1(f32x4.extract_lane(v, 3), scale, low, high));
  }
  // f32(scale · clamp(r)), the product in float64.
  const level = v128.and(f32x4.add(f32x4.pmin(f32x4.pmax(r, vLow), vHigh), f32x4.splat(0)), f32x4.eq(t, t));
  const a = f32x4.demote_f64x2_zero(f64x2.mul(vScale, f64x2.promote_low_f32x4(level)));
  const b = f32x4.demote_f64x2_zero(f64x2.mul(vScale, f64x2.promote_low_f32x4(v128.shuffle<i32>(level, level, 2, 3, 2, 3))));
  return v128.shuffle<i32>(a, b, 0, 1, 4, 5);
}
