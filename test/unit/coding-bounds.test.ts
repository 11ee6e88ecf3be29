/**
 * Weight coding against its bounds: order-0 entropy, optimal (length-limited) Huffman codes,
 * validation target V3 of ../shared/REFERENCE-FIGURES.md §5, sub-1-bit coding of sparse tensors,
 * the decoder cost model, and encode/decode throughput.
 */
import { describe, expect, it } from 'vitest';
import { codingStats, decodeWeights, encodeWeights } from '../../workers/engine/coding/weight-codec.js';
import { entropyOfCounts, histogram, shannonEntropy } from '../../workers/engine/coding/entropy.js';
import { canonicalCodes, huffmanCodeLengths } from '../../workers/engine/coding/huffman.js';
import { chooseRansPrecision, normalizeFrequencies } from '../../workers/engine/coding/rans.js';
import { toZeroRunTokens } from '../../workers/engine/coding/zero-run.js';
import { createSeededRandom, type SeededRandom } from '../../workers/engine/quant/calibration/seeded-random.js';

function gaussian(random: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** Ternary weights with P(0) = 0.9, P(±1) = 0.05 (V3). */
function ternary(n: number, seed: number): Int32Array {
  const random = createSeededRandom(seed);
  return Int32Array.from({ length: n }, () => {
    const u = random.next();
    return u < 0.9 ? 0 : u < 0.95 ? 1 : -1;
  });
}

/** 4-bit offset codes 0 … 15 with zero at 7: 90 % zeros, the rest uniform over the other 15 codes. */
function sparse4bit(n: number, seed: number): Int32Array {
  const random = createSeededRandom(seed);
  return Int32Array.from({ length: n }, () => {
    if (random.next() < 0.9) return 7;
    const k = random.below(15);
    return k < 7 ? k : k + 1;
  });
}

/** Reference: unrestricted Huffman cost Σ c·l by repeatedly merging the two lightest weights. */
function huffmanCostReference(counts: number[]): number {
  if (counts.length <= 1) return 0;
  const heap = [...counts].sort((a, b) => a - b);
  let cost = 0;
  while (heap.length > 1) {
    const merged = heap.shift()! + heap.shift()!;
    cost += merged;
    let i = 0;
    while (i < heap.length && heap[i] < merged) i++;
    heap.splice(i, 0, merged);
  }
  return cost;
}

/** Reference: minimum Σ c·l over all length vectors with l ≤ maxLength and Σ 2^−l ≤ 1 (brute force). */
function limitedCostBruteForce(counts: number[], maxLength: number): number {
  let best = Infinity;
  const lengths = new Array<number>(counts.length).fill(1);
  const visit = (i: number, kraft: number, cost: number): void => {
    if (kraft > 1 || cost >= best) return;
    if (i === counts.length) {
      best = cost;
      return;
    }
    for (let l = 1; l <= maxLength; l++) {
      lengths[i] = l;
      visit(i + 1, kraft + 2 ** -l, cost + counts[i] * l);
    }
  };
  visit(0, 0, 0);
  return best;
}

function kraftSum(lengths: Uint8Array): number {
  return lengths.reduce((sum, l) => sum + 2 ** -l, 0);
}

describe('entropy', () => {
  it('matches closed forms', () => {
    expect(shannonEntropy(new Int32Array(0))).toBe(0);
    expect(shannonEntropy(new Int32Array(100).fill(3))).toBe(0);
    expect(shannonEntropy(Int32Array.from({ length: 1600 }, (_, i) => i % 16))).toBeCloseTo(4, 12);
    expect(shannonEntropy(Int32Array.of(-5, 9, -5, 9))).toBeCloseTo(1, 12);
    // H(0.9, 0.05, 0.05) = 0.569 bit (REFERENCE-FIGURES §3).
    expect(entropyOfCounts([90, 5, 5], 100)).toBeCloseTo(0.5690, 4);
  });

  it('builds a sorted histogram over negative and large values', () => {
    const h = histogram(Int32Array.of(65535, -32768, 0, 65535, 0, 0));
    expect(Array.from(h.values)).toEqual([-32768, 0, 65535]);
    expect(Array.from(h.counts)).toEqual([1, 3, 2]);
    expect(h.total).toBe(6);
  });
});

describe('Huffman code lengths (package-merge)', () => {
  it('equals the unrestricted Huffman cost when the limit does not bind', () => {
    const random = createSeededRandom(61);
    for (let trial = 0; trial < 40; trial++) {
      const k = 2 + random.below(60);
      const counts = Array.from({ length: k }, () => 1 + random.below(trial % 2 ? 1000 : 10));
      const lengths = huffmanCodeLengths(counts);
      const cost = counts.reduce((sum, c, i) => sum + c * lengths[i], 0);
      expect(cost).toBe(huffmanCostReference(counts));
      expect(kraftSum(lengths)).toBe(1);
    }
  });

  it('is optimal under a binding length limit (brute force)', () => {
    const cases: [number[], number][] = [
      [[1, 1, 2, 4, 8, 16, 32], 4],
      [[1, 1, 2, 3, 5, 8, 13], 3],
      [[1, 2, 3, 100, 200], 3],
      [[7, 1, 1, 1, 1, 1, 1, 50], 4],
    ];
    for (const [counts, maxLength] of cases) {
      const lengths = huffmanCodeLengths(counts, maxLength);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(maxLength);
      expect(kraftSum(lengths)).toBeLessThanOrEqual(1);
      const cost = counts.reduce((sum, c, i) => sum + c * lengths[i], 0);
      expect(cost).toBe(limitedCostBruteForce(counts, maxLength));
    }
  });

  it('limits Fibonacci weights (depth 40 unrestricted) to 24 bits and handles 65,536 symbols', () => {
    const fib = [1, 1];
    while (fib.length < 42) fib.push(fib[fib.length - 1] + fib[fib.length - 2]);
    const lengths = huffmanCodeLengths(fib);
    expect(Math.max(...lengths)).toBe(24);
    expect(kraftSum(lengths)).toBe(1);

    const random = createSeededRandom(62);
    const wide = Array.from({ length: 65_536 }, (_, i) => 1 + Math.floor(1e6 * Math.exp(-i / 3000)) + random.below(3));
    const wideLengths = huffmanCodeLengths(wide);
    expect(Math.max(...wideLengths)).toBeLessThanOrEqual(24);
    expect(kraftSum(wideLengths)).toBe(1);
  });

  it('assigns prefix-free canonical codes', () => {
    const lengths = huffmanCodeLengths([5, 9, 12, 13, 16, 45]);
    const codes = canonicalCodes(lengths);
    const words = Array.from(codes, (c, i) => c.toString(2).padStart(lengths[i], '0'));
    for (const a of words) for (const b of words) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });
});

describe('rANS frequency quantization', () => {
  it('sums to 2^n with every present symbol ≥ 1', () => {
    const random = createSeededRandom(63);
    for (const k of [2, 3, 16, 255, 4096, 65_536]) {
      const counts = Array.from({ length: k }, (_, i) => (i === 0 ? 1e7 : 1 + random.below(5)));
      const precision = chooseRansPrecision(k, 1e7 + 3 * k);
      expect(2 ** precision).toBeGreaterThanOrEqual(k);
      const freqs = normalizeFrequencies(counts, precision);
      expect(freqs.reduce((a, b) => a + b, 0)).toBe(2 ** precision);
      expect(Math.min(...freqs)).toBeGreaterThanOrEqual(1);
    }
    expect(Array.from(normalizeFrequencies(new Array(65_536).fill(1), 16)).every((f) => f === 1)).toBe(true);
  });

  it('picks 12 bits for small alphabets, up to 16 for large ones, 17 only past 65,536 symbols', () => {
    expect(chooseRansPrecision(3, 1e6)).toBe(12);
    expect(chooseRansPrecision(16, 1e6)).toBe(12);
    expect(chooseRansPrecision(3, 100)).toBe(7);
    expect(chooseRansPrecision(1000, 1e6)).toBe(16);
    expect(chooseRansPrecision(65_536, 1e6)).toBe(16);
    expect(chooseRansPrecision(70_000, 1e6)).toBe(17);
  });
});

describe('coded size against the entropy bound', () => {
  // A skewed 16-symbol source: P(i) ∝ 0.6^i, H ≈ 2.2 bit.
  const skewed = (() => {
    const random = createSeededRandom(71);
    return Int32Array.from({ length: 200_000 }, () => Math.min(15, Math.floor(Math.log(random.next()) / Math.log(0.6))));
  })();

  it('rANS payload is within 1 % of count · H on 2·10^5 skewed symbols', () => {
    const encoded = encodeWeights(skewed, 'rans');
    const h = shannonEntropy(skewed);
    expect(h).toBeGreaterThan(2);
    expect(encoded.payloadBytes * 8).toBeLessThanOrEqual(1.01 * skewed.length * h);
    expect(encoded.payloadBytes * 8).toBeGreaterThanOrEqual(skewed.length * h * 0.999);
  });

  it('Huffman payload is within 1 % of count · H where the 1-bit floor does not bind (8-bit gaussian codes)', () => {
    const random = createSeededRandom(72);
    const codes = Int32Array.from({ length: 200_000 }, () => Math.max(-128, Math.min(127, Math.round(20 * gaussian(random)))));
    const h = shannonEntropy(codes);
    for (const method of ['huffman', 'rans'] as const) {
      const encoded = encodeWeights(codes, method);
      expect(encoded.payloadBytes * 8).toBeLessThanOrEqual(1.01 * codes.length * h);
      expect(encoded.bytes.length * 8).toBeLessThanOrEqual(1.02 * codes.length * h);
    }
  });

  it('V3: ternary P(0) = 0.9 → rANS within 1 % of 0.569 bit/symbol, Huffman 1.1 bit/symbol', () => {
    const symbols = ternary(200_000, 73);
    const rans = codingStats(symbols, encodeWeights(symbols, 'rans'));
    const huffman = codingStats(symbols, encodeWeights(symbols, 'huffman'));
    expect(Math.abs(rans.bitsPerSymbol - 0.569) / 0.569).toBeLessThanOrEqual(0.01);
    expect(huffman.bitsPerSymbol).toBeGreaterThanOrEqual(1.09);
    expect(huffman.bitsPerSymbol).toBeLessThanOrEqual(1.11);
    expect(rans.entropyBitsPerSymbol).toBeCloseTo(0.569, 2);
  });

  it('codes a 90 %-sparse 4-bit tensor below 1 bit/parameter with zero-run, tables included', () => {
    const symbols = sparse4bit(100_000, 74);
    const plainHuffman = encodeWeights(symbols, 'huffman');
    expect((8 * plainHuffman.bytes.length) / symbols.length).toBeGreaterThan(1.3);
    for (const method of ['huffman', 'rans'] as const) {
      const stats = codingStats(symbols, encodeWeights(symbols, method, { zeroRun: true, zeroSymbol: 7 }));
      expect(stats.bitsPerSymbol).toBeLessThan(0.9);
      expect(stats.bitsPerSymbol).toBeLessThan(0.7 * (8 * plainHuffman.bytes.length) / symbols.length);
      // Within 2 % of the i.i.d. entropy bound H ≈ h(0.1) + 0.1·log2 15 ≈ 0.860 bit.
      expect(stats.bitsPerSymbol).toBeLessThan(1.02 * stats.entropyBitsPerSymbol);
    }
  });

  it('zero-run tokens reproduce the documented scheme', () => {
    // r0 = 0, s = 5, r1 = 20 = one escape (16) + 4, s = 6, trailing run 32 = two escapes.
    const symbols = Int32Array.from([5, ...new Int32Array(20), 6, ...new Int32Array(32)]);
    const tokens = toZeroRunTokens(symbols, 0, 16);
    expect(Array.from(tokens.runs)).toEqual([0, 16, 4, 16, 16]);
    expect(Array.from(tokens.literals)).toEqual([5, 6]);
  });

  it('codes constant and empty tensors in a few header bytes and no payload', () => {
    for (const method of ['huffman', 'rans'] as const) {
      for (const zeroRun of [false, true]) {
        // Plain: 4 B fixed + 3 B count + 3 B alphabet; zero-run adds the zero symbol, run cap, two
        // token counts, a second alphabet and the run payload size.
        const constant = encodeWeights(new Int32Array(1_000_000).fill(3), method, { zeroRun });
        expect(constant.payloadBytes).toBe(0);
        expect(constant.bytes.length).toBeLessThanOrEqual(zeroRun ? 24 : 10);
        const empty = encodeWeights(new Int32Array(0), method, { zeroRun });
        expect(empty.payloadBytes).toBe(0);
        expect(empty.bytes.length).toBeLessThanOrEqual(zeroRun ? 12 : 6);
      }
    }
  });
});

describe('codingStats and the decoder cost model', () => {
  it('reports the real sizes and the documented per-method figures', () => {
    const symbols = ternary(50_000, 81);
    const huffman = encodeWeights(symbols, 'huffman');
    const hs = codingStats(symbols, huffman);
    expect(hs.codedBytes).toBe(huffman.bytes.length);
    expect(hs.headerBytes).toBe(huffman.headerBytes);
    expect(hs.payloadBytes).toBe(huffman.payloadBytes);
    expect(hs.bitsPerSymbol).toBeCloseTo((8 * huffman.bytes.length) / symbols.length, 12);
    expect(hs.entropyBitsPerSymbol).toBeCloseTo(shannonEntropy(symbols), 12);
    // Lengths 1, 2, 2 → a 2-bit primary table of 4 entries × 4 B; 2.7 GHz / 190 M symbols/s.
    expect(hs.decoder.tableBytes).toBe(16);
    expect(hs.decoder.cyclesPerSymbol).toBeCloseTo(2.7e9 / 190e6, 6);
    expect(hs.decoder.source).toMatch(/FiniteStateEntropy/);
    expect(hs.decoder.source).toMatch(/[Aa]ssumption/);

    const rans = codingStats(symbols, encodeWeights(symbols, 'rans'));
    // 2^12 one-byte slot entries + 3 symbols × (value, f, c) × 2 B; 2.7 GHz / 210 M symbols/s + 2.
    expect(rans.decoder.tableBytes).toBe(4096 + 3 * 6);
    expect(rans.decoder.cyclesPerSymbol).toBeCloseTo(2.7e9 / 210e6 + 2, 6);

    // Zero-run: fewer coded tokens than symbols, so fewer cycles per symbol on a sparse tensor.
    const sparse = sparse4bit(50_000, 82);
    const zr = codingStats(sparse, encodeWeights(sparse, 'rans', { zeroRun: true, zeroSymbol: 7 }));
    expect(zr.decoder.cyclesPerSymbol).toBeLessThan(rans.decoder.cyclesPerSymbol / 2);
    expect(zr.decoder.tableBytes).toBeGreaterThan(4096);
  });
});

describe('throughput', () => {
  it('encodes and decodes 10^6 4-bit weights at more than 2 M symbols/s', () => {
    const random = createSeededRandom(91);
    const symbols = Int32Array.from({ length: 1_000_000 }, () => Math.max(0, Math.min(15, Math.round(7 + 2 * gaussian(random)))));
    for (const method of ['huffman', 'rans'] as const) {
      for (const zeroRun of [false, true]) {
        encodeWeights(symbols.subarray(0, 50_000), method, { zeroRun, zeroSymbol: 7 }); // warm-up
        const t0 = performance.now();
        const encoded = encodeWeights(symbols, method, { zeroRun, zeroSymbol: 7 });
        const t1 = performance.now();
        const decoded = decodeWeights(encoded.bytes);
        const t2 = performance.now();
        expect(decoded.length).toBe(symbols.length);
        const encodeRate = symbols.length / (t1 - t0) / 1e3;
        const decodeRate = symbols.length / (t2 - t1) / 1e3;
        console.log(
          `${method}${zeroRun ? ' + zero-run' : ''}: encode ${encodeRate.toFixed(1)} M symbols/s, decode ${decodeRate.toFixed(1)} M symbols/s, ` +
            `${((8 * encoded.bytes.length) / symbols.length).toFixed(3)} bit/symbol`,
        );
        expect(encodeRate).toBeGreaterThan(2);
        expect(decodeRate).toBeGreaterThan(2);
      }
    }
  });
});
