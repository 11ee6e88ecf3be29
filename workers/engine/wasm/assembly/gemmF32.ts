/**
 * Float GEMM on packed panels: C[M×N] = A[M×K] · B[K×N] (+ bias), with a 4×8 register-blocked
 * f32x4 micro-kernel. A is packed into panels of MR = 4 rows stored column by column (so one row
 * value is a 4-byte splat load), B into panels of NR = 8 columns stored row by row (two vectors per
 * k). Padding rows of A are zero; padding columns of B may hold anything, since a column of C
 * depends only on its own column of B and padding columns are never written back.
 */

export const MR: i32 = 4;
export const NR: i32 = 8;

/** Packs rows of `src` (M×K, row stride `lda` elements) into 4-row panels at `dst`. */
export function packRowsF32(src: usize, M: i32, K: i32, lda: i32, dst: usize): void {
  for (let m0 = 0; m0 < M; m0 += MR) {
    const panel = dst + (<usize>m0 * <usize>K << 2);
    for (let r = 0; r < MR; r++) {
      const m = m0 + r;
      let d = panel + (<usize>r << 2);
      if (m < M) {
        let s = src + (<usize>m * <usize>lda << 2);
        for (let k = 0; k < K; k++) {
          store<f32>(d, load<f32>(s));
          s += 4;
          d += 16;
        }
      } else {
        for (let k = 0; k < K; k++) {
          store<f32>(d, 0);
          d += 16;
        }
      }
    }
  }
}

/** Packs `src` (K×N, row stride `ldb` elements) into 8-column panels at `dst`. */
export function packColsF32(src: usize, K: i32, N: i32, ldb: i32, dst: usize): void {
  for (let n0 = 0; n0 < N; n0 += NR) {
    let d = dst + (<usize>n0 * <usize>K << 2);
    let s = src + (<usize>n0 << 2);
    const rowBytes = <usize>ldb << 2;
    if (n0 + NR <= N) {
      for (let k = 0; k < K; k++) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        s += rowBytes;
        d += 32;
      }
    } else {
      const w = N - n0;
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < w; j++) store<f32>(d + (<usize>j << 2), load<f32>(s + (<usize>j << 2)));
        for (let j = w; j < NR; j++) store<f32>(d + (<usize>j << 2), 0);
        s += rowBytes;
        d += 32;
      }
    }
  }
}

/**
 * One 4×8 tile of C over the whole K. `rowBias` (4 floats) or `colBias` (8 floats) seed the
 * accumulators when non-zero; products are added in k order, like the reference.
 */
function microF32(ap: usize, bp: usize, ldb: usize, K: i32, c: usize, ldcBytes: usize, rowBias: usize, colBias: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  if (rowBias != 0) {
    c00 = v128.load32_splat(rowBias);
    c01 = c00;
    c10 = v128.load32_splat(rowBias, 4);
    c11 = c10;
    c20 = v128.load32_splat(rowBias, 8);
    c21 = c20;
    c30 = v128.load32_splat(rowBias, 12);
    c31 = c30;
  } else if (colBias != 0) {
    c00 = v128.load(colBias);
    c01 = v128.load(colBias, 16);
    c10 = c00;
    c11 = c01;
    c20 = c00;
    c21 = c01;
    c30 = c00;
    c31 = c01;
  }
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += ldb;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  c += ldcBytes;
  v128.store(c, c10);
  v128.store(c, c11, 16);
  c += ldcBytes;
  v128.store(c, c20);
  v128.store(c, c21, 16);
  c += ldcBytes;
  v128.store(c, c30);
  v128.store(c, c31, 16);
}

/**
 * One column panel of C: rows 0..M of columns n0..n0+nw (nw ≤ 8) from the packed A and the B
 * panel at `bp`, whose rows are `ldb` bytes apart (32 when packed; a raw row stride when B is an
 * image whose 8 columns are all valid). `cCol` points at C[0, n0].
 */
export function panelF32(
  M: i32, K: i32, apk: usize, bp: usize, ldb: usize, cCol: usize, ldcBytes: usize, nw: i32,
  rowBias: usize, colBias: usize, tmp: usize,
): void {
  for (let m0 = 0; m0 < M; m0 += MR) {
    const ap = apk + (<usize>m0 * <usize>K << 2);
    const rb = rowBias != 0 ? rowBias + (<usize>m0 << 2) : 0;
    const cTile = cCol + <usize>m0 * ldcBytes;
    const mh = min(MR, M - m0);
    if (nw == NR && mh == MR) {
      microF32(ap, bp, ldb, K, cTile, ldcBytes, rb, colBias);
    } else {
      microF32(ap, bp, ldb, K, tmp, 32, rb, colBias);
      for (let r = 0; r < mh; r++) {
        for (let j = 0; j < nw; j++) {
          store<f32>(cTile + <usize>r * ldcBytes + (<usize>j << 2), load<f32>(tmp + (<usize>(r * NR + j) << 2)));
        }
      }
    }
  }
}

/**
 * C = A·B (+ bias) on packed operands. `c` has row stride `ldc` elements. `rowBias` (padded to a
 * multiple of 4 entries) or `colBias` (padded to a multiple of 8) may be 0. `tmp` holds one 4×8
 * tile for the edges.
 */
export function gemmF32(
  M: i32, N: i32, K: i32, apk: usize, bpk: usize, c: usize, ldc: i32, rowBias: usize, colBias: usize, tmp: usize,
): void {
  const ldcBytes = <usize>ldc << 2;
  for (let n0 = 0; n0 < N; n0 += NR) {
    const bp = bpk + (<usize>n0 * <usize>K << 2);
    const cb = colBias != 0 ? colBias + (<usize>n0 << 2) : 0;
    panelF32(M, K, apk, bp, 32, c + (<usize>n0 << 2), ldcBytes, min(NR, N - n0), rowBias, cb, tmp);
  }
}
