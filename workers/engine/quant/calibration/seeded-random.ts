/**
 * A small seeded generator for reproducible sampling: mulberry32 (Tommy Ettinger, public domain),
 * a 32-bit state generator that passes gjrand/PractRand at the sizes a calibration uses. The same
 * seed gives the same stream on every machine, which is what makes a project's calibration, and
 * so its accuracy numbers, reproducible bit for bit.
 */
export interface SeededRandom {
  /** Uniform in the open interval (0, 1) (never 0, so its logarithm is finite). */
  next(): number;
  /** Uniform integer in 0 … n−1. */
  below(n: number): number;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  function nextUint32(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  return {
    next: () => (nextUint32() + 0.5) / 4294967296,
    below: (n) => Math.floor(((nextUint32() + 0.5) / 4294967296) * n),
  };
}
