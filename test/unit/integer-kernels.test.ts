/**
 * The integer-mode kernels in WebAssembly (requantization, fused conv/GEMM + requantization,
 * quantized Add, pooling sums) against their TypeScript references, bit-exact on random data:
 * per-channel multipliers over the whole shift range (vector path T ≥ 32 and scalar path T < 32),
 * flushed multipliers, negative and extreme accumulators, exact ties, clamps, offsets and
 * zero-points. The integer ops are also run whole with each kernel set and must agree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getKernels, setKernels } from '../../workers/engine/kernels/index.js';
import { loadWasmKernelsSync } from '../../workers/engine/kernels/init.js';
import { referenceKernels } from '../../workers/engine/kernels/reference.js';
import type { Conv2dGeometry, FixedPointRequant, Kernels, QAddParams } from '../../workers/engine/kernels/types.js';
import type { WasmKernels } from '../../workers/engine/kernels/wasm.js';
import { gridOf, type IntGrid } from '../../workers/engine/integer/int-grid.js';
import { makeQAddOp } from '../../workers/engine/integer/ops/qadd.js';
import { makeQAvgPoolOp, type PoolWindow } from '../../workers/engine/integer/ops/qavgpool.js';
import { FixedPointScaler, Requantizer } from '../../workers/engine/integer/requantizer.js';
import type { OpDef, RunContext } from '../../workers/engine/ops/op.js';
import { multiplyByQuantizedMultiplierSingleRoundingReference, quantizeMultiplier } from '../../workers/engine/quant/fixed-point.js';
import type { Tensor } from '../../workers/engine/tensor.js';
import { int, randomGeometry as randomGeometryWithin, rng, type GeometryLimits } from '../helpers/random-geometry.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasmPath = `${root}dist/kernels.wasm`;
let wasm: WasmKernels;
const before: Kernels = getKernels();

beforeAll(() => {
  if (!existsSync(wasmPath)) {
    const r = spawnSync(process.execPath, [`${root}scripts/build-wasm.mjs`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build-wasm failed: ${r.stderr}`);
  }
  wasm = loadWasmKernelsSync(wasmPath);
}, 60_000);

afterEach(() => {
  setKernels(before);
  vi.restoreAllMocks();
});

/** Fails the test if the wasm kernels hand a call to the reference ones (it would test nothing). */
function forbidFallback(): void {
  const methods = referenceKernels as unknown as Record<string, (...args: unknown[]) => void>;
  for (const name of ['requantize', 'conv2dIntRequant', 'igemmRequant', 'qadd', 'poolSums', 'maxPoolInt', 'conv2dInt', 'igemm']) {
    vi.spyOn(methods, name).mockImplementation(() => {
      throw new Error(`wasm kernels fell back to the reference ${name}`);
    });
  }
}

/** mulberry32: a small seeded generator so failures reproduce. */

/** Per-channel multipliers in [2^30, 2^31) (a few flushed to 0) and shifts giving T = 31 + shift in lo…hi. */
function randomRequant(r: () => number, channels: number, wide: boolean, tLo = 1, tHi = 62): FixedPointRequant {
  const multipliers = Int32Array.from({ length: channels }, () => (r() < 0.05 ? 0 : int(r, 2 ** 30, 2 ** 31 - 1)));
  const shifts = Int32Array.from({ length: channels }, () => (r() < 0.6 ? int(r, Math.max(tLo, 32), tHi) : int(r, tLo, tHi)) - 31);
  if (wide) {
    const lo = int(r, -40000, 100);
    return { multipliers, shifts, zero: int(r, -500, 500), lo, hi: lo + int(r, 0, 80000), offset: int(r, -1000, 1000) };
  }
  // Byte outputs: stored = level + offset must stay in 0…255 over the clamp range.
  const offset = int(r, -128, 128);
  const lo = int(r, -offset, 255 - offset);
  const hi = int(r, lo, 255 - offset);
  return { multipliers, shifts, zero: int(r, -300, 300), lo, hi, offset };
}

/** Random accumulators, with extremes and exact ties of the first channel's rounding. */
function randomAcc(r: () => number, n: number, rq: FixedPointRequant, channels: number, inner: number): Int32Array {
  const acc = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    if (u < 0.05) acc[i] = r() < 0.5 ? -(2 ** 31) : 2 ** 31 - 1;
    else if (u < 0.5) acc[i] = int(r, -5000, 5000);
    else if (u < 0.8) acc[i] = int(r, -(2 ** 24), 2 ** 24);
    else acc[i] = int(r, -(2 ** 31), 2 ** 31 - 1);
  }
  // Ties: with m = 2^30 and T ≥ 31, acc = odd · 2^(T−31) makes acc·m / 2^T exactly k + ½.
  rq.multipliers[0] = 2 ** 30;
  const T = 31 + rq.shifts[0];
  if (T >= 31 && T <= 56) {
    for (let i = 0; i < n; i += channels * inner * 2) {
      const odd = 2 * int(r, -200, 200) + 1;
      const v = odd * 2 ** (T - 31);
      if (Math.abs(v) < 2 ** 31) acc[i] = v;
    }
  }
  return acc;
}

/** round(acc · m / 2^T) ties up, in BigInt: the definition the kernels implement. */
function requantBigInt(acc: Int32Array, channels: number, inner: number, rq: FixedPointRequant): number[] {
  return Array.from(acc, (a, i) => {
    const c = Math.floor(i / inner) % channels;
    const level = rq.zero + multiplyByQuantizedMultiplierSingleRoundingReference(a, rq.multipliers[c], rq.shifts[c]);
    return Math.min(rq.hi, Math.max(rq.lo, level)) + rq.offset;
  });
}

describe('wasm requantize is bit-exact against the reference', () => {
  it('on random accumulators, multipliers, shifts, clamps and offsets (byte and int32 outputs)', () => {
    const r = rng(101);
    for (let trial = 0; trial < 150; trial++) {
      const wide = trial % 3 === 2;
      const channels = int(r, 1, 20);
      const inner = r() < 0.3 ? 1 : int(r, 1, 70);
      const outer = int(r, 1, 4);
      const rq = randomRequant(r, channels, wide);
      const acc = randomAcc(r, outer * channels * inner, rq, channels, inner);
      const make = () => (wide ? new Int32Array(acc.length) : new Uint8Array(acc.length));
      const want = make();
      const got = make();
      referenceKernels.requantize!(acc, want, channels, inner, rq);
      forbidFallback();
      wasm.requantize(acc, got, channels, inner, rq);
      vi.restoreAllMocks();
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(Array.from(want)).toEqual(requantBigInt(acc, channels, inner, rq).map((v) => (wide ? v : v & 255)));
    }
  });

  it('in place on int32 outputs', () => {
    const r = rng(7);
    const rq = randomRequant(r, 5, true);
    const acc = randomAcc(r, 5 * 33 * 2, rq, 5, 33);
    const want = new Int32Array(acc.length);
    referenceKernels.requantize!(acc, want, 5, 33, rq);
    wasm.requantize(acc, acc, 5, 33, rq);
    expect(Array.from(acc)).toEqual(Array.from(want));
  });

  it('matches the Requantizer loops (the TypeScript integer mode) for uniform grids', () => {
    const r = rng(55);
    for (let trial = 0; trial < 60; trial++) {
      const channels = int(r, 1, 12);
      const inner = int(r, 1, 50);
      const outer = int(r, 1, 3);
      const bits = r() < 0.7 ? 8 : int(r, 2, 12);
      const out = grid(bits, r() < 0.5 ? 0 : int(r, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1), 10 ** (r() * 4 - 3));
      const accScales = Float64Array.from({ length: channels }, () => 10 ** (r() * 6 - 8));
      const clamp = r() < 0.5 ? { lo: 0, hi: null } : { lo: null, hi: null };
      const requantizer = new Requantizer(accScales, out, clamp, 'single');
      const acc = Int32Array.from({ length: outer * channels * inner }, () => int(r, -(2 ** 20), 2 ** 20));
      const channelsLast = inner === 1 && r() < 0.5;
      const make = () => (out.dtype === 'uint8' ? new Uint8Array(acc.length) : new Int32Array(acc.length));
      const inline = make();
      requantizer.applyInline(acc.slice(), inline, channels, inner, channelsLast);
      const got = make();
      forbidFallback();
      wasm.requantize(acc, got, channels, inner, requantizer.fixedPoint!);
      vi.restoreAllMocks();
      expect(Array.from(got)).toEqual(Array.from(inline));
      const viaApply = make();
      setKernels(wasm);
      requantizer.apply(acc, viaApply, channels, inner, channelsLast);
      expect(Array.from(viaApply)).toEqual(Array.from(inline));
    }
  });
});

const LIMITS: GeometryLimits = { maxChannels: 16, maxKernel: 4, maxStride: 2, maxPad: 1, maxDilation: 1, maxHeight: 12, maxWidths: [20] };
const randomGeometry = (r: () => number): Conv2dGeometry => randomGeometryWithin(r, LIMITS);

describe('fused integer conv/GEMM + requantization is bit-exact', () => {
  it('conv2dIntRequant on random geometries', () => {
    const r = rng(202);
    for (let trial = 0; trial < 80; trial++) {
      const g = randomGeometry(r);
      const wide = trial % 4 === 3;
      const x = Uint8Array.from({ length: g.batch * g.inC * g.inH * g.inW }, () => int(r, 0, 255));
      const w = Int8Array.from({ length: (g.outC * g.inC * g.kH * g.kW) / g.group }, () => int(r, -128, 127));
      const bias = r() < 0.7 ? Int32Array.from({ length: g.outC }, () => int(r, -50000, 50000)) : null;
      const zero = int(r, 0, 255);
      // Shifts near the accumulators' magnitude, so outputs spread over the clamp range.
      const rq = randomRequant(r, g.outC, wide, 31, 52);
      const n = g.batch * g.outC * g.outH * g.outW;
      const make = () => (wide ? new Int32Array(n) : new Uint8Array(n));
      const want = make();
      const got = make();
      referenceKernels.conv2dIntRequant!(g, x, zero, w, bias, rq, want);
      forbidFallback();
      wasm.conv2dIntRequant(g, x, zero, w, bias, rq, got);
      vi.restoreAllMocks();
      expect(Array.from(got), JSON.stringify(g)).toEqual(Array.from(want));
      // And the unfused pair.
      const acc = new Int32Array(n);
      wasm.conv2dInt(g, x, zero, w, bias, acc);
      const split = make();
      wasm.requantize(acc, split, g.outC, g.outH * g.outW, rq);
      expect(Array.from(split)).toEqual(Array.from(want));
    }
  });

  it('igemmRequant on random sizes', () => {
    const r = rng(303);
    for (let trial = 0; trial < 60; trial++) {
      const M = int(r, 1, 30);
      const N = int(r, 1, 40);
      const K = int(r, 1, 90);
      const wide = trial % 4 === 1;
      const A = Uint8Array.from({ length: M * K }, () => int(r, 0, 255));
      const B = Int8Array.from({ length: K * N }, () => int(r, -128, 127));
      const bias = r() < 0.7 ? Int32Array.from({ length: N }, () => int(r, -50000, 50000)) : null;
      const zero = int(r, 0, 255);
      const rq = randomRequant(r, N, wide, 31, 50);
      const make = () => (wide ? new Int32Array(M * N) : new Uint8Array(M * N));
      const want = make();
      const got = make();
      referenceKernels.igemmRequant!(M, N, K, A, zero, B, bias, rq, want);
      forbidFallback();
      wasm.igemmRequant(M, N, K, A, zero, B, bias, rq, got);
      vi.restoreAllMocks();
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });
});

/** A uniform activation grid of `bits` bits (levels −2^(b−1)… or 0…) with the given zero-point. */
function grid(bits: number, zeroPoint: number, scale: number, signed = zeroPoint < 0 || bits > 8): IntGrid {
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const count = 2 ** bits;
  return gridOf({
    kind: 'asymmetric',
    bits,
    channels: 1,
    scale: Float64Array.of(scale),
    zeroPoint: Int32Array.of(Math.max(lo, Math.min(lo + count - 1, zeroPoint))),
    levels: Int32Array.from({ length: count }, (_, i) => lo + i),
    thresholds: null,
  });
}

function runOp(op: OpDef, inputs: Tensor[], out: Tensor): void {
  const ctx: RunContext = { nodeName: 'test', opType: op.type, opset: 13, attributes: undefined as never, where: 'test', inputs, outputs: [out] };
  op.run!(ctx);
}

describe('quantized Add', () => {
  it('wasm qadd is bit-exact against the reference on random parameters', () => {
    const r = rng(404);
    for (let trial = 0; trial < 100; trial++) {
      const n = int(r, 1, 300);
      const wide = trial % 5 === 4;
      const leftShift = int(r, 0, 20);
      // The larger input's multiplier is exactly 1/2 in a real Add (T = 31, its own vector path).
      const qa = quantizeMultiplier(r() < 0.4 ? 0.5 : r() * 0.5 + 1e-6);
      const qb = quantizeMultiplier(r() < 0.4 ? 0.5 : r() * 0.5 + 1e-6);
      const out = randomRequant(r, 1, wide, 31, 62);
      const p: QAddParams = {
        aZero: int(r, 0, 255), bZero: int(r, 0, 255), leftShift,
        aMultiplier: qa.multiplier, aShift: qa.shift, bMultiplier: qb.multiplier, bShift: qb.shift, out,
      };
      const x = Uint8Array.from({ length: n }, () => int(r, 0, 255));
      const y = Uint8Array.from({ length: n }, () => int(r, 0, 255));
      const make = () => (wide ? new Int32Array(n) : new Uint8Array(n));
      const want = make();
      const got = make();
      referenceKernels.qadd!(n, x, y, p, want);
      forbidFallback();
      wasm.qadd(n, x, y, p, got);
      vi.restoreAllMocks();
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('the QAdd op gives the same outputs with the wasm kernels as with its own TypeScript loop', () => {
    const r = rng(505);
    for (let trial = 0; trial < 40; trial++) {
      const a = grid(8, int(r, -128, 255), 10 ** (r() * 2 - 3));
      const b = grid(8, int(r, -128, 255), 10 ** (r() * 2 - 3));
      const o = grid(8, int(r, -128, 255), 10 ** (r() * 2 - 2.5));
      const clamp = r() < 0.5 ? { lo: 0, hi: null } : { lo: null, hi: null };
      const op = makeQAddOp(a, b, o, clamp, 'single');
      const n = int(r, 1, 500);
      const x: Tensor = { dtype: 'uint8', dims: [n], data: Uint8Array.from({ length: n }, () => int(r, 0, 255)) };
      const y: Tensor = { dtype: 'uint8', dims: [n], data: Uint8Array.from({ length: n }, () => int(r, 0, 255)) };
      setKernels(referenceKernels);
      const want: Tensor = { dtype: 'uint8', dims: [n], data: new Uint8Array(n) };
      runOp(op, [x, y], want);
      setKernels(wasm);
      const got: Tensor = { dtype: 'uint8', dims: [n], data: new Uint8Array(n) };
      runOp(op, [x, y], got);
      expect(Array.from(got.data as Uint8Array)).toEqual(Array.from(want.data as Uint8Array));
      // The TypeScript loop is TFLite's Add with FixedPointScaler; check one element by hand.
      const unit = 2 ** Math.max(0, Math.min(20, 30 - 9));
      const twiceMax = 2 * Math.max(a.scale, b.scale);
      const qa = quantizeMultiplier(a.scale / twiceMax);
      const qb = quantizeMultiplier(b.scale / twiceMax);
      const xs = x.data as Uint8Array;
      const ys = y.data as Uint8Array;
      const sum =
        new FixedPointScaler(qa.multiplier, qa.shift, 'single').apply((xs[0] - a.zero) * unit) +
        new FixedPointScaler(qb.multiplier, qb.shift, 'single').apply((ys[0] - b.zero) * unit);
      const rq = new Requantizer(Float64Array.of(twiceMax / unit), o, clamp, 'single');
      const one = new Uint8Array(1);
      rq.applyInline(Int32Array.of(sum), one, 1, 1);
      expect((got.data as Uint8Array)[0]).toBe(one[0]);
    }
  });
});

describe('average pooling', () => {
  it('wasm poolSums is bit-exact against the reference (bytes and int32, padding, global)', () => {
    const r = rng(606);
    for (let trial = 0; trial < 80; trial++) {
      const wideIn = trial % 4 === 3;
      const H = int(r, 1, 12);
      const W = int(r, 1, 12);
      const global = r() < 0.3;
      const kH = global ? H : int(r, 1, Math.min(4, H + 1));
      const kW = global ? W : int(r, 1, Math.min(4, W + 1));
      const pool = {
        kH, kW,
        strideH: global ? 1 : int(r, 1, 3), strideW: global ? 1 : int(r, 1, 3),
        padTop: global ? 0 : int(r, 0, Math.min(1, kH - 1)), padLeft: global ? 0 : int(r, 0, Math.min(1, kW - 1)),
      };
      const OH = Math.floor((H + 2 * pool.padTop - kH) / pool.strideH) + 1;
      const OW = Math.floor((W + 2 * pool.padLeft - kW) / pool.strideW) + 1;
      const planes = int(r, 1, 6);
      const x = wideIn
        ? Int32Array.from({ length: planes * H * W }, () => int(r, -(2 ** 30), 2 ** 30))
        : Uint8Array.from({ length: planes * H * W }, () => int(r, 0, 255));
      const zero = wideIn ? int(r, -1000, 1000) : int(r, 0, 255);
      const want = new Int32Array(planes * OH * OW);
      const got = new Int32Array(planes * OH * OW);
      referenceKernels.poolSums!(planes, H, W, OH, OW, pool, x, zero, want);
      forbidFallback();
      wasm.poolSums(planes, H, W, OH, OW, pool, x, zero, got);
      vi.restoreAllMocks();
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('the QAveragePool op gives the same outputs with the wasm kernels as with its own loop', () => {
    const r = rng(707);
    for (let trial = 0; trial < 30; trial++) {
      const H = int(r, 2, 9);
      const W = int(r, 2, 9);
      const global = trial % 3 === 0;
      const kH = global ? H : int(r, 1, Math.min(3, H));
      const kW = global ? W : int(r, 1, Math.min(3, W));
      const pad = global ? 0 : int(r, 0, Math.min(1, kH - 1, kW - 1));
      const window: PoolWindow = {
        kH, kW, strideH: global ? 1 : int(r, 1, 2), strideW: global ? 1 : int(r, 1, 2),
        padTop: pad, padLeft: pad, padBottom: pad, padRight: pad, countIncludePad: r() < 0.5,
      };
      const OH = Math.floor((H + 2 * pad - kH) / window.strideH) + 1;
      const OW = Math.floor((W + 2 * pad - kW) / window.strideW) + 1;
      const input = grid(8, int(r, 0, 255), 0.02);
      const out = grid(8, int(r, 0, 255), 10 ** (r() - 2));
      const op = makeQAvgPoolOp(window, input, out, { lo: 0, hi: null }, 'single', (d) => [d[0], d[1], OH, OW]);
      const N = int(r, 1, 3);
      const C = int(r, 1, 5);
      const x: Tensor = { dtype: 'uint8', dims: [N, C, H, W], data: Uint8Array.from({ length: N * C * H * W }, () => int(r, 0, 255)) };
      const run = (k: Kernels) => {
        setKernels(k);
        const y: Tensor = { dtype: 'uint8', dims: [N, C, OH, OW], data: new Uint8Array(N * C * OH * OW) };
        runOp(op, [x], y);
        return Array.from(y.data as Uint8Array);
      };
      expect(run(wasm)).toEqual(run(referenceKernels));
    }
  });
});

describe('max pooling of stored levels', () => {
  it('wasm maxPoolInt is bit-exact against the reference (padding, strides, global)', () => {
    const r = rng(808);
    for (let trial = 0; trial < 80; trial++) {
      const H = int(r, 1, 14);
      const W = int(r, 1, 14);
      const kH = int(r, 1, Math.min(4, H));
      const kW = int(r, 1, Math.min(4, W));
      const pool = {
        kH, kW, strideH: int(r, 1, 3), strideW: int(r, 1, 3),
        padTop: int(r, 0, Math.min(1, kH - 1)), padLeft: int(r, 0, Math.min(1, kW - 1)),
      };
      const OH = Math.floor((H + 2 * pool.padTop - kH) / pool.strideH) + 1;
      const OW = Math.floor((W + 2 * pool.padLeft - kW) / pool.strideW) + 1;
      const planes = int(r, 1, 6);
      const x = Uint8Array.from({ length: planes * H * W }, () => int(r, 0, 255));
      const want = new Uint8Array(planes * OH * OW);
      const got = new Uint8Array(planes * OH * OW);
      referenceKernels.maxPoolInt!(planes, H, W, OH, OW, pool, x, want);
      forbidFallback();
      wasm.maxPoolInt(planes, H, W, OH, OW, pool, x, got);
      vi.restoreAllMocks();
      expect(Array.from(got)).toEqual(Array.from(want));
      // The window maximum, read directly.
      const p = planes - 1;
      const oh = OH - 1;
      const ow = OW - 1;
      let m = 0;
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++) {
          const ih = oh * pool.strideH - pool.padTop + kh;
          const iw = ow * pool.strideW - pool.padLeft + kw;
          if (ih >= 0 && ih < H && iw >= 0 && iw < W) m = Math.max(m, x[(p * H + ih) * W + iw]);
        }
      }
      expect(got[(p * OH + oh) * OW + ow]).toBe(m);
    }
  });
});
