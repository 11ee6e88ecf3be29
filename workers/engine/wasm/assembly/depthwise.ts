/**
 * Direct depthwise convolution (group == inC == outC), vectorised over four output columns.
 * Each input channel is first copied into a zero-padded buffer split into `strideW` column phases
 * (column c goes to phase c mod s, index c div s), so the inputs of four consecutive outputs are
 * four consecutive floats for every stride, and no bounds checks remain in the inner loop.
 * Output rows are written as whole vectors; the overhang past a row end lands on the next row (or
 * the caller's slack after the last) before that is written, so the order of writes matters.
 *
 * Buffer: `rows` × `strideW` × `phaseWidth` 32-bit elements (float, or int32 code − zero-point).
 */
import { Geometry } from './geometry';

let rows: i32 = 0;
let phaseWidth: i32 = 0;
let outWv: i32 = 0;

function layout(g: Geometry): void {
  rows = (g.outH - 1) * g.strideH + (g.kH - 1) * g.dilationH + 1;
  outWv = (g.outW + 3) & ~3;
  phaseWidth = outWv + (g.kW - 1) * g.dilationW / g.strideW;
}

/** Bytes of the padded-channel buffer the caller must provide. */
export function depthwiseBufferBytes(geo: usize): i32 {
  layout(changetype<Geometry>(geo));
  return rows * changetype<Geometry>(geo).strideW * phaseWidth * 4;
}

// Index range [phaseLo, phaseHi) of phase `ph` whose column idx·s + ph − padLeft lies in the image.
let phaseLo: i32 = 0;
let phaseHi: i32 = 0;
function phaseRange(g: Geometry, ph: i32): void {
  const s = g.strideW;
  const first = g.padLeft - ph; // idx·s ≥ first
  phaseLo = first <= 0 ? 0 : (first + s - 1) / s;
  const last = g.inW - 1 + g.padLeft - ph; // idx·s ≤ last
  phaseHi = last < 0 ? 0 : min(phaseWidth, last / s + 1);
}

function fillF32(g: Geometry, plane: usize, buf: usize): void {
  const s = g.strideW;
  memory.fill(buf, 0, <usize>(rows * s * phaseWidth) << 2);
  const lastRow = min(g.inH, rows - g.padTop);
  for (let ph = 0; ph < s; ph++) {
    phaseRange(g, ph);
    const lo = phaseLo, hi = phaseHi;
    if (hi <= lo) continue;
    for (let ih = 0; ih < lastRow; ih++) {
      const dst = buf + (<usize>(((ih + g.padTop) * s + ph) * phaseWidth) << 2);
      const src = plane + (<usize>(ih * g.inW + ph - g.padLeft) << 2);
      if (s == 1) {
        memory.copy(dst + (<usize>lo << 2), src + (<usize>lo << 2), <usize>(hi - lo) << 2);
      } else {
        for (let idx = lo; idx < hi; idx++) store<f32>(dst + (<usize>idx << 2), load<f32>(src + (<usize>(idx * s) << 2)));
      }
    }
  }
}

function fillU8(g: Geometry, plane: usize, zero: i32, buf: usize): void {
  const s = g.strideW;
  memory.fill(buf, 0, <usize>(rows * s * phaseWidth) << 2);
  const lastRow = min(g.inH, rows - g.padTop);
  for (let ph = 0; ph < s; ph++) {
    phaseRange(g, ph);
    const lo = phaseLo, hi = phaseHi;
    for (let ih = 0; ih < lastRow; ih++) {
      const dst = buf + (<usize>(((ih + g.padTop) * s + ph) * phaseWidth) << 2);
      const src = plane + <usize>(ih * g.inW + ph - g.padLeft);
      let idx = lo;
      if (s == 1) {
        // Eight codes at a time, widened to int32; the tail stays scalar so the right-hand
        // padding keeps its zeros.
        const z = i32x4.splat(zero);
        for (; idx + 8 <= hi; idx += 8) {
          const v = v128.load8x8_u(src + <usize>idx);
          v128.store(dst + (<usize>idx << 2), i32x4.sub(i32x4.extend_low_i16x8_u(v), z));
          v128.store(dst + (<usize>idx << 2), i32x4.sub(i32x4.extend_high_i16x8_u(v), z), 16);
        }
      }
      for (; idx < hi; idx++) store<i32>(dst + (<usize>idx << 2), <i32>load<u8>(src + <usize>(idx * s)) - zero);
    }
  }
}

/** Byte offset of tap (kh, kw) from the buffer position of output (0, 0). */
function tapOffset(g: Geometry, kh: i32, kw: i32): usize {
  const off = kw * g.dilationW;
  return <usize>(((kh * g.dilationH * g.strideW) + off % g.strideW) * phaseWidth + off / g.strideW) << 2;
}

export function depthwiseF32(geo: usize, x: usize, w: usize, bias: usize, y: usize, buf: usize): void {
  const g = changetype<Geometry>(geo);
  layout(g);
  const C = g.outC, OH = g.outH, OW = g.outW;
  const taps = g.kH * g.kW;
  const rowStep = <usize>(g.strideH * g.strideW * phaseWidth) << 2;
  const is3x3 = g.kH == 3 && g.kW == 3;
  const t0 = tapOffset(g, 0, 0), t1 = tapOffset(g, 0, 1), t2 = tapOffset(g, 0, 2);
  const t3 = tapOffset(g, 1, 0), t4 = tapOffset(g, 1, 1), t5 = tapOffset(g, 1, 2);
  const t6 = tapOffset(g, 2, 0), t7 = tapOffset(g, 2, 1), t8 = tapOffset(g, 2, 2);
  for (let n = 0; n < g.batch; n++) {
    for (let c = 0; c < C; c++) {
      fillF32(g, x + (<usize>((n * C + c) * g.inH * g.inW) << 2), buf);
      const wc = w + (<usize>(c * taps) << 2);
      const b = bias != 0 ? f32x4.splat(load<f32>(bias + (<usize>c << 2))) : f32x4.splat(0);
      const yc = y + (<usize>((n * C + c) * OH * OW) << 2);
      if (is3x3) {
        const w0 = v128.load32_splat(wc), w1 = v128.load32_splat(wc, 4), w2 = v128.load32_splat(wc, 8);
        const w3 = v128.load32_splat(wc, 12), w4 = v128.load32_splat(wc, 16), w5 = v128.load32_splat(wc, 20);
        const w6 = v128.load32_splat(wc, 24), w7 = v128.load32_splat(wc, 28), w8 = v128.load32_splat(wc, 32);
        for (let oh = 0; oh < OH; oh++) {
          let p = buf + <usize>oh * rowStep;
          let out = yc + (<usize>(oh * OW) << 2);
          for (let ov = 0; ov < outWv; ov += 4) {
            let acc = f32x4.add(b, f32x4.mul(w0, v128.load(p + t0)));
            acc = f32x4.add(acc, f32x4.mul(w1, v128.load(p + t1)));
            acc = f32x4.add(acc, f32x4.mul(w2, v128.load(p + t2)));
            acc = f32x4.add(acc, f32x4.mul(w3, v128.load(p + t3)));
            acc = f32x4.add(acc, f32x4.mul(w4, v128.load(p + t4)));
            acc = f32x4.add(acc, f32x4.mul(w5, v128.load(p + t5)));
            acc = f32x4.add(acc, f32x4.mul(w6, v128.load(p + t6)));
            acc = f32x4.add(acc, f32x4.mul(w7, v128.load(p + t7)));
            acc = f32x4.add(acc, f32x4.mul(w8, v128.load(p + t8)));
            v128.store(out, acc);
            p += 16;
            out += 16;
          }
        }
      } else {
        for (let oh = 0; oh < OH; oh++) {
          const rowBase = buf + <usize>oh * rowStep;
          let out = yc + (<usize>(oh * OW) << 2);
          for (let ov = 0; ov < outWv; ov += 4) {
            let acc = b;
            for (let kh = 0; kh < g.kH; kh++) {
              for (let kw = 0; kw < g.kW; kw++) {
                const wv = v128.load32_splat(wc + (<usize>(kh * g.kW + kw) << 2));
                acc = f32x4.add(acc, f32x4.mul(wv, v128.load(rowBase + (<usize>ov << 2) + tapOffset(g, kh, kw))));
              }
            }
            v128.store(out, acc);
            out += 16;
          }
        }
      }
    }
  }
}

export function depthwiseU8I8(geo: usize, x: usize, zero: i32, w: usize, bias: usize, acc: usize, buf: usize): void {
  const g = changetype<Geometry>(geo);
  layout(g);
  const C = g.outC, OH = g.outH, OW = g.outW;
  const taps = g.kH * g.kW;
  const rowStep = <usize>(g.strideH * g.strideW * phaseWidth) << 2;
  const is3x3 = g.kH == 3 && g.kW == 3;
  const t0 = tapOffset(g, 0, 0), t1 = tapOffset(g, 0, 1), t2 = tapOffset(g, 0, 2);
  const t3 = tapOffset(g, 1, 0), t4 = tapOffset(g, 1, 1), t5 = tapOffset(g, 1, 2);
  const t6 = tapOffset(g, 2, 0), t7 = tapOffset(g, 2, 1), t8 = tapOffset(g, 2, 2);
  for (let n = 0; n < g.batch; n++) {
    for (let c = 0; c < C; c++) {
      fillU8(g, x + <usize>((n * C + c) * g.inH * g.inW), zero, buf);
      const wc = w + <usize>(c * taps);
      const b = bias != 0 ? i32x4.splat(load<i32>(bias + (<usize>c << 2))) : i32x4.splat(0);
      const yc = acc + (<usize>((n * C + c) * OH * OW) << 2);
      if (is3x3) {
        const w0 = i32x4.splat(load<i8>(wc)), w1 = i32x4.splat(load<i8>(wc, 1)), w2 = i32x4.splat(load<i8>(wc, 2));
        const w3 = i32x4.splat(load<i8>(wc, 3)), w4 = i32x4.splat(load<i8>(wc, 4)), w5 = i32x4.splat(load<i8>(wc, 5));
        const w6 = i32x4.splat(load<i8>(wc, 6)), w7 = i32x4.splat(load<i8>(wc, 7)), w8 = i32x4.splat(load<i8>(wc, 8));
        for (let oh = 0; oh < OH; oh++) {
          let p = buf + <usize>oh * rowStep;
          let out = yc + (<usize>(oh * OW) << 2);
          for (let ov = 0; ov < outWv; ov += 4) {
            let s = i32x4.add(b, i32x4.mul(w0, v128.load(p + t0)));
            s = i32x4.add(s, i32x4.mul(w1, v128.load(p + t1)));
            s = i32x4.add(s, i32x4.mul(w2, v128.load(p + t2)));
            s = i32x4.add(s, i32x4.mul(w3, v128.load(p + t3)));
            s = i32x4.add(s, i32x4.mul(w4, v128.load(p + t4)));
            s = i32x4.add(s, i32x4.mul(w5, v128.load(p + t5)));
            s = i32x4.add(s, i32x4.mul(w6, v128.load(p + t6)));
            s = i32x4.add(s, i32x4.mul(w7, v128.load(p + t7)));
            s = i32x4.add(s, i32x4.mul(w8, v128.load(p + t8)));
            v128.store(out, s);
            p += 16;
            out += 16;
          }
        }
      } else {
        for (let oh = 0; oh < OH; oh++) {
          const rowBase = buf + <usize>oh * rowStep;
          let out = yc + (<usize>(oh * OW) << 2);
          for (let ov = 0; ov < outWv; ov += 4) {
            let s = b;
            for (let kh = 0; kh < g.kH; kh++) {
              for (let kw = 0; kw < g.kW; kw++) {
                const wv = i32x4.splat(load<i8>(wc + <usize>(kh * g.kW + kw)));
                s = i32x4.add(s, i32x4.mul(wv, v128.load(rowBase + (<usize>ov << 2) + tapOffset(g, kh, kw))));
              }
            }
            v128.store(out, s);
            out += 16;
          }
        }
      }
    }
  }
}
