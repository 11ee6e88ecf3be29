import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { dequantize, fakeQuantize, quantizeToCodes, roundHalfEven } from '../../workers/engine/quant/quantize.js';
import { getQuantizer, QUANTIZERS } from '../../workers/engine/quant/quantizers/registry.js';
import { QUANTIZER_KINDS, type FitOptions, type QuantParams, type QuantizerKind, type QuantRole } from '../../workers/engine/quant/types.js';

function fit(kind: QuantizerKind, data: number[] | Float32Array, options: Partial<FitOptions> & { bits: number }): QuantParams {
  return getQuantizer(kind).fit(Float32Array.from(data), { role: 'weight', channels: 1, ...options });
}

function codesOf(values: number[] | Float32Array, p: QuantParams): number[] {
  const x = Float32Array.from(values);
  return Array.from(quantizeToCodes(x, p, new Int32Array(x.length)));
}

function fakeOf(values: number[] | Float32Array, p: QuantParams): number[] {
  const x = Float32Array.from(values);
  return Array.from(fakeQuantize(x, p, new Float32Array(x.length)));
}

function levelValue(p: QuantParams, k: number, code: number): number {
  return Math.fround(p.scale[k] * (p.levels[code] - p.zeroPoint[k]));
}

describe('roundHalfEven', () => {
  it('rounds ties to the even neighbour and everything else to nearest', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 2.5001, -7.2, 3].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, -2, 2, 3, -7, 3]);
  });

  it('agrees with the floor-and-compare definition on arbitrary doubles and half-integers', () => {
    const reference = (x: number) => {
      const floor = Math.floor(x);
      const fraction = x - floor;
      return fraction < 0.5 ? floor : fraction > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1;
    };
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((i) => i + 0.5)), (x) => {
        expect(roundHalfEven(x)).toBe(reference(x) + 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hand-computed cases', () => {
  it('symmetric narrow range: scale = max|x|/qmax, ties to even', () => {
    const p = fit('symmetric', [127, 0.5, 1.5, 2.5, -0.5, -2.5, -127], { bits: 8 });
    expect(p.scale[0]).toBe(1);
    expect(Array.from(p.levels.subarray(0, 2))).toEqual([-127, -126]);
    expect(p.levels.length).toBe(255);
    expect(codesOf([127, 0.5, 1.5, 2.5, -0.5, -2.5, -127, 1000], p).map((c) => p.levels[c])).toEqual([127, 0, 2, 2, 0, -2, -127, 127]);
  });

  it('symmetric full range: scale = max|x|/(2^(b-1) - 1/2), the extra level on the negative side', () => {
    const p = fit('symmetric', [-127.5, 127.5, 0.5], { bits: 8, narrowRange: false });
    expect(p.scale[0]).toBe(1);
    expect(p.levels[0]).toBe(-128);
    expect(codesOf([-127.5, 127.5, 0.5], p).map((c) => p.levels[c])).toEqual([-128, 127, 0]);
  });

  it('symmetric per channel: each channel its own scale; an all-zero channel gets scale 1', () => {
    const p = fit('symmetric', [1, -2, 0, 0, 0.5, 0.25], { bits: 4, channels: 3 });
    expect(Array.from(p.scale)).toEqual([2 / 7, 1, 0.5 / 7]);
  });

  it('asymmetric: Jacob et al. scale and half-even zero-point, codes unsigned', () => {
    const p = fit('asymmetric', [-1, 0, 3], { bits: 8, role: 'activation' });
    expect(p.scale[0]).toBeCloseTo(4 / 255, 15);
    expect(p.zeroPoint[0]).toBe(64); // round(63.75)
    expect(codesOf([-1, 0, 3], p)).toEqual([0, 64, 255]);
    const q = fit('asymmetric', [-1, 1], { bits: 2 });
    expect(q.zeroPoint[0]).toBe(2); // round_half_even(1.5)
    const r = fit('asymmetric', [-1, 1], { bits: 1 });
    expect(r.zeroPoint[0]).toBe(0); // round_half_even(0.5)
    expect(fakeOf([0], r)).toEqual([0]);
  });

  it('asymmetric: a ReLU range has zero-point 0 and a calibrated range is widened to contain 0', () => {
    const p = fit('asymmetric', [0, 2.55], { bits: 8, role: 'activation' });
    expect(p.zeroPoint[0]).toBe(0);
    expect(p.scale[0]).toBe(Math.fround(2.55) / 255);
    const q = fit('asymmetric', [5], { bits: 8, role: 'activation', range: { lo: Float64Array.of(1), hi: Float64Array.of(2.55) } });
    expect(q.zeroPoint[0]).toBe(0);
    expect(q.scale[0]).toBe(2.55 / 255);
  });

  it('pow2: levels {0, ±1, ±2, ±4} at 3 bits, nearest level, ties to the smaller magnitude', () => {
    const p = fit('pow2', [4, -1], { bits: 3 });
    expect(Array.from(p.levels)).toEqual([-4, -2, -1, 0, 1, 2, 4]);
    expect(p.scale[0]).toBe(1);
    const x = [3, -3, 1.5, -1.5, 0.5, -0.5, 0.75, 3.1, 100, -100];
    expect(codesOf(x, p).map((c) => p.levels[c])).toEqual([2, -2, 1, -1, 0, 0, 1, 4, 4, -4]);
  });

  it('pow2: E = min(2^(b-1) - 1, 16) magnitudes', () => {
    expect(fit('pow2', [1], { bits: 2 }).levels.length).toBe(3);
    expect(fit('pow2', [1], { bits: 5 }).levels.length).toBe(31);
    const p = fit('pow2', [1], { bits: 16 });
    expect(p.levels.length).toBe(33);
    expect(p.levels[32]).toBe(2 ** 15);
  });

  it('ternary: Li & Liu threshold 0.7·mean|x| and scale = mean |x| above it', () => {
    const p = fit('ternary', [1, -1, 0.125, -0.125, 2, -2], { bits: 2 });
    const delta = 0.7 * (6.25 / 6);
    expect(p.scale[0]).toBeCloseTo(1.5, 12);
    expect(p.thresholds![0][0]).toBeCloseTo(-delta, 12);
    expect(p.thresholds![0][1]).toBeGreaterThan(delta);
    expect(fakeOf([1, -1, 0.125, -0.125, 2, -2, 0.7, -0.7, 0.75, -0.75], p)).toEqual([1.5, -1.5, 0, 0, 1.5, -1.5, 0, 0, 1.5, -1.5]);
  });

  it('binary: sign with α = mean|x|; 0 and NaN go to +1', () => {
    const p = fit('binary', [1, -3, 0, 2], { bits: 1 });
    expect(p.scale[0]).toBe(1.5);
    expect(fakeOf([1, -3, 0, 2, -0, NaN, -1e-30], p)).toEqual([1.5, -1.5, 1.5, 1.5, 1.5, 1.5, -1.5]);
  });

  it('NaN quantizes like 0 and ±Infinity clamps to the end levels', () => {
    const p = fit('asymmetric', [-1, 3], { bits: 8 });
    expect(codesOf([NaN, Infinity, -Infinity], p)).toEqual([p.zeroPoint[0], 255, 0]);
  });
});

describe('bit-width validation', () => {
  it('names the quantizer and the allowed range', () => {
    const cases: [QuantizerKind, number, RegExp][] = [
      ['symmetric', 1, /'symmetric'.*from 2 to 16.*'binary'/],
      ['asymmetric', 17, /'asymmetric'.*from 1 to 16/],
      ['heq', 1, /'heq'.*from 2 to 16/],
      ['pow2', 0, /'pow2'.*from 2 to 16/],
      ['ternary', 4, /'ternary'.*exactly 2/],
      ['binary', 2, /'binary'.*exactly 1/],
      ['symmetric', 4.5, /4\.5 bits/],
    ];
    for (const [kind, bits, message] of cases) {
      let error: unknown;
      try {
        fit(kind, [1, 2], { bits });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('quant-bits');
      expect((error as UserError).message).toMatch(message);
    }
  });

  it('rejects an unknown quantizer name', () => {
    expect(() => getQuantizer('log')).toThrow(/no quantizer named 'log'/);
  });
});

/** Quantizers whose level set contains real 0 (binary's does not). */
const HAS_ZERO: Record<QuantizerKind, boolean> = { symmetric: true, asymmetric: true, heq: true, pow2: true, ternary: true, binary: false };
const UNIFORM: Record<QuantizerKind, boolean> = { symmetric: true, asymmetric: true, heq: false, pow2: false, ternary: false, binary: false };

const tensor = fc
  .record({
    channels: fc.integer({ min: 1, max: 3 }),
    per: fc.integer({ min: 1, max: 24 }),
    pool: fc.array(fc.float({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 8 }),
  })
  .chain(({ channels, per, pool }) =>
    fc.record({
      channels: fc.constant(channels),
      // Values drawn from a small pool (so ties and repeats are common) or freely.
      data: fc.array(fc.oneof(fc.constantFrom(...pool, 0), fc.float({ min: -1000, max: 1000, noNaN: true })), {
        minLength: channels * per,
        maxLength: channels * per,
      }),
    }),
  );

function checkProperties(kind: QuantizerKind, bits: number, role: QuantRole, channels: number, values: number[]): void {
  const data = Float32Array.from(values);
  const per = data.length / channels;
  const p = getQuantizer(kind).fit(data, { bits, role, channels });
  expect(p.levels.length).toBeLessThanOrEqual(2 ** p.bits);
  const codes = quantizeToCodes(data, p, new Int32Array(data.length));
  const fake = dequantize(codes, p, new Float32Array(data.length));

  const used = new Set(codes);
  expect(used.size).toBeLessThanOrEqual(Math.min(2 ** p.bits, p.levels.length));
  for (let k = 0; k < channels; k++) {
    const first = levelValue(p, k, 0);
    const last = levelValue(p, k, p.levels.length - 1);
    for (let i = k * per; i < (k + 1) * per; i++) {
      expect(codes[i]).toBeGreaterThanOrEqual(0);
      expect(codes[i]).toBeLessThan(p.levels.length);
      expect(fake[i]).toBeGreaterThanOrEqual(first);
      expect(fake[i]).toBeLessThanOrEqual(last);
      // Uniform grids fitted to the data's own range: error at most half a step.
      // (plus the float32 rounding of the dequantized value).
      if (UNIFORM[kind]) expect(Math.abs(data[i] - fake[i])).toBeLessThanOrEqual(p.scale[k] * 0.5000001 + Math.abs(data[i]) * 2 ** -23);
    }
    // Monotone: ascending values never get descending codes.
    const order = Array.from({ length: per }, (_, i) => k * per + i).sort((a, b) => data[a] - data[b]);
    for (let j = 1; j < order.length; j++) {
      if (data[order[j]] > data[order[j - 1]]) expect(codes[order[j]]).toBeGreaterThanOrEqual(codes[order[j - 1]]);
      else expect(codes[order[j]]).toBe(codes[order[j - 1]]);
    }
  }
  // Idempotent: the dequantized values quantize to the same codes.
  expect(quantizeToCodes(fake, p, new Int32Array(data.length))).toEqual(codes);
  // Zero is a level and quantizes to it exactly.
  if (HAS_ZERO[kind]) {
    const zeros = new Float32Array(channels * per);
    const zeroFake = fakeQuantize(zeros, p, new Float32Array(zeros.length));
    for (const z of zeroFake) expect(z).toBe(0);
  }
}

describe('properties of every quantizer × bit-width × granularity', () => {
  for (const kind of QUANTIZER_KINDS) {
    const q = QUANTIZERS[kind];
    for (let bits = q.minBits; bits <= q.maxBits; bits++) {
      it(`${kind}, ${bits} bit${bits > 1 ? 's' : ''}`, () => {
        fc.assert(
          fc.property(tensor, fc.constantFrom<QuantRole>('weight', 'activation'), fc.boolean(), ({ channels, data }, role, perTensor) => {
            checkProperties(kind, bits, role, perTensor ? 1 : channels, data);
          }),
          { numRuns: bits <= 8 ? 40 : 15 },
        );
      });
    }
  }

  it('idempotence survives channels of denormal and huge values', () => {
    for (const kind of QUANTIZER_KINDS) {
      const q = QUANTIZERS[kind];
      for (const bits of [q.minBits, q.maxBits]) {
        checkProperties(kind, bits, 'weight', 3, [1e-42, -3e-45, 0, 1e-39, 2e-40, -1e-38, 1e30, -2e29, 7]);
      }
    }
  });
});
