/**
 * Weight coding: exact roundtrip of both coders with and without zero-run mode, compact headers,
 * and the decoder's robustness to payload bit flips (fault injection) and damaged headers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type CodingMethod,
  decodeWeights,
  encodeWeights,
} from '../../workers/engine/coding/weight-codec.js';
import { ByteWriter } from '../../workers/engine/coding/bit-io.js';
import { createSeededRandom, type SeededRandom } from '../../workers/engine/quant/calibration/seeded-random.js';
import { readOnnxModelFile } from '../../workers/engine/onnx/read-model.js';
import { buildIr } from '../../workers/engine/ir/build-ir.js';
import { UserError } from '../../src-shared/errors.js';

const METHODS: readonly CodingMethod[] = ['huffman', 'rans'];

function gaussian(random: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
}

function uniformTensor(n: number, low: number, high: number, seed: number): Int32Array {
  const random = createSeededRandom(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = low + random.below(high - low + 1);
  return out;
}

function gaussianCodes(n: number, center: number, sigma: number, low: number, high: number, seed: number): Int32Array {
  const random = createSeededRandom(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(high, Math.max(low, Math.round(center + sigma * gaussian(random))));
  return out;
}

/** 4-bit symmetric codes round(w / max|w| · 7) + 7 of a real LeNet-5 weight tensor (zero ↦ 7). */
async function lenetFc1Codes(): Promise<Int32Array> {
  const ir = buildIr(await readOnnxModelFile('assets/models/fmnist-lenet5.onnx'));
  const w = ir.constants.get('fc1.weight');
  if (!w || w.dtype !== 'float32') throw new Error('fmnist-lenet5.onnx has no float32 fc1.weight');
  const data = w.data as Float32Array;
  let max = 0;
  for (const v of data) max = Math.max(max, Math.abs(v));
  return Int32Array.from(data, (v) => Math.round((v / max) * 7) + 7);
}

function expectRoundtrip(symbols: Int32Array, method: CodingMethod, zeroRun: boolean, zeroSymbol = 0): void {
  const encoded = encodeWeights(symbols, method, { zeroRun, zeroSymbol });
  expect(encoded.method).toBe(method);
  expect(encoded.zeroRun).toBe(zeroRun);
  expect(encoded.count).toBe(symbols.length);
  expect(encoded.headerBytes + encoded.payloadBytes).toBe(encoded.bytes.length);
  const decoded = decodeWeights(encoded.bytes);
  expect(decoded).toBeInstanceOf(Int32Array);
  expect(decoded.length).toBe(symbols.length);
  // toEqual on 10^5-element typed arrays is slow and prints badly; find the first mismatch instead.
  let mismatch = -1;
  for (let i = 0; i < symbols.length && mismatch < 0; i++) if (decoded[i] !== symbols[i]) mismatch = i;
  expect(mismatch, `first mismatch at ${mismatch}`).toBe(-1);
}

describe('weight coding roundtrip', () => {
  const permutation16 = new Int32Array(65_536).map((_, i) => (i * 40_503) & 0xffff);
  const cases: readonly (readonly [string, Int32Array, number])[] = [
    ['empty', new Int32Array(0), 0],
    ['single symbol, length 1', Int32Array.of(42), 0],
    ['single zero, length 1', Int32Array.of(0), 0],
    ['constant 5 × 1000', new Int32Array(1000).fill(5), 0],
    ['constant zero × 100000', new Int32Array(100_000), 0],
    ['two symbols', uniformTensor(3000, 0, 1, 11), 0],
    ['two far-apart symbols', Int32Array.from(uniformTensor(3000, 0, 1, 12), (b) => (b ? 65535 : -32768)), 0],
    ['uniform 4-bit', uniformTensor(20_000, 0, 15, 13), 0],
    ['gaussian signed 8-bit', gaussianCodes(50_000, 0, 20, -128, 127, 14), 0],
    ['16-bit unsigned, every value present', Int32Array.from([...permutation16, ...uniformTensor(50_000, 0, 65535, 15)]), 0],
    ['16-bit signed spread', uniformTensor(100_000, -32768, 32767, 16), 0],
    ['16-bit gaussian unsigned', gaussianCodes(100_000, 32768, 4000, 0, 65535, 17), 32768],
    ['full admitted range', Int32Array.from([-32768, 65535, 0, ...uniformTensor(5000, -32768, 65535, 18)]), 0],
    ['all non-zero (no runs)', uniformTensor(5000, 1, 15, 19), 0],
    ['zero symbol absent', uniformTensor(5000, 1, 15, 20), 99],
    ['long leading and trailing zero runs', Int32Array.from([...new Int32Array(70_000), 3, ...new Int32Array(4096), 4, ...new Int32Array(8192)]), 0],
  ];
  for (const method of METHODS) {
    for (const zeroRun of [false, true]) {
      for (const [name, symbols, zeroSymbol] of cases) {
        it(`${method}${zeroRun ? ' + zero-run' : ''}: ${name}`, () => {
          expectRoundtrip(symbols, method, zeroRun, zeroSymbol);
        });
      }
      it(`${method}${zeroRun ? ' + zero-run' : ''}: real LeNet-5 fc1 weights as 4-bit codes`, async () => {
        const codes = await lenetFc1Codes();
        expect(codes.length).toBe(48_000);
        expectRoundtrip(codes, method, zeroRun, 7);
      });
      it(`${method}${zeroRun ? ' + zero-run' : ''}: random tensors (property)`, () => {
        const tensor = fc.oneof(
          fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 400 }),
          fc.array(fc.integer({ min: -32768, max: 65535 }), { maxLength: 200 }),
          fc.array(fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 1, -1), { maxLength: 3000 }),
        );
        fc.assert(
          fc.property(tensor, fc.constantFrom(0, 1, -1), (values, zeroSymbol) => {
            const symbols = Int32Array.from(values);
            const decoded = decodeWeights(encodeWeights(symbols, method, { zeroRun, zeroSymbol }).bytes);
            expect(Array.from(decoded)).toEqual(values);
          }),
          { numRuns: 150, seed: 20_240_601 },
        );
      });
    }
  }

  it('keeps headers of sparse alphabets small and of a full 16-bit alphabet near one byte per symbol', () => {
    const sparse = Int32Array.from(uniformTensor(1000, 0, 2, 21), (i) => [-32768, 0, 65535][i]);
    for (const method of METHODS) {
      expect(encodeWeights(sparse, method).headerBytes).toBeLessThanOrEqual(24);
      const full = Int32Array.from([...new Int32Array(65_536).map((_, i) => i), ...uniformTensor(100_000, 0, 65535, 22)]);
      expect(encodeWeights(full, method).headerBytes).toBeLessThan(1.25 * 65_536);
    }
  });

  it('rejects symbols outside [-32768, 65535]', () => {
    expect(() => encodeWeights(Int32Array.of(1, 65536), 'rans')).toThrow(/65536/);
    expect(() => encodeWeights(Int32Array.of(-32769), 'huffman')).toThrow(/-32769/);
  });
});

describe('decoder robustness to payload bit errors', () => {
  function alphabetOf(symbols: Int32Array): Set<number> {
    return new Set(symbols);
  }

  /** Flips each payload bit with probability `rate` (at least one bit), like an SRAM fault map. */
  function flipPayload(encoded: ReturnType<typeof encodeWeights>, rate: number, random: SeededRandom): Uint8Array {
    const bytes = encoded.bytes.slice();
    const bits = 8 * encoded.payloadBytes;
    if (bits === 0) return bytes;
    let flipped = 0;
    for (let b = 0; b < bits; b++) {
      if (random.next() >= rate) continue;
      bytes[encoded.headerBytes + (b >>> 3)] ^= 0x80 >>> (b & 7);
      flipped++;
    }
    if (flipped === 0) {
      const b = random.below(bits);
      bytes[encoded.headerBytes + (b >>> 3)] ^= 0x80 >>> (b & 7);
    }
    return bytes;
  }

  const sparse = (() => {
    const random = createSeededRandom(31);
    return Int32Array.from({ length: 30_000 }, () => (random.next() < 0.9 ? 0 : 1 + random.below(15)));
  })();
  const tensors: readonly (readonly [string, () => Promise<Int32Array> | Int32Array, number])[] = [
    ['LeNet-5 fc1 4-bit codes', lenetFc1Codes, 7],
    ['90 %-sparse 4-bit', () => sparse, 0],
    ['16-bit gaussian', () => gaussianCodes(20_000, 32768, 3000, 0, 65535, 32), 32768],
    ['ternary', () => Int32Array.from(sparse, (v) => (v === 0 ? 0 : v < 8 ? 1 : -1)), 0],
  ];

  for (const method of METHODS) {
    for (const zeroRun of [false, true]) {
      for (const [name, make, zeroSymbol] of tensors) {
        it(`${method}${zeroRun ? ' + zero-run' : ''}: ${name} keeps length and alphabet under random flips`, async () => {
          const symbols = await make();
          const encoded = encodeWeights(symbols, method, { zeroRun, zeroSymbol });
          const alphabet = alphabetOf(symbols);
          const random = createSeededRandom(41);
          let changed = 0;
          for (const rate of [0, 1e-4, 1e-3, 1e-2, 0.1, 0.5]) {
            for (let trial = 0; trial < 4; trial++) {
              const damaged = flipPayload(encoded, rate, random);
              const decoded = decodeWeights(damaged);
              expect(decoded.length).toBe(symbols.length);
              for (let i = 0; i < decoded.length; i++) {
                if (!alphabet.has(decoded[i])) throw new Error(`decoded symbol ${decoded[i]} at ${i} is not in the alphabet`);
              }
              if (decoded.some((v, i) => v !== symbols[i])) changed++;
            }
          }
          // The flips reached the decoder: most damaged payloads decode to something else.
          expect(changed).toBeGreaterThan(12);
        });
      }
      it(`${method}${zeroRun ? ' + zero-run' : ''}: payload of all ones, all zeros or cut off`, () => {
        const encoded = encodeWeights(sparse, method, { zeroRun });
        const alphabet = alphabetOf(sparse);
        const variants = [
          Uint8Array.from(encoded.bytes, (b, i) => (i < encoded.headerBytes ? b : 0xff)),
          Uint8Array.from(encoded.bytes, (b, i) => (i < encoded.headerBytes ? b : 0)),
        ];
        if (!zeroRun) variants.push(encoded.bytes.slice(0, encoded.headerBytes));
        for (const bytes of variants) {
          const decoded = decodeWeights(bytes);
          expect(decoded.length).toBe(sparse.length);
          expect(decoded.every((v) => alphabet.has(v))).toBe(true);
        }
      });
    }
  }
});

describe('damaged headers', () => {
  function expectHeaderError(bytes: Uint8Array, message: RegExp): void {
    let error: unknown;
    try {
      decodeWeights(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('coded-weights-invalid-header');
    expect((error as UserError).message).toMatch(message);
  }

  /** A container for 3 symbols over the alphabet {0 … symbolCount−1} with a hand-written table. */
  function handMade(flags: number, table: number[], symbolCount = 2): Uint8Array {
    const w = new ByteWriter();
    for (const b of [0x45, 0x57, 1, flags]) w.writeByte(b);
    w.writeVarUint(3);
    w.writeVarUint(symbolCount);
    w.writeByte(0); // delta layout
    w.writeVarInt(0);
    for (let i = 1; i < symbolCount; i++) w.writeVarUint(0); // v[i] = v[i−1] + 0 + 1
    for (const b of table) w.writeByte(b);
    return w.finish().slice();
  }

  it('rejects a wrong magic, version or flags', () => {
    const good = encodeWeights(uniformTensor(100, 0, 3, 51), 'rans').bytes;
    expectHeaderError(Uint8Array.from(good, (b, i) => (i === 0 ? 0x00 : b)), /magic/);
    expectHeaderError(Uint8Array.from(good, (b, i) => (i === 2 ? 9 : b)), /version 9/);
    expectHeaderError(Uint8Array.from(good, (b, i) => (i === 3 ? 0x83 : b)), /flags 0x83/);
  });

  it('rejects a truncated header', () => {
    const good = encodeWeights(uniformTensor(1000, 0, 200, 52), 'huffman');
    expectHeaderError(good.bytes.slice(0, good.headerBytes - 3), /truncated/);
    expectHeaderError(new Uint8Array(0), /truncated/);
  });

  it('rejects rANS frequencies that do not sum to 2^precision', () => {
    expect(decodeWeights(handMade(1, [4, 7, 7]))).toHaveLength(3); // 8 + 8 = 2^4
    expectHeaderError(handMade(1, [4, 4, 4]), /sum to 10, not 2\^4/);
  });

  it('rejects Huffman code lengths that break Kraft’s inequality or the 24-bit limit', () => {
    // Two 5-bit fields: 00001 00001 → lengths 1, 1 (valid); 00000 … → length 0 (invalid); 11001 → 25.
    expect(decodeWeights(handMade(0, [0b00001000, 0b01000000]))).toHaveLength(3);
    expectHeaderError(handMade(0, [0b00000000, 0b01000000]), /code length of 0 bits/);
    expectHeaderError(handMade(0, [0b11001000, 0b01000000]), /code length of 25 bits/);
    // Three 1-bit codes: 00001 00001 00001 → Σ 2^−l = 1.5.
    expectHeaderError(handMade(0, [0b00001000, 0b01000010], 3), /Kraft's inequality \(sum 1\.5 > 1\)/);
  });

  it('rejects a container whose alphabet is empty but whose count is not', () => {
    const w = new ByteWriter();
    for (const b of [0x45, 0x57, 1, 0]) w.writeByte(b);
    w.writeVarUint(5);
    w.writeVarUint(0);
    expectHeaderError(w.finish().slice(), /declares 5 tokens but no symbols/);
  });
});
