/**
 * The seeded random stream of the search strategies. A sweep must be reproducible: the same seed
 * gives the same candidates, in the same order, on every machine, so a run can be resumed or
 * compared. Math.random is neither seedable nor specified.
 *
 * Generator: xoshiro128** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4), 2021; public-domain reference code), 32-bit integer arithmetic only
 * (Math.imul, shifts, xor), which JavaScript defines exactly. Period 2^128 − 1, plenty for search.
 * Seeding: the four state words are outputs of a SplitMix-style generator (golden-ratio increment,
 * MurmurHash3's fmix32 finalizer), as Vigna recommends, so nearby seeds give unrelated streams;
 * the low and high 32 bits of the seed feed separate words, so every safe integer is its own seed.
 * (workers/engine/faults/seeded-stream.ts seeds the same generator, src-shared/xoshiro128.ts,
 * its own way: fault streams never change when search code does.)
 *
 * Integers in [0, n) come from rejection sampling (no modulo bias), with 53-bit draws above 2^32
 * so ranges as large as a design space's linear index work.
 */
import { InternalError } from '../../../../src-shared/errors.js';
import { fmix32, xoshiro128ss } from '../../../../src-shared/xoshiro128.js';

export interface Rng {
  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, n); n must be a positive integer ≤ 2^53. */
  nextInt(n: number): number;
  /** Shuffles `items` in place (Fisher–Yates, Knuth's Algorithm P) and returns it. */
  shuffle<T>(items: T[]): T[];
}

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

/** Stream from a seed: any safe integer, negative ones included. */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new InternalError('rng-seed', `The seed must be a safe integer, not ${seed}.`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  let sm = lo;
  const next = (): number => fmix32((sm = (sm + 0x9e3779b9) | 0));
  const a = next();
  const b = next();
  sm = hi ^ 0x6a09e667;
  const c = next();
  const d = next();
  return createRngFromState(a, b, c, d);
}

/** Stream from a raw xoshiro128** state (for the reference test vectors); not all zero. */
export function createRngFromState(s0: number, s1: number, s2: number, s3: number): Rng {
  const nextUint32 = xoshiro128ss(s0, s1, s2, s3);
  /** 53 random bits as an integer in [0, 2^53). */
  function next53(): number {
    return (nextUint32() >>> 11) * TWO_32 + nextUint32();
  }
  function nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_53) {
      throw new InternalError('rng-range', `nextInt needs a positive integer ≤ 2^53, not ${n}.`);
    }
    if (n <= TWO_32) {
      const limit = TWO_32 - (TWO_32 % n); // largest multiple of n not above 2^32
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    }
    const limit = TWO_53 - (TWO_53 % n);
    for (;;) {
      const x = next53();
      if (x < limit) return x % n;
    }
  }
  return {
    nextUint32,
    nextFloat: () => next53() / TWO_53,
    nextInt,
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = nextInt(i + 1);
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
  };
}
