/**
 * im2col one column panel at a time. The convolution first copies the group's input channels into
 * a zero-padded image (`padImage*`), big enough that every tap of every output reads inside it, so
 * gathering needs no bounds checks: the input of output column p for column-matrix row k is at
 * `base[p] + rowOffset[k]`, with base[p] the padded position of the output's top-left tap and
 * rowOffset[k] the offset of channel c and tap (kh, kw), tabled once per call.
 *
 * A panel is 8 output columns (see gemmF32.ts / gemmI32.ts for the layouts). When all 8 lie in
 * one output row, their inputs are equally spaced, and stride 1 or 2 gathers with vector loads.
 */
import { Geometry } from './geometry';
import { NR } from './gemmF32';

/** Padded image size for the current call (rows, columns), set by `padLayout`. */
export let paddedH: i32 = 0;
export let paddedW: i32 = 0;

export function padLayout(g: Geometry): void {
  paddedH = max(g.inH + g.padTop, (g.outH - 1) * g.strideH + (g.kH - 1) * g.dilationH + 1);
  paddedW = max(g.inW + g.padLeft, (g.outW - 1) * g.strideW + (g.kW - 1) * g.dilationW + 1);
}

/** Element offsets of the column-matrix rows k = (c, kh, kw) in the padded image, as int32. */
export function tableRowOffsets(g: Geometry, C: i32, elementShift: i32, dst: usize): void {
  let d = dst;
  for (let c = 0; c < C; c++) {
    for (let kh = 0; kh < g.kH; kh++) {
      for (let kw = 0; kw < g.kW; kw++) {
        store<i32>(d, ((c * paddedH + kh * g.dilationH) * paddedW + kw * g.dilationW) << elementShift);
        d += 4;
      }
    }
  }
}

export function padImageF32(g: Geometry, x: usize, C: i32, dst: usize): void {
  memory.fill(dst, 0, <usize>(C * paddedH * paddedW) << 2);
  const rowBytes = <usize>g.inW << 2;
  for (let c = 0; c < C; c++) {
    for (let ih = 0; ih < g.inH; ih++) {
      const to = dst + (<usize>((c * paddedH + ih + g.padTop) * paddedW + g.padLeft) << 2);
      memory.copy(to, x + (<usize>((c * g.inH + ih) * g.inW) << 2), rowBytes);
    }
  }
}

/** Integer: the padded image holds int16 code − zero, and padding holds 0 (the real value 0). */
export function padImageU8(g: Geometry, x: usize, zero: i32, C: i32, dst: usize): void {
  memory.fill(dst, 0, <usize>(C * paddedH * paddedW) << 1);
  const z = i16x8.splat(<i16>zero);
  const W = g.inW;
  for (let c = 0; c < C; c++) {
    for (let ih = 0; ih < g.inH; ih++) {
      let to = dst + (<usize>((c * paddedH + ih + g.padTop) * paddedW + g.padLeft) << 1);
      let from = x + <usize>((c * g.inH + ih) * W);
      let iw = 0;
      for (; iw + 8 <= W; iw += 8) {
        v128.store(to, i16x8.sub(v128.load8x8_u(from), z));
        to += 16;
        from += 8;
      }
      for (; iw < W; iw++) {
        store<i16>(to, <i32>load<u8>(from) - zero);
        to += 2;
        from += 1;
      }
    }
  }
}

// Scratch for the 8 column bases of the current panel (byte offsets into the padded image).
let bases = memory.data(NR * 4);

/**
 * Fills `bases` for output columns p0..p0+7 (columns past P repeat p0, harmlessly) and returns
 * the stride between them in elements when all 8 lie in one output row, else 0.
 */
function panelBases(g: Geometry, p0: i32, P: i32, elementShift: i32): i32 {
  const OW = g.outW;
  let oh = p0 / OW;
  let ow = p0 - oh * OW;
  const firstOh = oh;
  let sameRow = p0 + NR <= P;
  for (let j = 0; j < NR; j++) {
    const valid = p0 + j < P;
    const base = valid ? (oh * g.strideH * paddedW + ow * g.strideW) << elementShift : load<i32>(bases);
    store<i32>(bases + (<usize>j << 2), base);
    if (valid && oh != firstOh) sameRow = false;
    ow++;
    if (ow == OW) {
      ow = 0;
      oh++;
    }
  }
  return sameRow ? g.strideW : 0;
}

/** Float panel: K rows of 8 floats at `dst`. */
export function buildPanelF32(g: Geometry, xpad: usize, rowOffsets: usize, K: i32, p0: i32, P: i32, dst: usize): void {
  const step = panelBases(g, p0, P, 2);
  const base0 = xpad + <usize>load<i32>(bases);
  if (step == 1) {
    for (let k = 0; k < K; k++) {
      const s = base0 + <usize>load<i32>(rowOffsets + (<usize>k << 2));
      const d = dst + (<usize>k << 5);
      v128.store(d, v128.load(s));
      v128.store(d, v128.load(s, 16), 16);
    }
  } else if (step == 2) {
    for (let k = 0; k < K; k++) {
      const s = base0 + <usize>load<i32>(rowOffsets + (<usize>k << 2));
      const d = dst + (<usize>k << 5);
      // Even lanes of 16 consecutive floats (the 16th read is past the needed ones, in padding
      // or slack, and discarded).
      v128.store(d, v128.shuffle<f32>(v128.load(s), v128.load(s, 16), 0, 2, 4, 6));
      v128.store(d, v128.shuffle<f32>(v128.load(s, 32), v128.load(s, 48), 0, 2, 4, 6), 16);
    }
  } else {
    for (let j = 0; j < NR; j++) {
      const base = xpad + <usize>load<i32>(bases + (<usize>j << 2));
      let d = dst + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        store<f32>(d, load<f32>(base + <usize>load<i32>(rowOffsets + (<usize>k << 2))));
        d += 32;
      }
    }
  }
}

/** Integer panel: ceil(K/2) pair rows of 8 columns (32 bytes) at `dst`. */
export function buildPanelI16(g: Geometry, xpad: usize, rowOffsets: usize, K: i32, p0: i32, P: i32, dst: usize): void {
  const step = panelBases(g, p0, P, 1);
  const base0 = xpad + <usize>load<i32>(bases);
  if (step == 1 || step == 2) {
    for (let k = 0; k < K; k += 2) {
      const s0 = base0 + <usize>load<i32>(rowOffsets + (<usize>k << 2));
      let v0: v128, v1 = i16x8.splat(0);
      if (step == 1) {
        v0 = v128.load(s0);
        if (k + 1 < K) v1 = v128.load(base0 + <usize>load<i32>(rowOffsets + (<usize>(k + 1) << 2)));
      } else {
        v0 = v128.shuffle<i16>(v128.load(s0), v128.load(s0, 16), 0, 2, 4, 6, 8, 10, 12, 14);
        if (k + 1 < K) {
          const s1 = base0 + <usize>load<i32>(rowOffsets + (<usize>(k + 1) << 2));
          v1 = v128.shuffle<i16>(v128.load(s1), v128.load(s1, 16), 0, 2, 4, 6, 8, 10, 12, 14);
        }
      }
      const d = dst + (<usize>(k >> 1) << 5);
      v128.store(d, v128.shuffle<i16>(v0, v1, 0, 8, 1, 9, 2, 10, 3, 11));
      v128.store(d, v128.shuffle<i16>(v0, v1, 4, 12, 5, 13, 6, 14, 7, 15), 16);
    }
  } else {
    for (let j = 0; j < NR; j++) {
      const base = xpad + <usize>load<i32>(bases + (<usize>j << 2));
      const d = dst + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        const v = load<i16>(base + <usize>load<i32>(rowOffsets + (<usize>k << 2)));
        store<i16>(d + (<usize>(k >> 1) << 5) + (<usize>(k & 1) << 1), v);
      }
    }
  }
}

/**
 * Integer 1×1 stride-1 unpadded conv: the image itself is the K×P matrix; packs columns
 * p0..p0+nw−1 of it (codes minus `zero`) into a pair panel.
 */
export function packPointwisePanelU8(x: usize, K: i32, P: i32, p0: i32, nw: i32, zero: i32, dst: usize): void {
  const z = i16x8.splat(<i16>zero);
  if (nw == NR) {
    for (let k = 0; k < K; k += 2) {
      const v0 = i16x8.sub(v128.load8x8_u(x + <usize>(k * P + p0)), z);
      const v1 = k + 1 < K ? i16x8.sub(v128.load8x8_u(x + <usize>((k + 1) * P + p0)), z) : i16x8.splat(0);
      const d = dst + (<usize>(k >> 1) << 5);
      v128.store(d, v128.shuffle<i16>(v0, v1, 0, 8, 1, 9, 2, 10, 3, 11));
      v128.store(d, v128.shuffle<i16>(v0, v1, 4, 12, 5, 13, 6, 14, 7, 15), 16);
    }
  } else {
    for (let k = 0; k < K; k++) {
      const d = dst + (<usize>(k >> 1) << 5) + (<usize>(k & 1) << 1);
      for (let j = 0; j < nw; j++) store<i16>(d + (<usize>j << 2), <i32>load<u8>(x + <usize>(k * P + p0 + j)) - zero);
    }
  }
}

/** Float 1×1 tail panel: columns p0..p0+nw−1 of the K×P image, zero-filled to 8. */
export function packPointwisePanelF32(x: usize, K: i32, P: i32, p0: i32, nw: i32, dst: usize): void {
  for (let k = 0; k < K; k++) {
    const d = dst + (<usize>k << 5);
    for (let j = 0; j < nw; j++) store<f32>(d + (<usize>j << 2), load<f32>(x + (<usize>(k * P + p0 + j) << 2)));
    for (let j = nw; j < NR; j++) store<f32>(d + (<usize>j << 2), 0);
  }
}

/**
 * Float: the group's whole K×P column matrix at `dst` (row k = input (c, kh, kw) of every output),
 * one output-row segment at a time, so strides 1 and 2 gather with vector loads however the
 * outputs fall into 8-column panels (a panel that straddles output rows would otherwise be
 * gathered element by element, which is most panels when outW is 7 or 14). Stride 2 reads one
 * float past the last needed one (padding, the next row, or the allocation's slack; discarded).
 */
export function buildColumnsF32(g: Geometry, xpad: usize, rowOffsets: usize, K: i32, dst: usize): void {
  const OH = g.outH;
  const OW = g.outW;
  const sW = g.strideW;
  const rowStep = <usize>(g.strideH * paddedW) << 2;
  const segBytes = <usize>OW << 2;
  let d = dst;
  for (let k = 0; k < K; k++) {
    let src = xpad + <usize>load<i32>(rowOffsets + (<usize>k << 2));
    for (let oh = 0; oh < OH; oh++) {
      let ow = 0;
      if (sW == 1) {
        for (; ow + 4 <= OW; ow += 4) v128.store(d + (<usize>ow << 2), v128.load(src + (<usize>ow << 2)));
      } else if (sW == 2) {
        for (; ow + 4 <= OW; ow += 4) {
          const s = src + (<usize>ow << 3);
          v128.store(d + (<usize>ow << 2), v128.shuffle<f32>(v128.load(s), v128.load(s, 16), 0, 2, 4, 6));
        }
      }
      for (; ow < OW; ow++) store<f32>(d + (<usize>ow << 2), load<f32>(src + (<usize>(ow * sW) << 2)));
      d += segBytes;
      src += rowStep;
    }
  }
}

/**
 * Integer: the group's whole column matrix, pair-interleaved like a B panel (gemmI32.ts) but P
 * columns wide: pair row p holds (row 2p, row 2p+1) of column j as two int16 at (p·P + j)·4, so 8
 * consecutive columns are a B panel with row stride 4·P. An odd K pairs its last row with 0.
 * Built one output-row segment at a time (see buildColumnsF32); stride 2 reads one element past
 * the last needed one (padding, the next row, or slack; discarded).
 */
export function buildColumnsI16(g: Geometry, xpad: usize, rowOffsets: usize, K: i32, dst: usize): void {
  const OH = g.outH;
  const OW = g.outW;
  const sW = g.strideW;
  const rowStep = <usize>(g.strideH * paddedW) << 1;
  const zero16 = i16x8.splat(0);
  let d = dst;
  for (let k = 0; k < K; k += 2) {
    const pair = k + 1 < K;
    let s0 = xpad + <usize>load<i32>(rowOffsets + (<usize>k << 2));
    // An unpaired last row reads its own row twice and zeroes the partner lanes below.
    let s1 = pair ? xpad + <usize>load<i32>(rowOffsets + (<usize>(k + 1) << 2)) : s0;
    for (let oh = 0; oh < OH; oh++) {
      let ow = 0;
      if (sW == 1 || sW == 2) {
        for (; ow + 8 <= OW; ow += 8) {
          let v0: v128, v1: v128;
          if (sW == 1) {
            v0 = v128.load(s0 + (<usize>ow << 1));
            v1 = v128.load(s1 + (<usize>ow << 1));
          } else {
            const a = s0 + (<usize>ow << 2);
            const b = s1 + (<usize>ow << 2);
            v0 = v128.shuffle<i16>(v128.load(a), v128.load(a, 16), 0, 2, 4, 6, 8, 10, 12, 14);
            v1 = v128.shuffle<i16>(v128.load(b), v128.load(b, 16), 0, 2, 4, 6, 8, 10, 12, 14);
          }
          if (!pair) v1 = zero16;
          const o = d + (<usize>ow << 2);
          v128.store(o, v128.shuffle<i16>(v0, v1, 0, 8, 1, 9, 2, 10, 3, 11));
          v128.store(o, v128.shuffle<i16>(v0, v1, 4, 12, 5, 13, 6, 14, 7, 15), 16);
        }
      }
      for (; ow < OW; ow++) {
        const o = d + (<usize>ow << 2);
        const at = <usize>(ow * sW) << 1;
        store<i16>(o, load<i16>(s0 + at));
        store<i16>(o, pair ? load<i16>(s1 + at) : 0, 2);
      }
      d += <usize>OW << 2;
      s0 += rowStep;
      s1 += rowStep;
    }
  }
}
