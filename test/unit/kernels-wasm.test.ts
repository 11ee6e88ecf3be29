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
import type { Conv2dGeometry, UniformGrid } from '../../workers/engine/kernels/types.js';
import { fakeQuantize, uniformGridOf } from '../../workers/engine/quant/quantize.js';
import type { QuantParams } from '../../workers/engine/quant/types.js';
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

describe('wasm fake quantization (uniform activation grids)', () => {
  /** Bit-for-bit equality (−0 and NaN included), reported at the first differing element. */
  function expectSameBits(got: Float32Array, want: Float32Array, label: string): void {
    const g = new Uint32Array(got.buffer, got.byteOffset, got.length);
    const w = new Uint32Array(want.buffer, want.byteOffset, want.length);
    const i = g.length === w.length ? g.findIndex((v, k) => v !== w[k]) : 0;
    expect(i, `${label}: element ${i} is ${got[i]}, expected ${want[i]}`).toBe(-1);
  }

  /** An asymmetric (unsigned) or symmetric per-tensor grid with its QuantParams twin. */
  function grid(r: () => number, bits: number, signed: boolean): { params: QuantParams; grid: UniformGrid } {
    const levels = signed
      ? Int32Array.from({ length: 2 ** bits - 1 }, (_, i) => i - (2 ** (bits - 1) - 1))
      : Int32Array.from({ length: 2 ** bits }, (_, i) => i);
    const zeroPoint = signed ? 0 : int(r, 0, 2 ** bits - 1);
    const params: QuantParams = {
      kind: signed ? 'symmetric' : 'asymmetric',
      bits,
      channels: 1,
      scale: Float64Array.of(0.001 + r() * 0.3),
      zeroPoint: Int32Array.of(zeroPoint),
      levels,
      thresholds: null,
    };
    const g = uniformGridOf(params);
    if (!g) throw new Error('expected a uniform grid');
    return { params, grid: g };
  }

  it('matches the JavaScript rule bit for bit: ties, clamps, NaN, ±Infinity, −0, several chunks', () => {
    const r = rng(31);
    for (let t = 0; t < 40; t++) {
      const { params, grid: g } = grid(r, int(r, 1, 8), r() < 0.3);
      const s = params.scale[0];
      const specials = [-0, 0, Number.NaN, Infinity, -Infinity, 1e30, -1e30, 0.5 * s, -0.5 * s, 1.5 * s, -2.5 * s, 1e-30];
      // Odd lengths exercise the scalar tail; 300,000 values span several wasm chunks.
      const n = t === 0 ? 300_001 : int(r, 1, 999);
      const x = Float32Array.from({ length: n }, () =>
        r() < 0.15 ? specials[int(r, 0, specials.length - 1)] : (r() < 0.3 ? Math.round(r() * 40 - 20) + 0.5 : r() * 40 - 20) * s,
      );
      const want = fakeQuantize(x, params, new Float32Array(n));
      const got = new Float32Array(n).fill(Number.NaN);
      wasm.fakeQuantUniform(x, g, got);
      expectSameBits(got, want, `case ${t}`);
    }
  });

  it('rounds exact ties half to even, also where 1/scale is inexact (the division fallback)', () => {
    // x / scale is exactly k + 0.5 in float64 for these scales; with scale = 49·2^-12, 75·2^-12 or
    // 103·2^-12, x · (1/scale) misses some ties by an ulp (found by search), so only the division
    // gives the even level there.
    for (const scale of [2 ** -6, 49 * 2 ** -12, 75 * 2 ** -12, 103 * 2 ** -12, 0.1]) {
      const params: QuantParams = {
        kind: 'asymmetric', bits: 8, channels: 1, scale: Float64Array.of(scale), zeroPoint: Int32Array.of(128),
        levels: Int32Array.from({ length: 256 }, (_, i) => i), thresholds: null,
      };
      const x = Float32Array.from({ length: 255 }, (_, i) => (i - 127 + 0.5) * scale);
      const want = fakeQuantize(x, params, new Float32Array(x.length));
      const got = new Float32Array(x.length);
      wasm.fakeQuantUniform(x, uniformGridOf(params)!, got);
      expectSameBits(got, want, `scale ${scale}`);
    }
  });

  it('agrees with the JavaScript rule on the float32 neighbours of every half-integer, over 200 random scales', () => {
    // The vector path decides levels in float32 and falls back to float64 near ties: these are the
    // values where a wrong decision would show.
    const r = rng(35);
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    const neighbour = (x: number, d: number): number => {
      f[0] = x;
      bits[0] += x >= 0 ? d : -d;
      return f[0];
    };
    for (let t = 0; t < 200; t++) {
      const { params, grid: g } = grid(r, 8, r() < 0.5);
      const s = params.scale[0] * (0.5 + r());
      const p: QuantParams = { ...params, scale: Float64Array.of(s) };
      const values: number[] = [];
      for (let k = -260; k <= 260; k++) {
        const x0 = Math.fround((k + 0.5) * s);
        for (let d = -3; d <= 3; d++) values.push(neighbour(x0, d));
      }
      const x = Float32Array.from(values);
      const want = fakeQuantize(x, p, new Float32Array(x.length));
      wasm.fakeQuantUniform(x, { ...g, scale: s }, x);
      expectSameBits(x, want, `scale ${s}`);
    }
  });

  it('agrees with the JavaScript rule on 2 million random values over 20 random scales', () => {
    const r = rng(34);
    for (let t = 0; t < 20; t++) {
      const { params, grid: g } = grid(r, 8, false);
      const x = Float32Array.from({ length: 100_000 }, () => (r() * 300 - 150) * params.scale[0]);
      const want = fakeQuantize(x, params, new Float32Array(x.length));
      wasm.fakeQuantUniform(x, g, x);
      expectSameBits(x, want, `case ${t}`);
    }
  });

  it('runs in place', () => {
    const r = rng(32);
    const { params, grid: g } = grid(r, 4, false);
    const x = floats(r, 1001).map((v) => v * 3);
    const want = fakeQuantize(x, params, new Float32Array(x.length));
    wasm.fakeQuantUniform(x, g, x);
    expect(x).toEqual(want);
  });

  it('addFakeQuant equals a float32 Add then fake quantization; a raised low bound equals a ReLU between them', () => {
    const r = rng(36);
    for (let t = 0; t < 30; t++) {
      const { params, grid: g } = grid(r, int(r, 2, 8), r() < 0.3);
      const n = t === 0 ? 200_003 : int(r, 1, 2000);
      const s = params.scale[0];
      const a = Float32Array.from({ length: n }, () => (r() < 0.05 ? [Number.NaN, -0, Infinity][int(r, 0, 2)] : (r() * 40 - 20) * s));
      const b = Float32Array.from({ length: n }, () => (r() < 0.05 ? -0 : (r() * 40 - 20) * s));
      const sum = a.map((v, i) => v + b[i]);
      const want = fakeQuantize(sum, params, new Float32Array(n));
      const got = new Float32Array(n).fill(Number.NaN);
      wasm.addFakeQuant(a, b, g, got);
      expectSameBits(got, want, `case ${t}`);
      const rectified = fakeQuantize(sum.map((v) => (v < 0 ? 0 : v)), params, new Float32Array(n));
      wasm.addFakeQuant(a, b, { ...g, low: Math.max(g.low, 0) }, got);
      expectSameBits(got, rectified, `case ${t} with ReLU`);
    }
  });

  it('conv2dFakeQuant equals conv2d, ReLU and fake quantization in turn, bit for bit', () => {
    const r = rng(33);
    const relu = (y: Float32Array) => y.map((v) => (v < 0 ? 0 : v));
    for (let t = 0; t < 60; t++) {
      const g = randomGeometry(r);
      const n = sizes(g);
      const x = floats(r, n.x);
      const w = floats(r, n.w);
      const bias = r() < 0.7 ? floats(r, g.outC) : null;
      const withRelu = r() < 0.5;
      const { params, grid: q } = grid(r, int(r, 2, 8), false);
      const plain = new Float32Array(n.y);
      wasm.conv2d(g, x, w, bias, plain);
      const want = fakeQuantize(withRelu ? relu(plain) : plain, params, new Float32Array(n.y));
      const got = new Float32Array(n.y).fill(Number.NaN);
      wasm.conv2dFakeQuant(g, x, w, bias, got, withRelu, q);
      expect(got, `case ${t} ${JSON.stringify(g)} relu ${withRelu}`).toEqual(want);
    }
  });
});

describe('wasm minMax (calibration range scan)', () => {
  it('finds the extremes and counts NaNs like a plain scan, over several chunks and odd tails', () => {
    const r = rng(37);
    for (let t = 0; t < 30; t++) {
      const n = t === 0 ? 300_001 : t === 1 ? 0 : int(r, 1, 500);
      const x = Float32Array.from({ length: n }, () => (r() < 0.05 ? [Number.NaN, Infinity, -Infinity, -0][int(r, 0, 3)] : r() * 200 - 100));
      let min = Infinity;
      let max = -Infinity;
      let nans = 0;
      for (const v of x) {
        if (v < min) min = v;
        if (v > max) max = v;
        if (v !== v) nans++;
      }
      expect(wasm.minMax(x), `case ${t}`).toEqual({ min, max, nans });
    }
    expect(wasm.minMax(Float32Array.of(Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN))).toEqual({ min: Infinity, max: -Infinity, nans: 5 });
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
