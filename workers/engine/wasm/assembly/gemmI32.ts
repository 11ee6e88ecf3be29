/**
 * Exact integer GEMM on packed panels: C[M×N] = A[M×K] · B[K×N] (+ bias) in wrapping int32, with
 * int16 operands and `i32x4.dot_i16x8_s` (two products per lane per instruction). Operands are
 * packed in pairs of k: a row value pair (A[m,k], A[m,k+1]) is one int32 (splat-loaded), and a B
 * vector holds (B[k,n], B[k+1,n]) for four consecutive n. An odd K gets a zero pair partner in A.
 *
 * Range: activation codes minus zero-point and int8 weights fit int16, and each product fits
 * int32; the sums wrap like the reference's final `| 0`, because int32 addition is exact modulo
 * 2^32 in any order.
 *
 * Panel layouts (KP = ceil(K / 2) pairs): an A panel holds MR = 4 rows, KP × 16 bytes, row r of
 * pair p at p·16 + r·4; a B panel holds NR = 8 columns, KP × 32 bytes, column j of pair p at
 * p·32 + j·4. Padding columns of B may hold anything (see gemmF32.ts).
 */
import { MR, NR } from './gemmF32';

/** Packs uint8 activation rows (M×K, stride `lda`) minus `zero` into 4-row pair panels. */
export function packRowsU8Pairs(src: usize, M: i32, K: i32, lda: i32, zero: i32, dst: usize): void {
  const KP = (K + 1) >> 1;
  for (let m0 = 0; m0 < M; m0 += MR) {
    const panel = dst + (<usize>m0 * <usize>KP << 2);
    for (let r = 0; r < MR; r++) {
      const m = m0 + r;
      let d = panel + (<usize>r << 2);
      if (m < M) {
        const s = src + <usize>m * <usize>lda;
        let k = 0;
        for (; k + 1 < K; k += 2) {
          store<i16>(d, <i32>load<u8>(s + <usize>k) - zero);
          store<i16>(d, <i32>load<u8>(s + <usize>k + 1) - zero, 2);
          d += 16;
        }
        if (k < K) {
          store<i16>(d, <i32>load<u8>(s + <usize>k) - zero);
          store<i16>(d, 0, 2);
        }
      } else {
        for (let p = 0; p < KP; p++) {
          store<i32>(d, 0);
          d += 16;
        }
      }
    }
  }
}

/** Packs int8 weight rows (M×K, stride `lda`) into 4-row pair panels. */
export function packRowsI8Pairs(src: usize, M: i32, K: i32, lda: i32, dst: usize): void {
  const KP = (K + 1) >> 1;
  for (let m0 = 0; m0 < M; m0 += MR) {
    const panel = dst + (<usize>m0 * <usize>KP << 2);
    for (let r = 0; r < MR; r++) {
      const m = m0 + r;
      let d = panel + (<usize>r << 2);
      if (m < M) {
        const s = src + <usize>m * <usize>lda;
        let k = 0;
        for (; k + 1 < K; k += 2) {
          store<i16>(d, load<i8>(s + <usize>k));
          store<i16>(d, load<i8>(s + <usize>k + 1), 2);
          d += 16;
        }
        if (k < K) {
          store<i16>(d, load<i8>(s + <usize>k));
          store<i16>(d, 0, 2);
        }
      } else {
        for (let p = 0; p < KP; p++) {
          store<i32>(d, 0);
          d += 16;
        }
      }
    }
  }
}

/** Packs int8 weights (K×N, stride `ldb`) into 8-column pair panels. */
export function packColsI8Pairs(src: usize, K: i32, N: i32, ldb: i32, dst: usize): void {
  const KP = (K + 1) >> 1;
  for (let n0 = 0; n0 < N; n0 += NR) {
    const panel = dst + (<usize>n0 * <usize>KP << 2);
    const w = min(NR, N - n0);
    for (let k = 0; k < K; k++) {
      const s = src + <usize>k * <usize>ldb + <usize>n0;
      const d = panel + (<usize>(k >> 1) << 5) + (<usize>(k & 1) << 1);
      for (let j = 0; j < w; j++) store<i16>(d + (<usize>j << 2), load<i8>(s + <usize>j));
    }
  }
}

function microI32(ap: usize, bp: usize, ldb: usize, KP: i32, c: usize, ldcBytes: usize, rowBias: usize, colBias: usize): void {
  let c00 = i32x4.splat(0);
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
  for (let p = 0; p < KP; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = i32x4.add(c00, i32x4.dot_i16x8_s(a, b0));
    c01 = i32x4.add(c01, i32x4.dot_i16x8_s(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = i32x4.add(c10, i32x4.dot_i16x8_s(a, b0));
    c11 = i32x4.add(c11, i32x4.dot_i16x8_s(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = i32x4.add(c20, i32x4.dot_i16x8_s(a, b0));
    c21 = i32x4.add(c21, i32x4.dot_i16x8_s(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = i32x4.add(c30, i32x4.dot_i16x8_s(a, b0));
    c31 = i32x4.add(c31, i32x4.dot_i16x8_s(a, b1));
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
 * One column panel of C (see panelF32), from a pair panel of B whose pair rows are `ldb` bytes
 * apart (32 when packed; 4·P when it is 8 columns of a whole pair-interleaved column matrix).
 */
export function panelI32(
  M: i32, KP: i32, apk: usize, bp: usize, ldb: usize, cCol: usize, ldcBytes: usize, nw: i32, rowBias: usize, colBias: usize, tmp: usize,
): void {
  for (let m0 = 0; m0 < M; m0 += MR) {
    const ap = apk + (<usize>m0 * <usize>KP << 2);
    const rb = rowBias != 0 ? rowBias + (<usize>m0 << 2) : 0;
    const cTile = cCol + <usize>m0 * ldcBytes;
    const mh = min(MR, M - m0);
    if (nw == NR && mh == MR) {
      microI32(ap, bp, ldb, KP, cTile, ldcBytes, rb, colBias);
    } else {
      microI32(ap, bp, ldb, KP, tmp, 32, rb, colBias);
      for (let r = 0; r < mh; r++) {
        for (let j = 0; j < nw; j++) {
          store<i32>(cTile + <usize>r * ldcBytes + (<usize>j << 2), load<i32>(tmp + (<usize>(r * NR + j) << 2)));
        }
      }
    }
  }
}

/** C = A·B (+ bias) on pair-packed operands; arguments as for gemmF32, with K unpaired. */
export function gemmI32(
  M: i32, N: i32, K: i32, apk: usize, bpk: usize, c: usize, ldc: i32, rowBias: usize, colBias: usize, tmp: usize,
): void {
  const KP = (K + 1) >> 1;
  const ldcBytes = <usize>ldc << 2;
  for (let n0 = 0; n0 < N; n0 += NR) {
    const bp = bpk + (<usize>n0 * <usize>KP << 2);
    const cb = colBias != 0 ? colBias + (<usize>n0 << 2) : 0;
    panelI32(M, KP, apk, bp, 32, c + (<usize>n0 << 2), ldcBytes, min(NR, N - n0), rowBias, cb, tmp);
  }
}
