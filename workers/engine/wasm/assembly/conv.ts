/**
 * General grouped convolution as a GEMM per image and group, Y_g[ocPerGroup × P] =
 * W_g[ocPerGroup × K] · Col[K × P] (already NCHW). The column matrix is built whole per image and
 * group when the caller gives room for it (`cols`; im2col.ts `buildColumns*`, vector gathers along
 * output rows) and its 8-column panels are read in place; otherwise it is built one 8-column panel
 * at a time, consumed at once by every row panel of W_g while it sits in L1. Whole is faster on
 * small images: with outW 7 or 14 most 8-column panels straddle output rows, and a straddling
 * panel is gathered element by element.
 * A 1×1 stride-1 unpadded convolution needs no im2col: its image is the K×P matrix, read in place
 * (float) or only widened and paired (integer). A strided 1×1 unpadded convolution (a ResNet
 * shortcut) is the same after one subsampling pass into `xpad`, which costs a pass over the K×P
 * outputs' inputs instead of padding the whole image and gathering every panel element by element
 * (its 8 columns rarely lie in one output row, so im2col's vector path seldom applies).
 *
 * Scratch (given by the caller, sized in kernels/wasm.ts): `wpk` packed weights of every
 * group, `xpad` one group's padded image, `rowOffsets` K int32, `panel` one B panel, `biasPad` the
 * bias per group padded to 4 rows, `tmp` one C tile.
 */
import { Geometry } from './geometry';
import { MR, NR, packRowsF32, panelF32 } from './gemmF32';
import { packRowsI8Pairs, panelI32 } from './gemmI32';
import {
  buildColumnsF32, buildColumnsI16, buildPanelF32, buildPanelI16, packPointwisePanelF32, packPointwisePanelU8, padImageF32, padImageU8, padLayout,
  paddedH, paddedW, tableRowOffsets,
} from './im2col';

function isPointwise(g: Geometry): bool {
  return g.kH == 1 && g.kW == 1 && g.strideH == 1 && g.strideW == 1 && g.padTop == 0 && g.padLeft == 0
    && g.outH == g.inH && g.outW == g.inW;
}

/**
 * 1×1, unpadded, strided: every output reads one input pixel, inside the image (an output whose
 * pixel would lie in end padding is left to the general path).
 */
function isSubsampled(g: Geometry): bool {
  return g.kH == 1 && g.kW == 1 && g.padTop == 0 && g.padLeft == 0 && !isPointwise(g)
    && (g.outH - 1) * g.strideH < g.inH && (g.outW - 1) * g.strideW < g.inW;
}

/**
 * Elements of one group's padded image (0 for pointwise convolutions, which need none; the
 * subsampled C×P image for strided 1×1 ones).
 */
export function convPaddedElements(geo: usize): i32 {
  const g = changetype<Geometry>(geo);
  if (isPointwise(g)) return 0;
  if (isSubsampled(g)) return g.inC / g.group * g.outH * g.outW;
  padLayout(g);
  return g.inC / g.group * paddedH * paddedW;
}

/** Copies input pixel (oh·strideH, ow·strideW) of C channels to `dst` as a C×P matrix. */
function subsampleF32(g: Geometry, x: usize, C: i32, dst: usize): void {
  const rowStep = <usize>(g.strideH * g.inW) << 2;
  const colStep = <usize>g.strideW << 2;
  let d = dst;
  for (let c = 0; c < C; c++) {
    let row = x + (<usize>(c * g.inH * g.inW) << 2);
    for (let oh = 0; oh < g.outH; oh++) {
      let s = row;
      for (let ow = 0; ow < g.outW; ow++) {
        store<f32>(d, load<f32>(s));
        s += colStep;
        d += 4;
      }
      row += rowStep;
    }
  }
}

/** Integer form of `subsampleF32`: copies uint8 codes (pairing and widening happen per panel). */
function subsampleU8(g: Geometry, x: usize, C: i32, dst: usize): void {
  const rowStep = <usize>(g.strideH * g.inW);
  const colStep = <usize>g.strideW;
  let d = dst;
  for (let c = 0; c < C; c++) {
    let row = x + <usize>(c * g.inH * g.inW);
    for (let oh = 0; oh < g.outH; oh++) {
      let s = row;
      for (let ow = 0; ow < g.outW; ow++) {
        store<u8>(d, load<u8>(s));
        s += colStep;
        d += 1;
      }
      row += rowStep;
    }
  }
}

function padBias(src: usize, group: i32, ocg: i32, dst: usize): void {
  const Mpad = (ocg + MR - 1) / MR * MR;
  for (let grp = 0; grp < group; grp++) {
    for (let r = 0; r < Mpad; r++) {
      const v = r < ocg ? load<i32>(src + (<usize>(grp * ocg + r) << 2)) : 0;
      store<i32>(dst + (<usize>(grp * Mpad + r) << 2), v);
    }
  }
}

/**
 * `cols` (0 or room for one group's K×P floats) selects how a convolution that needs im2col gets
 * its column matrix: whole (`buildColumnsF32`), then read in place like a pointwise image, or
 * one 8-column panel at a time when the caller found the whole matrix too big.
 */
export function conv2dF32(
  geo: usize, x: usize, w: usize, bias: usize, y: usize,
  wpk: usize, xpad: usize, rowOffsets: usize, panel: usize, biasPad: usize, tmp: usize, cols: usize,
): void {
  const g = changetype<Geometry>(geo);
  const icg = g.inC / g.group;
  const ocg = g.outC / g.group;
  const K = icg * g.kH * g.kW;
  const P = g.outH * g.outW;
  const Mpad = (ocg + MR - 1) / MR * MR;
  const groupPackBytes = <usize>Mpad * <usize>K << 2;
  for (let grp = 0; grp < g.group; grp++) {
    packRowsF32(w + (<usize>(grp * ocg * K) << 2), ocg, K, K, wpk + <usize>grp * groupPackBytes);
  }
  // Bias bits are copied, not interpreted, so the int32 helper serves floats too.
  if (bias != 0) padBias(bias, g.group, ocg, biasPad);
  const subsampled = isSubsampled(g);
  const pointwise = isPointwise(g) || subsampled;
  if (!pointwise) {
    padLayout(g);
    tableRowOffsets(g, icg, 2, rowOffsets);
  }
  const planeIn = g.inH * g.inW;
  const ldcBytes = <usize>P << 2;
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.group; grp++) {
      let xg = x + (<usize>((n * g.inC + grp * icg) * planeIn) << 2);
      if (subsampled) {
        subsampleF32(g, xg, icg, xpad);
        xg = xpad;
      } else if (!pointwise) {
        padImageF32(g, xg, icg, xpad);
        if (cols != 0) {
          buildColumnsF32(g, xpad, rowOffsets, K, cols);
          xg = cols;
        }
      }
      // The column matrix, when built whole, is a K×P matrix just like a pointwise image.
      const inPlace = pointwise || cols != 0;
      const yg = y + (<usize>((n * g.outC + grp * ocg) * P) << 2);
      const rb = bias != 0 ? biasPad + (<usize>(grp * Mpad) << 2) : 0;
      const ap = wpk + <usize>grp * groupPackBytes;
      for (let p0 = 0; p0 < P; p0 += NR) {
        const nw = min(NR, P - p0);
        const cCol = yg + (<usize>p0 << 2);
        if (inPlace && nw == NR) {
          panelF32(ocg, K, ap, xg + (<usize>p0 << 2), ldcBytes, cCol, ldcBytes, nw, rb, 0, tmp);
          continue;
        }
        if (inPlace) packPointwisePanelF32(xg, K, P, p0, nw, panel);
        else buildPanelF32(g, xpad, rowOffsets, K, p0, P, panel);
        panelF32(ocg, K, ap, panel, 32, cCol, ldcBytes, nw, rb, 0, tmp);
      }
    }
  }
}

/** Integer form of conv2dF32; `cols` holds the pair-interleaved matrix (`buildColumnsI16`). */
export function conv2dU8I8(
  geo: usize, x: usize, zero: i32, w: usize, bias: usize, acc: usize,
  wpk: usize, xpad: usize, rowOffsets: usize, panel: usize, biasPad: usize, tmp: usize, cols: usize,
): void {
  const g = changetype<Geometry>(geo);
  const icg = g.inC / g.group;
  const ocg = g.outC / g.group;
  const K = icg * g.kH * g.kW;
  const KP = (K + 1) >> 1;
  const P = g.outH * g.outW;
  const Mpad = (ocg + MR - 1) / MR * MR;
  const groupPackBytes = <usize>Mpad * <usize>KP << 2;
  for (let grp = 0; grp < g.group; grp++) {
    packRowsI8Pairs(w + <usize>(grp * ocg * K), ocg, K, K, wpk + <usize>grp * groupPackBytes);
  }
  if (bias != 0) padBias(bias, g.group, ocg, biasPad);
  const subsampled = isSubsampled(g);
  const pointwise = isPointwise(g) || subsampled;
  if (!pointwise) {
    padLayout(g);
    tableRowOffsets(g, icg, 1, rowOffsets);
  }
  const planeIn = g.inH * g.inW;
  const ldcBytes = <usize>P << 2;
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.group; grp++) {
      let xg = x + <usize>((n * g.inC + grp * icg) * planeIn);
      if (subsampled) {
        subsampleU8(g, xg, icg, xpad);
        xg = xpad;
      } else if (!pointwise) {
        padImageU8(g, xg, zero, icg, xpad);
        if (cols != 0) buildColumnsI16(g, xpad, rowOffsets, K, cols);
      }
      const yg = acc + (<usize>((n * g.outC + grp * ocg) * P) << 2);
      const rb = bias != 0 ? biasPad + (<usize>(grp * Mpad) << 2) : 0;
      const ap = wpk + <usize>grp * groupPackBytes;
      for (let p0 = 0; p0 < P; p0 += NR) {
        const nw = min(NR, P - p0);
        if (!pointwise && cols != 0) {
          // Any 8 columns of the whole matrix are a B panel; a tail reads past column P into
          // the next pair row (or slack), only into C columns that are never written back.
          panelI32(ocg, KP, ap, cols + (<usize>p0 << 2), <usize>P << 2, yg + (<usize>p0 << 2), ldcBytes, nw, rb, 0, tmp);
          continue;
        }
        if (pointwise) packPointwisePanelU8(xg, K, P, p0, nw, zero, panel);
        else buildPanelI16(g, xpad, rowOffsets, K, p0, P, panel);
        panelI32(ocg, KP, ap, panel, 32, yg + (<usize>p0 << 2), ldcBytes, nw, rb, 0, tmp);
      }
    }
  }
}

/**
 * In-place ReLU of `n` floats with the semantics of `x < 0 ? 0 : x` bit for bit (−0 and NaN pass
 * through unchanged), for convolutions fused with a following Relu: the outputs are still in cache
 * here, where a separate Relu op would stream the whole batch through memory again.
 */
export function reluF32(y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = y + (<usize>i << 2);
    const v = v128.load(p);
    v128.store(p, v128.andnot(v, f32x4.lt(v, zero)));
  }
  for (; i < n; i++) {
    const p = y + (<usize>i << 2);
    const v = load<f32>(p);
    if (v < 0) store<f32>(p, 0);
  }
}
