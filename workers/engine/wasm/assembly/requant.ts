/**
 * Integer requantization and the elementwise integer ops, so integer mode never runs a
 * per-element JavaScript loop: single-rounding fixed-point requantization (TFLite's
 * TFLITE_SINGLE_ROUNDING MultiplyByQuantizedMultiplier, workers/engine/quant/fixed-point.ts),
 *
 *   level = clamp(zero + ((acc · m + 2^(T−1)) >> T), lo, hi),  stored = level + offset,
 *
 * with T = 31 + shift and an exact 64-bit product; TFLite's quantized Add; exact window sums
 * for average pooling; and max pooling of byte levels. The reference semantics live in
 * workers/engine/kernels/reference.ts (tests: test/unit/integer-kernels.test.ts).
 *
 * Vector path: when T ≥ 32 (the multiplier is below 1/2, as for every 8-bit layer in practice)
 * `i64x2.extmul_*_i32x4_s` gives the exact products, and the high 32 bits of (product + 2^(T−1))
 * shifted right by T − 32 are exactly floor((product + 2^(T−1)) / 2^T) (floor division composes).
 * Then |result| ≤ 2^30, so adding zero + offset (checked |·| < 2^29 by the caller) cannot wrap
 * and the clamp can run in int32. Otherwise each element takes the scalar path in int64.
 *
 * Parameter blocks (int32, written by workers/engine/kernels/wasm.ts):
 *   requant: [zero, lo, hi, offset, m_0, T_0, m_1, T_1, …] — one (m, T) pair per channel.
 *   qadd:    [aZero, bZero, leftShift, aM, aT, bM, bT] followed by a requant block of one channel.
 */

/** Exact single-rounding requantization of one value, in int64 (any T in 1…62). */
@inline
function requantOne(a: i32, m: i64, T: i64, zero: i64, lo: i64, hi: i64): i32 {
  let level = zero + ((<i64>a * m + (<i64>1 << (T - 1))) >> T);
  if (level < lo) level = lo;
  else if (level > hi) level = hi;
  return <i32>level;
}

/** round(a · m / 2^T) on four lanes for T ≥ 32 (see the header), `half` = 2^(T−1) in both i64 lanes. */
@inline
function mulShift(a: v128, m: v128, half: v128, rightShift: i32): v128 {
  const lo = i64x2.add(i64x2.extmul_low_i32x4_s(a, m), half);
  const hi = i64x2.add(i64x2.extmul_high_i32x4_s(a, m), half);
  return i32x4.shr_s(i32x4.shuffle(lo, hi, 1, 3, 5, 7), rightShift);
}

/** Stores 8 clamped levels (already within 0…255) as bytes. */
@inline
function storeBytes8(out: usize, r0: v128, r1: v128): void {
  const w = i16x8.narrow_i32x4_s(r0, r1);
  v128.store64_lane(out, i8x16.narrow_i16x8_u(w, w), 0);
}

/**
 * Requantizes int32 accumulators laid out [outer, channels, inner] into `out` (bytes when
 * `outWide` is 0, int32 otherwise; may be `acc` itself when wide). Gemm outputs are inner = 1.
 */
export function requantize(acc: usize, out: usize, outWide: i32, outer: i32, channels: i32, inner: i32, params: usize): void {
  const zero = load<i32>(params);
  const lo = load<i32>(params, 4);
  const hi = load<i32>(params, 8);
  const offset = load<i32>(params, 12);
  const zo = zero + offset;
  const loO = lo + offset;
  const hiO = hi + offset;
  const zov = i32x4.splat(zo);
  const lov = i32x4.splat(loO);
  const hiv = i32x4.splat(hiO);
  const outShift: usize = outWide != 0 ? 2 : 0;
  let a = acc;
  let o = out;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < channels; c++) {
      const m = load<i32>(params + 16 + (<usize>c << 3));
      const T = load<i32>(params + 20 + (<usize>c << 3));
      let i = 0;
      if (T >= 32 && inner >= 8) {
        const mv = i32x4.splat(m);
        const half = i64x2.splat(<i64>1 << (T - 1));
        const sh = T - 32;
        for (; i + 8 <= inner; i += 8) {
          const p = a + (<usize>i << 2);
          let r0 = i32x4.add(mulShift(v128.load(p), mv, half, sh), zov);
          let r1 = i32x4.add(mulShift(v128.load(p, 16), mv, half, sh), zov);
          r0 = i32x4.min_s(i32x4.max_s(r0, lov), hiv);
          r1 = i32x4.min_s(i32x4.max_s(r1, lov), hiv);
          if (outWide != 0) {
            const q = o + (<usize>i << 2);
            v128.store(q, r0);
            v128.store(q, r1, 16);
          } else {
            storeBytes8(o + <usize>i, r0, r1);
          }
        }
      }
      const m64 = <i64>m;
      const T64 = <i64>T;
      for (; i < inner; i++) {
        const v = requantOne(load<i32>(a + (<usize>i << 2)), m64, T64, zero, lo, hi) + offset;
        if (outWide != 0) store<i32>(o + (<usize>i << 2), v);
        else store<u8>(o + <usize>i, <u8>v);
      }
      a += <usize>inner << 2;
      o += <usize>inner << outShift;
    }
  }
}

/**
 * TFLite's reference quantized Add on n byte inputs: s = A(x − aZero)·2^L + B(y − bZero)·2^L
 * (each term single-rounded, the sum wrapping in int32), then requantized (one channel) to bytes
 * or int32 (`outWide`). The caller guarantees |x − zero|·2^L < 2^30 for every byte value, so the
 * int32 left shift is exact.
 */
export function qadd(x: usize, y: usize, n: i32, out: usize, outWide: i32, params: usize): void {
  const aZero = load<i32>(params);
  const bZero = load<i32>(params, 4);
  const L = load<i32>(params, 8);
  const aM = load<i32>(params, 12);
  const aT = load<i32>(params, 16);
  const bM = load<i32>(params, 20);
  const bT = load<i32>(params, 24);
  const rq = params + 28;
  const zero = load<i32>(rq);
  const lo = load<i32>(rq, 4);
  const hi = load<i32>(rq, 8);
  const offset = load<i32>(rq, 12);
  const m = load<i32>(rq, 16);
  const T = load<i32>(rq, 20);
  let i = 0;
  // The larger input scale gives a multiplier of exactly 1/2, T = 31: doubling its operand (still
  // below 2^31 by the caller's bound) and T keeps the quotient and brings T to the vector path's 32.
  if (outWide == 0 && aT >= 31 && bT >= 31 && T >= 32) {
    const aS = aT == 31 ? 1 : 0;
    const bS = bT == 31 ? 1 : 0;
    const aL = L + aS;
    const bL = L + bS;
    const aTv = aT + aS;
    const bTv = bT + bS;
    const azv = i32x4.splat(aZero);
    const bzv = i32x4.splat(bZero);
    const amv = i32x4.splat(aM);
    const bmv = i32x4.splat(bM);
    const mv = i32x4.splat(m);
    const aHalf = i64x2.splat(<i64>1 << (aTv - 1));
    const bHalf = i64x2.splat(<i64>1 << (bTv - 1));
    const half = i64x2.splat(<i64>1 << (T - 1));
    const zov = i32x4.splat(zero + offset);
    const lov = i32x4.splat(lo + offset);
    const hiv = i32x4.splat(hi + offset);
    for (; i + 8 <= n; i += 8) {
      const xs = v128.load8x8_u(x + <usize>i);
      const ys = v128.load8x8_u(y + <usize>i);
      const x0 = i32x4.shl(i32x4.sub(i32x4.extend_low_i16x8_u(xs), azv), aL);
      const x1 = i32x4.shl(i32x4.sub(i32x4.extend_high_i16x8_u(xs), azv), aL);
      const y0 = i32x4.shl(i32x4.sub(i32x4.extend_low_i16x8_u(ys), bzv), bL);
      const y1 = i32x4.shl(i32x4.sub(i32x4.extend_high_i16x8_u(ys), bzv), bL);
      const s0 = i32x4.add(mulShift(x0, amv, aHalf, aTv - 32), mulShift(y0, bmv, bHalf, bTv - 32));
      const s1 = i32x4.add(mulShift(x1, amv, aHalf, aTv - 32), mulShift(y1, bmv, bHalf, bTv - 32));
      let r0 = i32x4.add(mulShift(s0, mv, half, T - 32), zov);
      let r1 = i32x4.add(mulShift(s1, mv, half, T - 32), zov);
      r0 = i32x4.min_s(i32x4.max_s(r0, lov), hiv);
      r1 = i32x4.min_s(i32x4.max_s(r1, lov), hiv);
      storeBytes8(out + <usize>i, r0, r1);
    }
  }
  const unit = <i64>1 << <i64>L;
  for (; i < n; i++) {
    const xv = <i32>load<u8>(x + <usize>i);
    const yv = <i32>load<u8>(y + <usize>i);
    const xa = <i32>((<i64>(xv - aZero) * unit * <i64>aM + (<i64>1 << <i64>(aT - 1))) >> <i64>aT);
    const ya = <i32>((<i64>(yv - bZero) * unit * <i64>bM + (<i64>1 << <i64>(bT - 1))) >> <i64>bT);
    const v = requantOne(xa + ya, <i64>m, <i64>T, zero, lo, hi) + offset;
    if (outWide != 0) store<i32>(out + (<usize>i << 2), v);
    else store<u8>(out + <usize>i, <u8>v);
  }
}

/**
 * Exact window sums of (x − zero) for average pooling, one int32 per output, over planes of
 * H×W inputs and OH×OW outputs; `pool` = [kH, kW, strideH, strideW, padTop, padLeft].
 * Out-of-image taps are skipped (the caller divides by the right count).
 */
export function poolSums(x: usize, inWide: i32, planes: i32, H: i32, W: i32, OH: i32, OW: i32, zero: i32, pool: usize, sums: usize): void {
  const kH = load<i32>(pool);
  const kW = load<i32>(pool, 4);
  const sH = load<i32>(pool, 8);
  const sW = load<i32>(pool, 12);
  const pT = load<i32>(pool, 16);
  const pL = load<i32>(pool, 20);
  const plane = H * W;
  let d = sums;
  for (let p = 0; p < planes; p++) {
    const base = <usize>p * <usize>plane;
    if (kH == H && kW == W && OH == 1 && OW == 1 && pT == 0 && pL == 0 && inWide == 0) {
      // Global pooling of bytes: a straight vector sum.
      let s = i32x4.splat(0);
      const from = x + base;
      let i = 0;
      for (; i + 8 <= plane; i += 8) {
        const v = v128.load8x8_u(from + <usize>i);
        s = i32x4.add(s, i32x4.extadd_pairwise_i16x8_u(v));
      }
      let total = i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1) + i32x4.extract_lane(s, 2) + i32x4.extract_lane(s, 3);
      for (; i < plane; i++) total += <i32>load<u8>(from + <usize>i);
      store<i32>(d, total - zero * plane);
      d += 4;
      continue;
    }
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sH - pT;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sW - pL;
        let sum = 0;
        for (let kh = 0; kh < kH; kh++) {
          const ih = h0 + kh;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < kW; kw++) {
            const iw = w0 + kw;
            if (iw < 0 || iw >= W) continue;
            const at = base + <usize>(ih * W + iw);
            sum += (inWide != 0 ? load<i32>(x + (at << 2)) : <i32>load<u8>(x + at)) - zero;
          }
        }
        store<i32>(d, sum);
        d += 4;
      }
    }
  }
}

/**
 * Max pooling of bytes (stored levels: the maximum level is the maximum stored value), over
 * `planes` planes, `pool` as for poolSums; taps outside the image are skipped (ONNX pads with −∞).
 */
export function maxPoolU8(x: usize, planes: i32, H: i32, W: i32, OH: i32, OW: i32, pool: usize, out: usize): void {
  const kH = load<i32>(pool);
  const kW = load<i32>(pool, 4);
  const sH = load<i32>(pool, 8);
  const sW = load<i32>(pool, 12);
  const pT = load<i32>(pool, 16);
  const pL = load<i32>(pool, 20);
  const plane = H * W;
  let d = out;
  for (let p = 0; p < planes; p++) {
    const base = x + <usize>p * <usize>plane;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sH - pT;
      const khLo = max(0, -h0);
      const khHi = min(kH, H - h0);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sW - pL;
        const kwLo = max(0, -w0);
        const kwHi = min(kW, W - w0);
        let m: i32 = 0;
        for (let kh = khLo; kh < khHi; kh++) {
          const row = base + <usize>((h0 + kh) * W + w0);
          for (let kw = kwLo; kw < kwHi; kw++) m = max(m, <i32>load<u8>(row + <usize>kw));
        }
        store<u8>(d, <u8>m);
        d += 1;
      }
    }
  }
}
