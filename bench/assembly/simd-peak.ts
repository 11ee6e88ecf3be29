/**
 * Arithmetic peaks of WebAssembly SIMD on the host, for bench/simd-ceiling.ts: each loop keeps 12
 * independent accumulators and its operands in registers, so it measures instruction throughput,
 * an upper bound no real kernel (which must also load, pack and store) can exceed.
 * Compiled by the bench itself (AssemblyScript, --enable simd[,relaxed-simd]).
 */

/** f32x4.mul + f32x4.add: 4 multiply-adds per pair of instructions. Returns a value so V8 keeps the loop. */
export function f32MulAdd(iterations: i32, seed: f32): f32 {
  const a = f32x4.splat(seed);
  const b = f32x4.splat(seed * 0.5);
  let c0 = f32x4.splat(0); let c1 = c0; let c2 = c0; let c3 = c0; let c4 = c0; let c5 = c0;
  let c6 = c0; let c7 = c0; let c8 = c0; let c9 = c0; let c10 = c0; let c11 = c0;
  for (let i = 0; i < iterations; i++) {
    c0 = f32x4.add(c0, f32x4.mul(a, b)); c1 = f32x4.add(c1, f32x4.mul(a, b)); c2 = f32x4.add(c2, f32x4.mul(a, b));
    c3 = f32x4.add(c3, f32x4.mul(a, b)); c4 = f32x4.add(c4, f32x4.mul(a, b)); c5 = f32x4.add(c5, f32x4.mul(a, b));
    c6 = f32x4.add(c6, f32x4.mul(a, b)); c7 = f32x4.add(c7, f32x4.mul(a, b)); c8 = f32x4.add(c8, f32x4.mul(a, b));
    c9 = f32x4.add(c9, f32x4.mul(a, b)); c10 = f32x4.add(c10, f32x4.mul(a, b)); c11 = f32x4.add(c11, f32x4.mul(a, b));
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))), 0);
}

/** i32x4.dot_i16x8_s + i32x4.add: 8 integer multiply-adds per pair (what gemmI32.ts uses). */
export function i16Dot(iterations: i32, seed: i32): i32 {
  const a = i16x8.splat(<i16>seed);
  const b = i16x8.splat(<i16>(seed + 1));
  let c0 = i32x4.splat(0); let c1 = c0; let c2 = c0; let c3 = c0; let c4 = c0; let c5 = c0;
  let c6 = c0; let c7 = c0; let c8 = c0; let c9 = c0; let c10 = c0; let c11 = c0;
  for (let i = 0; i < iterations; i++) {
    c0 = i32x4.add(c0, i32x4.dot_i16x8_s(a, b)); c1 = i32x4.add(c1, i32x4.dot_i16x8_s(a, b)); c2 = i32x4.add(c2, i32x4.dot_i16x8_s(a, b));
    c3 = i32x4.add(c3, i32x4.dot_i16x8_s(a, b)); c4 = i32x4.add(c4, i32x4.dot_i16x8_s(a, b)); c5 = i32x4.add(c5, i32x4.dot_i16x8_s(a, b));
    c6 = i32x4.add(c6, i32x4.dot_i16x8_s(a, b)); c7 = i32x4.add(c7, i32x4.dot_i16x8_s(a, b)); c8 = i32x4.add(c8, i32x4.dot_i16x8_s(a, b));
    c9 = i32x4.add(c9, i32x4.dot_i16x8_s(a, b)); c10 = i32x4.add(c10, i32x4.dot_i16x8_s(a, b)); c11 = i32x4.add(c11, i32x4.dot_i16x8_s(a, b));
  }
  const s = i32x4.add(i32x4.add(i32x4.add(c0, c1), i32x4.add(c2, c3)), i32x4.add(i32x4.add(c4, c5), i32x4.add(c6, c7)));
  return i32x4.extract_lane(i32x4.add(s, i32x4.add(i32x4.add(c8, c9), i32x4.add(c10, c11))), 0);
}

/** f32x4.relaxed_madd: 4 multiply-adds per instruction (fused where the CPU has FMA). */
export function f32RelaxedMadd(iterations: i32, seed: f32): f32 {
  if (!ASC_FEATURE_RELAXED_SIMD) return -1;
  const a = f32x4.splat(seed);
  const b = f32x4.splat(seed * 0.5);
  let c0 = f32x4.splat(0); let c1 = c0; let c2 = c0; let c3 = c0; let c4 = c0; let c5 = c0;
  let c6 = c0; let c7 = c0; let c8 = c0; let c9 = c0; let c10 = c0; let c11 = c0;
  for (let i = 0; i < iterations; i++) {
    c0 = f32x4.relaxed_madd(a, b, c0); c1 = f32x4.relaxed_madd(a, b, c1); c2 = f32x4.relaxed_madd(a, b, c2);
    c3 = f32x4.relaxed_madd(a, b, c3); c4 = f32x4.relaxed_madd(a, b, c4); c5 = f32x4.relaxed_madd(a, b, c5);
    c6 = f32x4.relaxed_madd(a, b, c6); c7 = f32x4.relaxed_madd(a, b, c7); c8 = f32x4.relaxed_madd(a, b, c8);
    c9 = f32x4.relaxed_madd(a, b, c9); c10 = f32x4.relaxed_madd(a, b, c10); c11 = f32x4.relaxed_madd(a, b, c11);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))), 0);
}

/** i32x4.relaxed_dot_i8x16_i7x16_add_s: 16 integer multiply-adds per instruction. */
export function i8RelaxedDot(iterations: i32, seed: i32): i32 {
  if (!ASC_FEATURE_RELAXED_SIMD) return -1;
  const a = i8x16.splat(<i8>seed);
  const b = i8x16.splat(<i8>(seed & 63));
  let c0 = i32x4.splat(0); let c1 = c0; let c2 = c0; let c3 = c0; let c4 = c0; let c5 = c0;
  let c6 = c0; let c7 = c0; let c8 = c0; let c9 = c0; let c10 = c0; let c11 = c0;
  for (let i = 0; i < iterations; i++) {
    c0 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c0); c1 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c1);
    c2 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c2); c3 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c3);
    c4 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c4); c5 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c5);
    c6 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c6); c7 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c7);
    c8 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c8); c9 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c9);
    c10 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c10); c11 = i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c11);
  }
  const s = i32x4.add(i32x4.add(i32x4.add(c0, c1), i32x4.add(c2, c3)), i32x4.add(i32x4.add(c4, c5), i32x4.add(c6, c7)));
  return i32x4.extract_lane(i32x4.add(s, i32x4.add(i32x4.add(c8, c9), i32x4.add(c10, c11))), 0);
}
