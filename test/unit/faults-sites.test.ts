import { describe, expect, it } from 'vitest';
import { InternalError, UserError } from '../../src-shared/errors.js';
import { DEEPEST_LEVEL, faultSites, stuckAtValue, stuckAtValues } from '../../workers/engine/faults/fault-sites.js';
import { createFaultStream, murmur3Bytes } from '../../workers/engine/faults/seeded-stream.js';

/**
 * Two-sided 99.9 % acceptance interval for a Binomial(n, p) count. Small means: exact Poisson
 * quantiles (p is tiny there, so Poisson is the binomial to many digits); otherwise the normal
 * approximation widened by one for the continuity correction.
 */
function binomialBounds(n: number, p: number): [number, number] {
  const mean = n * p;
  if (mean < 100) {
    const tail = 0.0005;
    let pmf = Math.exp(-mean);
    let cdf = pmf;
    let k = 0;
    let lo = -1;
    while (cdf <= 1 - tail) {
      if (lo < 0 && cdf > tail) lo = k;
      k++;
      pmf *= mean / k;
      cdf += pmf;
    }
    return [lo < 0 ? k : lo, k];
  }
  const half = 3.29 * Math.sqrt(mean * (1 - p)) + 1;
  return [mean - half, mean + half];
}

function expectIsSubset(small: Float64Array, large: Float64Array): void {
  const set = new Set(large);
  expect(Array.from(small).filter((b) => !set.has(b))).toEqual([]);
}

describe('fault counts follow Binomial(nBits, p) (99.9 % bounds)', () => {
  const cases: [number, number][] = [
    [1_000, 0.5],
    [10_000, 0.7],
    [100_000, 0.3],
    [1_000_000, 1e-3],
    [1_000_000, 2 ** -10], // exactly on a band edge
    [10_000_000, 1e-5],
    [100_000_000, 1e-7],
    [2 ** 32, 1e-7],
    [2 ** 40, 1e-9],
  ];
  it.each(cases)('nBits = %d, p = %d', (nBits, p) => {
    const [lo, hi] = binomialBounds(nBits, p);
    for (const seed of [1, 2, 3]) {
      const { bits, draws } = faultSites(nBits, p, seed, `count-${nBits}-${p}`);
      expect(bits.length, `seed ${seed}`).toBeGreaterThanOrEqual(lo);
      expect(bits.length, `seed ${seed}`).toBeLessThanOrEqual(hi);
      let bad = -1;
      for (let i = 0; i < bits.length && bad < 0; i++) {
        const ok = Number.isInteger(bits[i]) && bits[i] >= 0 && bits[i] < nBits && (i === 0 || bits[i] > bits[i - 1]) && draws[i] >= 0 && draws[i] < p;
        if (!ok) bad = i;
      }
      expect(bad, 'first site that is out of range, out of order or has u ∉ [0, p)').toBe(-1);
    }
  });

  it('p = 1 makes every bit faulty and p = 0 none', () => {
    const all = faultSites(1000, 1, 5, 'all');
    expect(Array.from(all.bits)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(faultSites(1000, 0, 5, 'all').bits.length).toBe(0);
    expect(faultSites(0, 0.5, 5, 'none').bits.length).toBe(0);
  });

  it('every single bit fails with probability p, the first and last included (1 per seed, 3000 seeds)', () => {
    const nBits = 24;
    const p = 0.3;
    const seeds = 3000;
    const counts = new Float64Array(nBits);
    for (let seed = 0; seed < seeds; seed++) for (const b of faultSites(nBits, p, seed, 'per-bit').bits) counts[b]++;
    const [lo, hi] = binomialBounds(seeds, p);
    // 24 bits tested at 99.9 % each: widen to the Bonferroni-corrected ~99.996 % (z ≈ 4.1).
    const slack = ((4.1 - 3.29) / 3.29) * (hi - seeds * p);
    for (let i = 0; i < nBits; i++) {
      expect(counts[i], `bit ${i}`).toBeGreaterThanOrEqual(lo - slack);
      expect(counts[i], `bit ${i}`).toBeLessThanOrEqual(hi + slack);
    }
  });
});

describe('u is uniform and positions are uniform (chi-square, 99.9 %)', () => {
  // χ²(0.999) critical values: 9 dof 27.877, 15 dof 37.697.
  function chiSquare(counts: Float64Array, expected: number): number {
    let x = 0;
    for (const c of counts) x += (c - expected) ** 2 / expected;
    return x;
  }

  it('draws of the faulty bits are uniform on [0, p), across many bands', () => {
    const p = 0.37;
    const { draws } = faultSites(400_000, p, 11, 'uniform-u');
    const bins = new Float64Array(10);
    for (const u of draws) bins[Math.floor((u / p) * 10)]++;
    expect(chiSquare(bins, draws.length / 10)).toBeLessThan(27.877);
    // Deep bands too: u < p/1000 must hold a 1/1000 share.
    const deep = draws.filter((u) => u < p / 1000).length;
    const [lo, hi] = binomialBounds(draws.length, 1 / 1000);
    expect(deep).toBeGreaterThanOrEqual(lo);
    expect(deep).toBeLessThanOrEqual(hi);
  });

  it('fault positions are uniform over the region', () => {
    const nBits = 1_600_000;
    const { bits } = faultSites(nBits, 0.01, 12, 'uniform-x');
    const bins = new Float64Array(16);
    for (const b of bits) bins[Math.floor((b / nBits) * 16)]++;
    expect(chiSquare(bins, bits.length / 16)).toBeLessThan(37.697);
  });
});

describe('nesting: lowering the voltage only adds faults', () => {
  it('the sites at a lower BER are a subset with the same draws, and exactly those with u < p', () => {
    const ps = [1e-6, 1e-4, 2 ** -12, 3e-3, 0.01, 0.2, 0.5, 0.6, 1];
    const nBits = 100_000;
    const results = ps.map((p) => faultSites(nBits, p, 99, 'nested'));
    const top = results[results.length - 1];
    const drawOf = new Map<number, number>();
    for (let i = 0; i < top.bits.length; i++) drawOf.set(top.bits[i], top.draws[i]);
    for (let r = 0; r < ps.length; r++) {
      const { bits, draws } = results[r];
      expect(Array.from(draws)).toEqual(Array.from(bits, (b) => drawOf.get(b)));
      const expected = Array.from(top.bits).filter((b) => (drawOf.get(b) as number) < ps[r]);
      expect(Array.from(bits)).toEqual(expected);
      if (r > 0) expectIsSubset(results[r - 1].bits, bits);
    }
  });

  it('holds across the deepest band over a huge region', () => {
    const low = faultSites(2 ** 40, 1e-13, 4, 'deep');
    const high = faultSites(2 ** 40, 1e-9, 4, 'deep');
    expectIsSubset(low.bits, high.bits);
  });
});

describe('determinism', () => {
  it('the same (seed, region) gives the same sites; other seeds and regions differ', () => {
    const a = faultSites(1_000_000, 1e-3, 7, 'layer1');
    const b = faultSites(1_000_000, 1e-3, 7, 'layer1');
    expect(Array.from(b.bits)).toEqual(Array.from(a.bits));
    expect(Array.from(b.draws)).toEqual(Array.from(a.draws));
    const otherSeed = faultSites(1_000_000, 1e-3, 8, 'layer1');
    const otherRegion = faultSites(1_000_000, 1e-3, 7, 'layer2');
    const negativeSeed = faultSites(1_000_000, 1e-3, -7, 'layer1');
    const bigSeed = faultSites(1_000_000, 1e-3, 7 + 2 ** 32, 'layer1');
    for (const other of [otherSeed, otherRegion, negativeSeed, bigSeed]) {
      const shared = new Set(a.bits);
      const overlap = Array.from(other.bits).filter((x) => shared.has(x)).length;
      // Independent patterns share ~nBits·p² = 1 site; identical ones would share ~1000.
      expect(overlap).toBeLessThan(10);
    }
  });

  it('is pinned: these exact sites are what every machine must produce (change only on purpose)', () => {
    const { bits, draws } = faultSites(1_000_000, 1e-5, 42, 'golden');
    expect(Array.from(bits)).toEqual(GOLDEN_BITS);
    expect(Array.from(draws.subarray(0, 3))).toEqual(GOLDEN_DRAWS);
  });

  it('uses the reference MurmurHash3 x86_32 (published test vectors)', () => {
    const enc = new TextEncoder();
    expect(murmur3Bytes(enc.encode(''), 1)).toBe(0x514e28b7);
    expect(murmur3Bytes(enc.encode(''), 0xffffffff)).toBe(0x81f16f39);
    expect(murmur3Bytes(new Uint8Array(4), 0)).toBe(0x2362f9de);
    expect(murmur3Bytes(enc.encode('abc'), 0)).toBe(0xb3dd93fa);
    expect(murmur3Bytes(enc.encode('Hello, world!'), 0x9747b28c)).toBe(0x24884cba);
    expect(murmur3Bytes(enc.encode('The quick brown fox jumps over the lazy dog'), 0x9747b28c)).toBe(0x2fa826cd);
  });

  it('streams give open-interval uniforms with 53-bit resolution', () => {
    const s = createFaultStream(1, 'r', 3);
    let min = 1;
    let max = 0;
    let sum = 0;
    const n = 100_000;
    let offGrid = 0;
    for (let i = 0; i < n; i++) {
      const u = s.nextOpen();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      if (!Number.isInteger(u * 2 ** 53)) offGrid++;
    }
    expect(offGrid).toBe(0);
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(3.29 * Math.sqrt(1 / 12 / n));
  });
});

describe('cost is O(nBits·p), not O(nBits)', () => {
  it('p = 1e-7 over 2^32 bits generates only ~2·nBits·p candidate sites', () => {
    const nBits = 2 ** 32;
    const p = 1e-7;
    const r = faultSites(nBits, p, 1, 'cost');
    // Candidates are the bits below the first band edge ≥ p (2^−23 ≈ 1.19e-7): mean 512.
    expect(r.candidates).toBeLessThan(2 * nBits * p * 1.5);
    expect(r.candidates).toBeGreaterThanOrEqual(r.bits.length);
  });

  it('p = 1e-12 over 2^40 bits stops at the deepest band (a handful of candidates)', () => {
    const r = faultSites(2 ** 40, 1e-12, 1, 'cost-deep');
    expect(DEEPEST_LEVEL).toBe(40);
    expect(r.candidates).toBeLessThan(12); // Poisson(1) at the deepest band: P(> 11) < 1e-8
  });
});

describe('stuck-at polarity', () => {
  it('is half ones, deterministic and independent of the BER asked for', () => {
    const bits = Float64Array.from({ length: 100_000 }, (_, i) => i * 3 + 2 ** 35);
    const values = stuckAtValues(5, 'pol', bits);
    let ones = 0;
    for (let i = 0; i < values.length; i++) {
      ones += values[i];
      if (i % 997 === 0) expect(values[i]).toBe(stuckAtValue(5, 'pol', bits[i]));
    }
    const [lo, hi] = binomialBounds(values.length, 0.5);
    expect(ones).toBeGreaterThanOrEqual(lo);
    expect(ones).toBeLessThanOrEqual(hi);
    expect(Array.from(stuckAtValues(5, 'pol', bits))).toEqual(Array.from(values));
    const otherSeed = stuckAtValues(6, 'pol', bits);
    let same = 0;
    for (let i = 0; i < values.length; i++) if (otherSeed[i] === values[i]) same++;
    expect(same).toBeGreaterThanOrEqual(lo);
    expect(same).toBeLessThanOrEqual(hi);
  });

  it('bit indices beyond 2^32 get their own polarity (the high word is hashed)', () => {
    const low = stuckAtValues(1, 'hi', Float64Array.from({ length: 256 }, (_, i) => i));
    const high = stuckAtValues(1, 'hi', Float64Array.from({ length: 256 }, (_, i) => i + 2 ** 32));
    expect(Array.from(high)).not.toEqual(Array.from(low));
  });
});

describe('argument checks', () => {
  it('rejects BERs outside [0, 1] and fractional seeds as user errors, bad sizes as internal ones', () => {
    expect(() => faultSites(10, -0.1, 1, 'x')).toThrow(UserError);
    expect(() => faultSites(10, 1.1, 1, 'x')).toThrow(UserError);
    expect(() => faultSites(10, NaN, 1, 'x')).toThrow(UserError);
    expect(() => faultSites(10, 0.1, 1.5, 'x')).toThrow(UserError);
    expect(() => faultSites(-1, 0.1, 1, 'x')).toThrow(InternalError);
    expect(() => faultSites(2.5, 0.1, 1, 'x')).toThrow(InternalError);
  });
});

const GOLDEN_BITS = [20653, 427324, 581099, 630137, 646092, 909291];
const GOLDEN_DRAWS = [0.000009065193121262956, 0.000009656077043823632, 0.000005143613616676649];
