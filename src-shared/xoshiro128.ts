/**
 * xoshiro128** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
 * 47(4), 2021; public-domain reference code): the one generator behind EdgeFront's seeded streams
 * (fault sites in workers/engine/faults/seeded-stream.ts, search strategies in
 * src-main/services/sweep/strategies/seeded-rng.ts), each seeding it its own way. 32-bit integer
 * arithmetic only (Math.imul, shifts, xor), which JavaScript defines exactly, so every machine
 * draws the same numbers. Pinned by the reference outputs in strategy-sampling.test.ts and the
 * pinned fault sites in faults-sites.test.ts.
 */

/** MurmurHash3's 32-bit finalizer (Appleby): a bijection with full avalanche, used to seed the streams. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** A generator from its four state words (an all-zero state, the one it cannot leave, becomes a = 1). */
export function xoshiro128ss(s0: number, s1: number, s2: number, s3: number): () => number {
  let a = s0 | 0;
  let b = s1 | 0;
  let c = s2 | 0;
  let d = s3 | 0;
  if ((a | b | c | d) === 0) a = 1;
  /** Next 32 random bits as an unsigned integer. */
  return function nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
}
