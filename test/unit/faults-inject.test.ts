import { describe, expect, it } from 'vitest';
import { InternalError, UserError } from '../../src-shared/errors.js';
import { faultSites, stuckAtValue } from '../../workers/engine/faults/fault-sites.js';
import { injectByteFaults, injectWeightFaults, storedWordEncoding, type FaultSpec } from '../../workers/engine/faults/inject-weights.js';
import { quantizeToCodes } from '../../workers/engine/quant/quantize.js';
import { getQuantizer } from '../../workers/engine/quant/quantizers/registry.js';
import type { QuantParams, QuantizerKind } from '../../workers/engine/quant/types.js';

function params(kind: QuantizerKind, bits: number, levels: number[]): QuantParams {
  return {
    kind,
    bits,
    channels: 1,
    scale: Float64Array.of(1),
    zeroPoint: new Int32Array(1),
    levels: Int32Array.from(levels),
    thresholds: null,
  };
}

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);
const SYM8 = params('symmetric', 8, range(-127, 127)); // narrow range: code = level + 127
const ASYM4 = params('asymmetric', 4, range(0, 15));
const TERNARY = params('ternary', 2, [-1, 0, 1]);
const BINARY = params('binary', 1, [-1, 1]);
const POW2_4 = params('pow2', 4, [-64, -32, -16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16, 32, 64]);

const flip = (ber: number, seed = 1, protectMsb = 0): FaultSpec => ({ ber, seed, mode: 'flip', protectMsb });

/**
 * A seed whose fault pattern over nBits bits at `ber` is exactly `wanted`: lets a test state by hand
 * what those particular faults must do (the sampler itself is tested in faults-sites.test.ts).
 */
function seedWithSites(nBits: number, ber: number, region: string, wanted: number[]): number {
  for (let seed = 0; seed < 200_000; seed++) {
    const bits = faultSites(nBits, ber, seed, region).bits;
    if (bits.length === wanted.length && wanted.every((b, i) => bits[i] === b)) return seed;
  }
  throw new Error(`no seed found for ${JSON.stringify(wanted)}`);
}

function singleFault(p: QuantParams, codes: number[], bit: number, region = 'hand') {
  const nBits = codes.length * p.bits;
  const ber = Math.min(0.5, 1.5 / nBits);
  const seed = seedWithSites(nBits, ber, region, [bit]);
  return injectWeightFaults(Int32Array.from(codes), p, flip(ber, seed), region);
}

describe('storedWordEncoding', () => {
  it('signed uniform grids are two’s complement, non-negative ones unsigned, sparse grids indices', () => {
    const data = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 0.7);
    const fit = (kind: QuantizerKind, bits: number, role: 'weight' | 'activation' = 'weight') =>
      getQuantizer(kind).fit(data, { bits, role, channels: 1 });
    expect(storedWordEncoding(fit('symmetric', 8))).toBe('twos-complement');
    expect(storedWordEncoding(fit('heq', 4))).toBe('twos-complement');
    expect(storedWordEncoding(fit('heq', 4, 'activation'))).toBe('unsigned');
    expect(storedWordEncoding(fit('asymmetric', 8))).toBe('unsigned');
    expect(storedWordEncoding(fit('pow2', 4))).toBe('index');
    expect(storedWordEncoding(fit('ternary', 2))).toBe('index');
    expect(storedWordEncoding(fit('binary', 1))).toBe('index');
  });
});

describe('hand-computed single faults', () => {
  it('two’s complement: level 1 with its sign bit flipped is −127; level 0 becomes −128, outside the table', () => {
    const one = singleFault(SYM8, [1 + 127], 7);
    expect(Array.from(one.levels)).toEqual([-127]);
    expect([one.faultyBits, one.changedBits, one.changedWeights, one.protectedFaults]).toEqual([1, 1, 1, 0]);
    expect(Array.from(singleFault(SYM8, [0 + 127], 7).levels)).toEqual([-128]);
  });

  it('two’s complement: −1 (0xFF) with bit 0 flipped is −2; 64 with bit 6 flipped is 0', () => {
    expect(Array.from(singleFault(SYM8, [-1 + 127], 0).levels)).toEqual([-2]);
    expect(Array.from(singleFault(SYM8, [64 + 127], 6).levels)).toEqual([0]);
  });

  it('packs words densely: bit 8·i + j is bit j of weight i', () => {
    // Weights 5, 5, 5; bit 17 = bit 1 of weight 2: 0b101 → 0b111.
    const r = singleFault(SYM8, [5 + 127, 5 + 127, 5 + 127], 17);
    expect(Array.from(r.levels)).toEqual([5, 5, 7]);
  });

  it('unsigned: level 3 (0011) with bit 3 flipped is 11', () => {
    expect(Array.from(singleFault(ASYM4, [3], 3).levels)).toEqual([11]);
    expect(Array.from(singleFault(ASYM4, [3], 0).levels)).toEqual([2]);
  });

  it('index: ternary code 0 (level −1) with bit 1 flipped is code 2 (level +1)', () => {
    expect(Array.from(singleFault(TERNARY, [0], 1).levels)).toEqual([1]);
  });

  it('index: an invalid word saturates to the last code (ternary 2 → 3 reads as 2: bit changed, weight not)', () => {
    const r = singleFault(TERNARY, [2], 0);
    expect(Array.from(r.levels)).toEqual([1]);
    expect([r.faultyBits, r.changedBits, r.changedWeights]).toEqual([1, 1, 0]);
    // pow2 4-bit: code 14 (+64) → 15 (not a code) → 14; code 6 (−1) with bit 3 → 14 (+64).
    expect(Array.from(singleFault(POW2_4, [14], 0).levels)).toEqual([64]);
    expect(Array.from(singleFault(POW2_4, [6], 3).levels)).toEqual([64]);
  });
});

describe('every bit faulty (ber = 1)', () => {
  it('flip inverts every word', () => {
    const sym = injectWeightFaults(Int32Array.of(1 + 127, 5 + 127, -127 + 127), SYM8, flip(1), 'all');
    expect(Array.from(sym.levels)).toEqual([-2, -6, 126]); // ~x = −x − 1
    expect([sym.faultyBits, sym.changedBits, sym.changedWeights]).toEqual([24, 24, 3]);
    expect(Array.from(injectWeightFaults(Int32Array.of(3, 0), ASYM4, flip(1), 'all').levels)).toEqual([12, 15]);
    expect(Array.from(injectWeightFaults(Int32Array.of(1), TERNARY, flip(1), 'all').levels)).toEqual([1]); // 01 → 10
    expect(Array.from(injectWeightFaults(Int32Array.of(0, 1), BINARY, flip(1), 'all').levels)).toEqual([1, -1]);
  });

  it('protectMsb keeps the top bits: 1 with the low 7 bits flipped is 126', () => {
    const r = injectWeightFaults(Int32Array.of(1 + 127, -3 + 127), SYM8, flip(1, 1, 1), 'all');
    expect(Array.from(r.levels)).toEqual([126, -126]); // 0000_0001 → 0111_1110; 1111_1101 → 1000_0010
    expect([r.faultyBits, r.protectedFaults]).toEqual([14, 2]);
    const none = injectWeightFaults(Int32Array.of(1 + 127), SYM8, flip(1, 1, 8), 'all');
    expect(Array.from(none.levels)).toEqual([1]);
    expect([none.faultyBits, none.changedBits, none.protectedFaults]).toEqual([0, 0, 8]);
  });

  it('stuck-at sets every cell to its polarity and counts only the cells that changed', () => {
    const seed = 3;
    const codes = Int32Array.of(1 + 127, -100 + 127, 77 + 127, 0 + 127);
    const r = injectWeightFaults(codes, SYM8, { ber: 1, seed, mode: 'stuck-at', protectMsb: 0 }, 'stuck');
    let changed = 0;
    const expected = Array.from(codes, (c, w) => {
      const before = (c - 127) & 0xff;
      let word = 0;
      for (let j = 0; j < 8; j++) {
        const v = stuckAtValue(seed, 'stuck', w * 8 + j);
        word |= v << j;
        if (v !== ((before >> j) & 1)) changed++;
      }
      return (word << 24) >> 24;
    });
    expect(Array.from(r.levels)).toEqual(expected);
    expect(r.faultyBits).toBe(32);
    expect(r.changedBits).toBe(changed);
    expect(r.changedBits).toBeLessThan(32); // 32 fair coins all disagreeing: 2^−32
  });
});

describe('statistics and invariants', () => {
  const n = 50_000;
  const codes = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 255);

  it('ber = 0 returns the fault-free levels for every quantizer family', () => {
    const data = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i * 1.3) * 2);
    for (const [kind, bits] of [['symmetric', 8], ['asymmetric', 5], ['heq', 4], ['pow2', 5], ['ternary', 2], ['binary', 1]] as const) {
      const p = getQuantizer(kind).fit(data, { bits, role: 'weight', channels: 4 });
      const c = quantizeToCodes(data, p, new Int32Array(data.length));
      for (const mode of ['flip', 'stuck-at'] as const) {
        const r = injectWeightFaults(c, p, { ber: 0, seed: 9, mode, protectMsb: 0 }, 'zero');
        expect(Array.from(r.levels), kind).toEqual(Array.from(c, (x) => p.levels[x]));
        expect([r.faultyBits, r.changedBits, r.changedWeights, r.protectedFaults]).toEqual([0, 0, 0, 0]);
      }
    }
  });

  it('flips: every faulty bit changes, and the levels differ exactly where a fault landed', () => {
    const spec = flip(0.01, 21);
    const r = injectWeightFaults(codes, SYM8, spec, 'w');
    const sites = faultSites(n * 8, 0.01, 21, 'w');
    expect(r.faultyBits).toBe(sites.bits.length);
    expect(r.changedBits).toBe(r.faultyBits);
    const hit = new Set(Array.from(sites.bits, (b) => Math.floor(b / 8)));
    let differing = 0;
    for (let i = 0; i < n; i++) if (r.levels[i] !== SYM8.levels[codes[i]]) differing++;
    expect(differing).toBe(hit.size);
    expect(r.changedWeights).toBe(hit.size);
  });

  it('stuck-at changes about half of the faulty cells (effective flip rate ≈ p/2)', () => {
    const r = injectWeightFaults(codes, SYM8, { ber: 0.02, seed: 4, mode: 'stuck-at', protectMsb: 0 }, 'w');
    const half = r.faultyBits / 2;
    expect(Math.abs(r.changedBits - half)).toBeLessThan(3.29 * Math.sqrt(r.faultyBits / 4) + 1);
  });

  it('changing protectMsb never moves the other faults', () => {
    const base = injectWeightFaults(codes, SYM8, flip(0.02, 8, 0), 'w');
    const guarded = injectWeightFaults(codes, SYM8, flip(0.02, 8, 2), 'w');
    expect(base.faultyBits).toBe(guarded.faultyBits + guarded.protectedFaults);
    expect(guarded.protectedFaults).toBeGreaterThan(0);
    let lowBitsDiffer = 0;
    let topBitsFaulty = 0;
    for (let i = 0; i < n; i++) {
      if (((base.levels[i] ^ guarded.levels[i]) & 0x3f) !== 0) lowBitsDiffer++;
      if (((guarded.levels[i] ^ SYM8.levels[codes[i]]) & 0xc0) !== 0) topBitsFaulty++;
    }
    expect(lowBitsDiffer).toBe(0);
    expect(topBitsFaulty).toBe(0);
  });

  it('is deterministic per (seed, region) and independent across regions', () => {
    const a = injectWeightFaults(codes, SYM8, flip(0.01, 5), 'conv1.weight');
    const b = injectWeightFaults(codes, SYM8, flip(0.01, 5), 'conv1.weight');
    const c = injectWeightFaults(codes, SYM8, flip(0.01, 5), 'conv2.weight');
    expect(Array.from(b.levels)).toEqual(Array.from(a.levels));
    expect(Array.from(c.levels)).not.toEqual(Array.from(a.levels));
  });

  it('does not modify the codes it is given', () => {
    const copy = codes.slice();
    injectWeightFaults(codes, SYM8, flip(0.1, 5), 'w');
    expect(Array.from(codes)).toEqual(Array.from(copy));
  });
});

describe('argument checks', () => {
  it('user mistakes are UserErrors, inconsistent parameters InternalErrors', () => {
    const c = Int32Array.of(127);
    expect(() => injectWeightFaults(c, SYM8, flip(1.5), 'x')).toThrow(UserError);
    expect(() => injectWeightFaults(c, SYM8, flip(0.1, 0.5), 'x')).toThrow(UserError);
    expect(() => injectWeightFaults(c, SYM8, flip(0.1, 1, 9), 'x')).toThrow(UserError);
    expect(() => injectWeightFaults(c, SYM8, flip(0.1, 1, -1), 'x')).toThrow(UserError);
    expect(() => injectWeightFaults(c, SYM8, { ber: 0.1, seed: 1, mode: 'bogus' as 'flip', protectMsb: 0 }, 'x')).toThrow(UserError);
    expect(() => injectWeightFaults(Int32Array.of(255), SYM8, flip(0.1), 'x')).toThrow(InternalError);
    expect(() => injectWeightFaults(c, params('symmetric', 4, range(-127, 127)), flip(0.1), 'x')).toThrow(InternalError);
    expect(() => injectWeightFaults(c, params('ternary', 1, [-1, 0, 1]), flip(0.1), 'x')).toThrow(InternalError);
  });
});

describe('injectByteFaults', () => {
  it('flips exactly the sampled bits, LSB first', () => {
    const seed = seedWithSites(16, 0.1, 'bytes', [9]);
    const bytes = Uint8Array.of(0x00, 0x00);
    expect(injectByteFaults(bytes, { ber: 0.1, seed, mode: 'flip' }, 'bytes')).toEqual({ faultyBits: 1, changedBits: 1 });
    expect(Array.from(bytes)).toEqual([0x00, 0x02]);
  });

  it('ber = 1 flip inverts every byte; ber = 0 leaves them alone', () => {
    const bytes = Uint8Array.of(0x00, 0xa5, 0xff);
    expect(injectByteFaults(bytes, { ber: 1, seed: 1, mode: 'flip' }, 'b')).toEqual({ faultyBits: 24, changedBits: 24 });
    expect(Array.from(bytes)).toEqual([0xff, 0x5a, 0x00]);
    expect(injectByteFaults(bytes, { ber: 0, seed: 1, mode: 'flip' }, 'b')).toEqual({ faultyBits: 0, changedBits: 0 });
    expect(Array.from(bytes)).toEqual([0xff, 0x5a, 0x00]);
  });

  it('stuck-at at ber = 1 writes the polarity of every cell', () => {
    const bytes = Uint8Array.of(0x0f, 0xf0);
    const before = bytes.slice();
    const r = injectByteFaults(bytes, { ber: 1, seed: 2, mode: 'stuck-at' }, 'sb');
    let changed = 0;
    for (let i = 0; i < 16; i++) {
      const v = stuckAtValue(2, 'sb', i);
      expect((bytes[i >> 3] >> (i & 7)) & 1).toBe(v);
      if (v !== ((before[i >> 3] >> (i & 7)) & 1)) changed++;
    }
    expect(r).toEqual({ faultyBits: 16, changedBits: changed });
  });

  it('rejects bad specs', () => {
    expect(() => injectByteFaults(new Uint8Array(4), { ber: -1, seed: 1, mode: 'flip' }, 'b')).toThrow(UserError);
  });
});
