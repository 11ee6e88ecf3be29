/**
 * General grouped convolution as a GEMM per image and group, Y_g[ocPerGroup × P] =
 * W_g[ocPerGroup × K] · Col[K × P] (already NCHW), with the column matrix built one 8-column
 * panel at a time (im2col.ts) and consumed at once by every row panel of W_g while it sits in L1.
 * A 1×1 stride-1 unpadded convolution needs no im2col: its image is the K×P matrix, read in place
 * (float) or only widened and paired (integer).
 *
 * Scratch (given by the caller, sized in kernels/wasm.ts): `wpk` packed weights of every
 * group, `xpad` one group's padded image, `rowOffsets` K int32, `panel` one B panel, `biasPad` the
 * bias per group padded to 4 rows, `tmp` one C tile.
 */
import { Geometry } from './geometry';
import { MR, NR, packRowsF32, panelF32 } from './gemmF32';
import { packRowsI8Pairs, panelI32 } from './gemmI32';
import {
  buildPanelF32, buildPanelI16, packPointwisePanelF32, packPointwisePanelU8, padImageF32, padImageU8, padLayout,
  paddedH, paddedW, tableRowOffsets,
} from './im2col';

function isPointwise(g: Geometry): bool {
  return g.kH == 1 && g.kW == 1 && g.strideH == 1 && g.strideW == 1 && g.padTop == 0 && g.padLeft == 0
    && g.outH == g.inH && g.outW == g.inW;
}

/** Elements of one group's padded image (0 for pointwise convolutions, which need none). */
export function convPaddedElements(geo: usize): i32 {
  const g = changetype<Geometry>(geo);
  if (isPointwise(g)) return 0;
  padLayout(g);
  return g.inC / g.group * paddedH * paddedW;
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

export function conv2dF32(
  geo: usize, x: usize, w: usize, bias: usize, y: usize,
  wpk: usize, xpad: usize, rowOffsets: usize, panel: usize, biasPad: usize, tmp: usize,
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
  const pointwise = isPointwise(g);
  if (!pointwise) {
    padLayout(g);
    tableRowOffsets(g, icg, 2, rowOffsets);
  }
  const planeIn = g.inH * g.inW;
  const ldcBytes = <usize>P << 2;
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.group; grp++) {
      const xg = x + (<usize>((n * g.inC + grp * icg) * planeIn) << 2);
      if (!pointwise) padImageF32(g, xg, icg, xpad);
      const yg = y + (<usize>((n * g.outC + grp * ocg) * P) << 2);
      const rb = bias != 0 ? biasPad + (<usize>(grp * Mpad) << 2) : 0;
      const ap = wpk + <usize>grp * groupPackBytes;
      for (let p0 = 0; p0 < P; p0 += NR) {
        const nw = min(NR, P - p0);
        const cCol = yg + (<usize>p0 << 2);
        if (pointwise && nw == NR) {
          panelF32(ocg, K, ap, xg + (<usize>p0 << 2), ldcBytes, cCol, ldcBytes, nw, rb, 0, tmp);
          continue;
        }
        if (pointwise) packPointwisePanelF32(xg, K, P, p0, nw, panel);
        else buildPanelF32(g, xpad, rowOffsets, K, p0, P, panel);
        panelF32(ocg, K, ap, panel, 32, cCol, ldcBytes, nw, rb, 0, tmp);
      }
    }
  }
}

export function conv2dU8I8(
  geo: usize, x: usize, zero: i32, w: usize, bias: usize, acc: usize,
  wpk: usize, xpad: usize, rowOffsets: usize, panel: usize, biasPad: usize, tmp: usize,
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
  const pointwise = isPointwise(g);
  if (!pointwise) {
    padLayout(g);
    tableRowOffsets(g, icg, 1, rowOffsets);
  }
  const planeIn = g.inH * g.inW;
  const ldcBytes = <usize>P << 2;
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.group; grp++) {
      const xg = x + <usize>((n * g.inC + grp * icg) * planeIn);
      if (!pointwise) padImageU8(g, xg, zero, icg, xpad);
      const yg = acc + (<usize>((n * g.outC + grp * ocg) * P) << 2);
      const rb = bias != 0 ? biasPad + (<usize>(grp * Mpad) << 2) : 0;
      const ap = wpk + <usize>grp * groupPackBytes;
      for (let p0 = 0; p0 < P; p0 += NR) {
        const nw = min(NR, P - p0);
        if (pointwise) packPointwisePanelU8(xg, K, P, p0, nw, zero, panel);
        else buildPanelI16(g, xpad, rowOffsets, K, p0, P, panel);
        panelI32(ocg, KP, ap, panel, yg + (<usize>p0 << 2), ldcBytes, nw, rb, 0, tmp);
      }
    }
  }
}
