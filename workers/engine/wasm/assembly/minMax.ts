/**
 * The range scan of activation calibration (quant/calibration/observer.ts): smallest and largest
 * non-NaN value and the number of NaNs of n float32 values, written to out as [min: f32,
 * max: f32, nans: i32]. pmin/pmax (b < a ? b : a) skip NaN lanes, as the JavaScript comparisons
 * do. An empty or all-NaN input gives min = +Infinity, max = −Infinity.
 */
export function minMaxF32(x: usize, n: i32, out: usize): void {
  let vMin = f32x4.splat(Infinity);
  let vMax = f32x4.splat(-Infinity);
  let vNan = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    vMin = f32x4.pmin(vMin, v);
    vMax = f32x4.pmax(vMax, v);
    vNan = i32x4.sub(vNan, f32x4.ne(v, v));
  }
  let lo: f32 = Infinity;
  let hi: f32 = -Infinity;
  let nans = i32x4.extract_lane(vNan, 0) + i32x4.extract_lane(vNan, 1) + i32x4.extract_lane(vNan, 2) + i32x4.extract_lane(vNan, 3);
  for (let k = 0; k < 4; k++) {
    const a = f32x4.extract_lane(vMin, 0);
    const b = f32x4.extract_lane(vMax, 0);
    if (a < lo) lo = a;
    if (b > hi) hi = b;
    vMin = v128.shuffle<i32>(vMin, vMin, 1, 2, 3, 0);
    vMax = v128.shuffle<i32>(vMax, vMax, 1, 2, 3, 0);
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v != v) nans++;
  }
  store<f32>(out, lo);
  store<f32>(out, hi, 4);
  store<i32>(out, nans, 8);
}
