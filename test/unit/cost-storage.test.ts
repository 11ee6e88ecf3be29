import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../workers/engine/quant/calibration/seeded-random.js';
import {
  codebookBytes,
  csrBytes,
  denseBytes,
  metadataBytes,
  relativeIndexBytes,
  relativeIndexEntries,
} from '../../workers/cost/weight-storage.js';
import { layerStoredBytes } from '../../workers/engine/deploy/weight-memory.js';
import type { LayerWeights } from '../../workers/engine/deploy/prepare-weights.js';

const zeroIsZero = (c: number) => c === 0;

describe('dense packing', () => {
  it('packs sub-byte codes (int4 two per byte, int2 four per byte)', () => {
    expect(denseBytes(10, 8)).toBe(10);
    expect(denseBytes(10, 4)).toBe(5);
    expect(denseBytes(11, 4)).toBe(6);
    expect(denseBytes(10, 2)).toBe(3);
    expect(denseBytes(9, 1)).toBe(2);
  });
});

describe('CSR', () => {
  it('counts values, column indices and row pointers at their minimal widths', () => {
    // 2 rows × 4 cols, 3 nonzeros: values 3×4 bits, col idx 3×2 bits, 3 row ptrs × ceil(log2 4)=2 bits.
    const codes = Int32Array.from([0, 5, 0, 7, 1, 0, 0, 0]);
    expect(csrBytes(codes, 2, 4, zeroIsZero)).toBe(Math.ceil((12 + 6 + 6) / 8));
  });
  it('rejects codes that do not split into rows', () => {
    expect(() => csrBytes(new Int32Array(5), 2, 4, zeroIsZero)).toThrow(RangeError);
  });
});

describe('relative indexing', () => {
  it('inserts a filler when a gap overflows the index (Deep Compression Fig. 2)', () => {
    // 3-bit index: gaps up to 7. A gap of 8 needs one filler (which covers 7 zeros + itself).
    const codes = new Int32Array(20);
    codes[0] = 1;
    codes[9] = 2; // 8 zeros before it
    codes[19] = 3; // 9 zeros before it
    expect(relativeIndexEntries(codes, 3, zeroIsZero)).toBe(5);
    expect(relativeIndexBytes(codes, 4, 3, zeroIsZero)).toBe(Math.ceil((5 * 7) / 8));
  });
  it('needs no filler when every gap fits, and none for trailing zeros', () => {
    const codes = Int32Array.from([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(relativeIndexEntries(codes, 3, zeroIsZero)).toBe(2);
  });

  it('V4: LeNet-300-100 at 8 % density, 6-bit weights, 5-bit indices, fillers and codebooks ≈ 29 KB', () => {
    const rng = createSeededRandom(20160501);
    const shapes = [784 * 300, 300 * 100, 100 * 10];
    const density = 0.08;
    const maxGap = 31;
    // Expected fillers per nonzero for i.i.d. zeros: Σ_k P(gap ≥ 32k) = q/(1−q), q = 0.92^32.
    const q = (1 - density) ** (maxGap + 1);
    let total = 0;
    let nnzAll = 0;
    let entriesAll = 0;
    for (const n of shapes) {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) if (rng.next() < density) codes[i] = 1 + rng.below(63);
      let nnz = 0;
      for (const c of codes) if (c !== 0) nnz++;
      nnzAll += nnz;
      entriesAll += relativeIndexEntries(codes, 5, zeroIsZero);
      total += relativeIndexBytes(codes, 6, 5, zeroIsZero) + codebookBytes(6);
    }
    expect(nnzAll / 266200).toBeCloseTo(0.08, 2);
    expect(entriesAll / nnzAll).toBeCloseTo(1 + q / (1 - q), 2);
    // 21 296 nonzeros × 11 bits = 29.3 kB without fillers; i.i.d. zeros add ~7.5 % fillers, the
    // three 256-byte codebooks 0.8 kB.
    expect(total).toBeGreaterThan(29_000);
    expect(total).toBeLessThan(33_000);
  });
});

describe('per-layer metadata', () => {
  it('adds float32 scales, int32 zero-points only when non-zero, and 4-byte biases', () => {
    expect(metadataBytes({ channels: 8, hasNonZeroZeroPoint: false, biases: 8, quantized: true })).toBe(64);
    expect(metadataBytes({ channels: 8, hasNonZeroZeroPoint: true, biases: 8, quantized: true })).toBe(96);
    expect(metadataBytes({ channels: 8, hasNonZeroZeroPoint: true, biases: 0, quantized: false })).toBe(0);
  });

  const layer = (codes: number[], zeroPoint: number[], channels: number): LayerWeights =>
    ({
      name: 'fc',
      op: 'Gemm',
      group: 0,
      weightName: 'w',
      biasName: 'b',
      dims: [channels, codes.length / channels],
      channels,
      outputChannelFirst: true,
      params: codes.length,
      sparsity: 0,
      pruneRatio: 0,
      pruneKind: 'unstructured',
      quantizer: 'asymmetric',
      granularity: 'channel',
      bits: 4,
      quant: {
        params: {
          kind: 'asymmetric',
          bits: 4,
          channels,
          scale: new Float64Array(channels).fill(1),
          zeroPoint: Int32Array.from(zeroPoint),
          levels: Int32Array.from({ length: 16 }, (_, i) => i),
          thresholds: null,
        },
        codes: Int32Array.from(codes),
      },
    }) as unknown as LayerWeights;

  it('layerStoredBytes resolves the zero code per channel for sparse formats', () => {
    // Channel 0 has zero-point 3, channel 1 zero-point 5: zeros are code 3 in row 0, code 5 in row 1.
    const l = layer([3, 3, 3, 9, 5, 5, 1, 5], [3, 5], 2);
    const meta = 2 * 4 + 2 * 4 + 2 * 4;
    expect(layerStoredBytes(l)).toBe(denseBytes(8, 4) + meta);
    // 2 nonzeros: values 2×4, col idx 2×2, 3 row ptrs × 2 bits → 18 bits → 3 bytes.
    expect(layerStoredBytes(l, 'csr')).toBe(3 + meta);
    expect(layerStoredBytes(l, 'relative', 3)).toBe(Math.ceil((2 * 7) / 8) + meta);
  });
});
