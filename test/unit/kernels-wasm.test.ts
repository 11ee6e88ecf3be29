/**
 * Differential tests: the WebAssembly SIMD kernels against the reference kernels on random
 * geometries (odd sizes, groups, depthwise, strides, dilations, padding). Integer results must be
 * bit-exact; float results within 1e-5 of the sum of absolute products (a different summation
 * order in float32 may differ by that much, relative to the magnitudes summed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getKernels, setKernels } from '../../workers/engine/kernels/index.js';
import { referenceKernels } from '../../workers/engine/kernels/reference.js';
import type { Conv2dGeometry } from '../../workers/engine/kernels/types.js';
import { initKernels, initKernelsSync, loadWasmKernelsSync } from '../../workers/engine/kernels/init.js';
import type { WasmKernels } from '../../workers/engine/kernels/wasm.js';
import { int, randomGeometry as randomGeometryWithin, rng, type GeometryLimits } from '../helpers/random-geometry.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasmPath = `${root}dist/kernels.wasm`;
let wasm: WasmKernels;

beforeAll(() => {
  if (!existsSync(wasmPath)) {
    const r = spawnSync(process.execPath, [`${root}scripts/build-wasm.mjs`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build-wasm failed: ${r.stderr}`);
  }
  wasm = loadWasmKernelsSync(wasmPath);
}, 60_000);

/** mulberry32: a small seeded generator so failures reproduce. */
// Widths up to 26 give panels of 8 outputs within one row for strides 1 and 2 (the vector
// gather paths) as well as panels that straddle rows.
const LIMITS: GeometryLimits = { maxChannels: 20, maxKernel: 5, maxStride: 3, maxPad: 2, maxDilation: 2, maxHeight: 13, maxWidths: [13, 26] };
const randomGeometry = (r: () => number): Conv2dGeometry => randomGeometryWithin(r, LIMITS);

const sizes = (g: Conv2dGeometry) => ({
  x: g.batch * g.inC * g.inH * g.inW,
  w: (g.outC * g.inC * g.kH * g.kW) / g.group,
  y: g.batch * g.outC * g.outH * g.outW,
});
const floats = (r: () => number, n: number) => Float32Array.from({ length: n }, () => r() * 2 - 1);
const abs = (a: Float32Array) => a.map(Math.abs);

/** Index of the first element outside tolerance, or -1. */
function firstMismatch(got: Float32Array, want: Float32Array, magnitude: Float32Array): number {
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-5 * magnitude[i] + 1e-30)) return i;
  }
  return -1;
}

/** Random float inputs for `g`; the wasm conv must match the reference within tolerance. */
function expectFloatConvMatches(r: () => number, g: Conv2dGeometry, label: string): void {
  const n = sizes(g);
  const x = floats(r, n.x);
  const w = floats(r, n.w);
  const bias = r() < 0.7 ? floats(r, g.outC) : null;
  const want = new Float32Array(n.y);
  const magnitude = new Float32Array(n.y);
  const got = new Float32Array(n.y).fill(Number.NaN);
  referenceKernels.conv2d(g, x, w, bias, want);
  referenceKernels.conv2d(g, abs(x), abs(w), bias && abs(bias), magnitude);
  wasm.conv2d(g, x, w, bias, got);
  const i = firstMismatch(got, want, magnitude);
  expect(i, `${label} ${JSON.stringify(g)} at ${i}: ${got[i]} vs ${want[i]}`).toBe(-1);
}

/** Random u8 × i8 inputs, a zero-point drawn from `zeros`, wrapping int32 biases: bit-exact. */
function expectIntConvMatches(r: () => number, g: Conv2dGeometry, zeros: readonly number[], label: string): void {
  const n = sizes(g);
  const x = Uint8Array.from({ length: n.x }, () => int(r, 0, 255));
  const w = Int8Array.from({ length: n.w }, () => int(r, -128, 127));
  const zero = zeros[int(r, 0, zeros.length - 1)];
  const bias = r() < 0.7 ? Int32Array.from({ length: g.outC }, () => int(r, -(2 ** 31), 2 ** 31 - 1)) : null;
  const want = new Int32Array(n.y);
  const got = new Int32Array(n.y).fill(0x7eadbeef);
  referenceKernels.conv2dInt(g, x, zero, w, bias, want);
  wasm.conv2dInt(g, x, zero, w, bias, got);
  expect(got, `${label} ${JSON.stringify(g)} zero ${zero}`).toEqual(want);
}

describe('wasm conv2d (float)', () => {
  it('matches the reference on 150 random geometries', () => {
    const r = rng(1);
    for (let t = 0; t < 150; t++) expectFloatConvMatches(r, randomGeometry(r), `case ${t}`);
  });

  it('matches on a residual-CNN shape with full tiles', () => {
    const r = rng(2);
    const g: Conv2dGeometry = {
      batch: 2, inC: 16, inH: 28, inW: 28, outC: 32, outH: 14, outW: 14, kH: 3, kW: 3,
      strideH: 2, strideW: 2, padTop: 1, padLeft: 1, dilationH: 1, dilationW: 1, group: 1,
    };
    const n = sizes(g);
    const x = floats(r, n.x);
    const w = floats(r, n.w);
    const bias = floats(r, g.outC);
    const want = new Float32Array(n.y);
    const magnitude = new Float32Array(n.y);
    const got = new Float32Array(n.y);
    referenceKernels.conv2d(g, x, w, bias, want);
    referenceKernels.conv2d(g, abs(x), abs(w), abs(bias), magnitude);
    wasm.conv2d(g, x, w, bias, got);
    expect(firstMismatch(got, want, magnitude)).toBe(-1);
  });
});

describe('wasm convolutions over several memory chunks', () => {
  // Large images make a chunk (512 KiB of input plus output) hold fewer images than the batch,
  // with a smaller last chunk: 3 + 1 images for float, 5 + 1 for integer.
  const g: Conv2dGeometry = {
    batch: 0, inC: 2, inH: 100, inW: 100, outC: 2, outH: 100, outW: 100, kH: 3, kW: 3,
    strideH: 1, strideW: 1, padTop: 1, padLeft: 1, dilationH: 1, dilationW: 1, group: 1,
  };

  it('float', () => {
    const r = rng(9);
    const gf = { ...g, batch: 4 };
    const n = sizes(gf);
    const x = floats(r, n.x);
    const w = floats(r, n.w);
    const want = new Float32Array(n.y);
    const magnitude = new Float32Array(n.y);
    const got = new Float32Array(n.y);
    referenceKernels.conv2d(gf, x, w, null, want);
    referenceKernels.conv2d(gf, abs(x), abs(w), null, magnitude);
    wasm.conv2d(gf, x, w, null, got);
    expect(firstMismatch(got, want, magnitude)).toBe(-1);
  });

  it('integer', () => {
    const r = rng(10);
    const gi = { ...g, batch: 6 };
    const n = sizes(gi);
    const x = Uint8Array.from({ length: n.x }, () => int(r, 0, 255));
    const w = Int8Array.from({ length: n.w }, () => int(r, -127, 127));
    const want = new Int32Array(n.y);
    const got = new Int32Array(n.y);
    referenceKernels.conv2dInt(gi, x, 3, w, null, want);
    wasm.conv2dInt(gi, x, 3, w, null, got);
    expect(got).toEqual(want);
  });
});

describe('wasm conv2dInt (uint8 × int8 → int32)', () => {
  it('is bit-exact on 150 random geometries, zero-points and wrapping biases', () => {
    const r = rng(3);
    for (let t = 0; t < 150; t++) {
      const g = randomGeometry(r);
      expectIntConvMatches(r, g, [0, 128, int(r, 0, 255), -300, 1000], `case ${t}`);
    }
  });

  it('is bit-exact on the residual-CNN shapes', () => {
    const r = rng(8);
    const base = { padTop: 1, padLeft: 1, dilationH: 1, dilationW: 1, kH: 3, kW: 3 };
    const shapes: Conv2dGeometry[] = [
      { ...base, batch: 2, inC: 16, inH: 28, inW: 28, outC: 32, outH: 14, outW: 14, strideH: 2, strideW: 2, group: 1 },
      { ...base, batch: 2, inC: 16, inH: 28, inW: 28, outC: 16, outH: 28, outW: 28, strideH: 1, strideW: 1, group: 1 },
      { ...base, batch: 2, inC: 32, inH: 14, inW: 14, outC: 32, outH: 14, outW: 14, strideH: 1, strideW: 1, group: 32 },
      { ...base, batch: 2, inC: 32, inH: 14, inW: 14, outC: 32, outH: 14, outW: 14, strideH: 1, strideW: 1, group: 1,
        kH: 1, kW: 1, padTop: 0, padLeft: 0 },
    ];
    for (const g of shapes) {
      const n = sizes(g);
      const x = Uint8Array.from({ length: n.x }, () => int(r, 0, 255));
      const w = Int8Array.from({ length: n.w }, () => int(r, -127, 127));
      const bias = Int32Array.from({ length: g.outC }, () => int(r, -1e6, 1e6));
      const want = new Int32Array(n.y);
      const got = new Int32Array(n.y);
      referenceKernels.conv2dInt(g, x, 37, w, bias, want);
      wasm.conv2dInt(g, x, 37, w, bias, got);
      expect(got, JSON.stringify(g)).toEqual(want);
    }
  });

  it('delegates int32 activation grids to the reference', () => {
    const r = rng(4);
    const g = randomGeometry(r);
    const n = sizes(g);
    const x = Int32Array.from({ length: n.x }, () => int(r, 0, 4095));
    const w = Int32Array.from({ length: n.w }, () => int(r, -2047, 2047));
    const want = new Int32Array(n.y);
    const got = new Int32Array(n.y);
    referenceKernels.conv2dInt(g, x, 2048, w, null, want);
    wasm.conv2dInt(g, x, 2048, w, null, got);
    expect(got).toEqual(want);
  });
});

/** A strided 1×1 unpadded convolution (a ResNet shortcut), with or without end padding. */
function shortcutGeometry(r: () => number): Conv2dGeometry {
  const group = int(r, 1, 2);
  const inC = group * int(r, 1, 12);
  const outC = group * int(r, 1, 12);
  const strideH = int(r, 1, 3);
  const strideW = int(r, 2, 3);
  const inH = int(r, 1, 30);
  const inW = int(r, 1, 30);
  // End padding of up to one stride leaves the last output reading padding on some draws (the
  // general path); without it every output reads inside the image (the subsampling path).
  const endH = int(r, 0, strideH);
  const endW = int(r, 0, strideW);
  return {
    batch: int(r, 1, 3), inC, inH, inW, outC,
    outH: Math.floor((inH + endH - 1) / strideH) + 1,
    outW: Math.floor((inW + endW - 1) / strideW) + 1,
    kH: 1, kW: 1, strideH, strideW, padTop: 0, padLeft: 0, dilationH: 1, dilationW: 1, group,
  };
}

describe('wasm strided 1×1 convolutions (subsampled, no im2col)', () => {
  it('float matches the reference on 100 random shortcut geometries', () => {
    const r = rng(21);
    for (let t = 0; t < 100; t++) expectFloatConvMatches(r, shortcutGeometry(r), `case ${t}`);
  });

  it('integer is bit-exact on 100 random shortcut geometries', () => {
    const r = rng(22);
    for (let t = 0; t < 100; t++) {
      const g = shortcutGeometry(r);
      expectIntConvMatches(r, g, [0, 128, int(r, 0, 255), -300], `case ${t}`);
    }
  });
});

describe('wasm conv2dRelu (float convolution fused with ReLU)', () => {
  const relu = (y: Float32Array) => y.map((v) => (v < 0 ? 0 : v));

  it('equals conv2d followed by ReLU on 100 random geometries (dense, grouped, depthwise)', () => {
    const r = rng(23);
    for (let t = 0; t < 100; t++) {
      const g = randomGeometry(r);
      const n = sizes(g);
      const x = floats(r, n.x);
      const w = floats(r, n.w);
      const bias = r() < 0.7 ? floats(r, g.outC) : null;
      const plain = new Float32Array(n.y);
      const got = new Float32Array(n.y).fill(Number.NaN);
      wasm.conv2d(g, x, w, bias, plain);
      wasm.conv2dRelu(g, x, w, bias, got);
      // Same kernel, same summation order: the fused ReLU must agree bit for bit.
      expect(got, `case ${t} ${JSON.stringify(g)}`).toEqual(relu(plain));
      const want = new Float32Array(n.y);
      const magnitude = new Float32Array(n.y);
      referenceKernels.conv2d(g, x, w, bias, want);
      referenceKernels.conv2d(g, abs(x), abs(w), bias && abs(bias), magnitude);
      expect(firstMismatch(got, relu(want), magnitude), `case ${t}`).toBe(-1);
    }
  });

  it('keeps −0 and NaN as `v < 0 ? 0 : v` does, over several chunks', () => {
    // A 1×1 identity convolution passes chosen values through; 2 × 300×300 outputs per image
    // make several chunks and a vector tail.
    const g: Conv2dGeometry = {
      batch: 3, inC: 1, inH: 301, inW: 301, outC: 2, outH: 301, outW: 301, kH: 1, kW: 1,
      strideH: 1, strideW: 1, padTop: 0, padLeft: 0, dilationH: 1, dilationW: 1, group: 1,
    };
    const r = rng(24);
    const specials = [-0, 0, Number.NaN, -1e-30, 1e-30, -Infinity, Infinity, -2.5, 3.5];
    const x = Float32Array.from({ length: sizes(g).x }, () => (r() < 0.2 ? specials[int(r, 0, specials.length - 1)] : r() * 2 - 1));
    const w = Float32Array.from([1, 1]);
    // A −0 bias keeps −0 inputs −0 through the sum (−0 + −0), so −0 reaches the ReLU.
    const bias = Float32Array.from([-0, -0]);
    const got = new Float32Array(sizes(g).y);
    wasm.conv2dRelu(g, x, w, bias, got);
    const plain = new Float32Array(sizes(g).y);
    wasm.conv2d(g, x, w, bias, plain);
    const want = relu(plain);
    expect(want.some((v) => Object.is(v, -0)) && want.some(Number.isNaN)).toBe(true);
    expect(new Uint32Array(got.buffer)).toEqual(new Uint32Array(want.buffer));
  });
});

describe('wasm sgemm', () => {
  it('matches the reference on 200 random shapes with and without bias', () => {
    const r = rng(5);
    for (let t = 0; t < 200; t++) {
      const M = int(r, 1, 40), N = int(r, 1, 40), K = int(r, 1, 70);
      const A = floats(r, M * K);
      const B = floats(r, K * N);
      const mode = int(r, 0, 2);
      const bias = mode === 0 ? null : floats(r, mode === 1 ? M : N);
      const want = new Float32Array(M * N);
      const magnitude = new Float32Array(M * N);
      const got = new Float32Array(M * N).fill(Number.NaN);
      referenceKernels.sgemm(M, N, K, A, B, want, bias, mode === 1);
      referenceKernels.sgemm(M, N, K, abs(A), abs(B), magnitude, bias && abs(bias), mode === 1);
      wasm.sgemm(M, N, K, A, B, got, bias, mode === 1);
      const i = firstMismatch(got, want, magnitude);
      expect(i, `case ${t} M${M} N${N} K${K} bias ${mode} at ${i}`).toBe(-1);
    }
  });
});

describe('wasm igemm', () => {
  it('is bit-exact on 200 random shapes', () => {
    const r = rng(6);
    for (let t = 0; t < 200; t++) {
      const M = int(r, 1, 40), N = int(r, 1, 40), K = int(r, 1, 70);
      const A = Uint8Array.from({ length: M * K }, () => int(r, 0, 255));
      const B = Int8Array.from({ length: K * N }, () => int(r, -128, 127));
      const zero = [0, 128, int(r, 0, 255), -300][int(r, 0, 3)];
      const bias = r() < 0.7 ? Int32Array.from({ length: N }, () => int(r, -(2 ** 31), 2 ** 31 - 1)) : null;
      const want = new Int32Array(M * N);
      const got = new Int32Array(M * N).fill(0x7eadbeef);
      referenceKernels.igemm(M, N, K, A, zero, B, bias, want);
      wasm.igemm(M, N, K, A, zero, B, bias, got);
      expect(got, `case ${t} M${M} N${N} K${K} zero ${zero}`).toEqual(want);
    }
  });

  it('delegates zero-points outside int16 reach to the reference', () => {
    const A = Uint8Array.from([0, 255, 7, 9]);
    const B = Int8Array.from([1, -2, 3, -4]);
    const want = new Int32Array(4);
    const got = new Int32Array(4);
    referenceKernels.igemm(2, 2, 2, A, 70000, B, null, want);
    wasm.igemm(2, 2, 2, A, 70000, B, null, got);
    expect(got).toEqual(want);
  });
});

describe('wasm memory', () => {
  it('does not grow across repeated calls of the same size and survives growth', () => {
    const r = rng(7);
    const small = () => {
      const A = floats(r, 6 * 5);
      const B = floats(r, 5 * 7);
      const want = new Float32Array(42);
      const got = new Float32Array(42);
      referenceKernels.sgemm(6, 7, 5, A, B, want);
      wasm.sgemm(6, 7, 5, A, B, got);
      return { got, want };
    };
    const big = floats(r, 300 * 300);
    const out = new Float32Array(300 * 300);
    wasm.sgemm(300, 300, 300, big, big, out);
    const bytes = (wasm as unknown as { wasm: { memory: { buffer: ArrayBuffer } } }).wasm.memory.buffer.byteLength;
    for (let i = 0; i < 20; i++) {
      const { got, want } = small();
      for (let j = 0; j < 42; j++) expect(Math.abs(got[j] - want[j])).toBeLessThan(1e-5);
      wasm.sgemm(300, 300, 300, big, big, out);
    }
    expect((wasm as unknown as { wasm: { memory: { buffer: ArrayBuffer } } }).wasm.memory.buffer.byteLength).toBe(bytes);
  });

  it('rejects operands shorter than the geometry needs', () => {
    expect(() => wasm.sgemm(2, 2, 2, new Float32Array(3), new Float32Array(4), new Float32Array(4))).toThrow(/operand A/);
  });
});

describe('initKernels', () => {
  afterEach(() => {
    setKernels(referenceKernels);
    vi.restoreAllMocks();
  });

  it('activates the wasm kernels, asynchronously and synchronously', async () => {
    expect((await initKernels(wasmPath)).name).toBe('wasm-simd');
    expect(getKernels().name).toBe('wasm-simd');
    setKernels(referenceKernels);
    expect(initKernelsSync(wasmPath).name).toBe('wasm-simd');
    expect(getKernels().name).toBe('wasm-simd');
  });

  it('falls back to the reference kernels with one warning when the module is unusable', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const notWasm = fileURLToPath(import.meta.url); // this test file: not a wasm module
    expect((await initKernels(notWasm)).name).toBe('reference');
    expect(getKernels().name).toBe('reference');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/did not compile.*reference kernels/);
  });
});
