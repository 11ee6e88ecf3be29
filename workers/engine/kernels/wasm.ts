/**
 * The WebAssembly SIMD kernels (sources in workers/engine/wasm/assembly/): same semantics as
 * `reference.ts`, float results within rounding of a different summation order, integer results
 * bit-exact.
 *
 * Each call copies its operands into the module's linear memory (a per-call bump arena, see
 * WasmArena.ts), runs an exported routine and copies the result out; convolutions do this a few
 * images at a time (`convInChunks`). Copying weights every call
 * costs one pass over them, which is small next to the convolution or GEMM that reuses each weight
 * batch × outH × outW times, and it means a caller may mutate its weight arrays between calls
 * (fault injection does) without any cache going stale.
 *
 * Integer fast paths need uint8 activations, int8 weights and a zero-point that keeps
 * `code − zero` within int16; anything wider (Int32Array grids) goes to the reference kernels, as
 * do geometries outside what the wasm code assumes (negative padding, non-integer sizes).
 *
 * Float convolutions followed by a Relu can run it on each chunk in the module (`conv2dRelu`,
 * while the chunk is in cache) instead of a separate pass over the whole batch; in fake-quant
 * mode the activation quantizer after them runs there too (`conv2dFakeQuant`, fakeQuant.ts).
 *
 * Requantization (requant.ts) runs in the module too, fused with the convolution or GEMM that
 * produces the accumulators (`conv2dIntRequant`, `igemmRequant`), so integer layers copy only
 * their byte outputs back; parameters outside what it assumes (`requantFits`, `qaddFits`) take
 * the reference path.
 */
import { InternalError } from '../../../src-shared/errors.js';
import { WasmArena } from '../wasm/WasmArena.js';
import type { KernelExports } from '../wasm/kernelModule.js';
import { referenceKernels } from './reference.js';
import type {
  Conv2dGeometry, FixedPointRequant, IntActivations, IntWeights, Kernels, PoolGeometry, QAddParams, UniformGrid, ValueRange,
} from './types.js';

const MR = 4; // rows per packed A panel (gemmF32.ts)
const NR = 8; // columns per packed B panel
const TILE_BYTES = MR * NR * 4;
// Input plus output bytes per convolution chunk: well inside a typical 1–2 MiB L2 cache.
const CHUNK_BYTES = 512 * 1024;
// Largest whole column matrix (one image and group) a convolution builds; bigger ones are
// gathered one panel at a time (conv.ts). 512 KiB keeps it in L2 next to the chunk.
const COLUMNS_BYTES = 512 * 1024;
// code − zero must fit int16 for every uint8 code (gemmI32.ts).
const MIN_ZERO = 255 - 32767;
const MAX_ZERO = 32767;

export class WasmKernels implements Kernels {
  readonly name = 'wasm-simd' as const;
  private readonly arena: WasmArena;

  constructor(private readonly wasm: KernelExports) {
    this.arena = new WasmArena(wasm.memory, wasm.heapBase());
  }

  sgemm(
    M: number,
    N: number,
    K: number,
    A: Float32Array,
    B: Float32Array,
    C: Float32Array,
    bias?: Float32Array | null,
    biasPerRow?: boolean,
  ): void {
    if (M === 0 || N === 0) return;
    requireLength('sgemm', 'A', A, M * K);
    requireLength('sgemm', 'B', B, K * N);
    requireLength('sgemm', 'C', C, M * N);
    if (bias) requireLength('sgemm', 'bias', bias, biasPerRow ? M : N);
    const a = this.arena;
    a.reset();
    const mPad = roundUp(M, MR);
    const nPad = roundUp(N, NR);
    const aRaw = a.alloc(M * K * 4);
    const bRaw = a.alloc(K * N * 4);
    const aPacked = a.alloc(mPad * K * 4);
    const bPacked = a.alloc(nPad * K * 4);
    const biasAt = bias ? a.alloc((biasPerRow ? mPad : nPad) * 4) : 0;
    const tmp = a.alloc(TILE_BYTES);
    const c = a.alloc(M * N * 4);
    const buf = a.buffer;
    new Float32Array(buf, aRaw, M * K).set(A.subarray(0, M * K));
    new Float32Array(buf, bRaw, K * N).set(B.subarray(0, K * N));
    if (bias) new Float32Array(buf, biasAt, bias.length).set(biasPerRow ? bias.subarray(0, M) : bias.subarray(0, N));
    const w = this.wasm;
    w.packRowsF32(aRaw, M, K, K, aPacked);
    w.packColsF32(bRaw, K, N, N, bPacked);
    w.gemmF32(M, N, K, aPacked, bPacked, c, N, biasPerRow ? biasAt : 0, biasPerRow ? 0 : biasAt, tmp);
    C.set(new Float32Array(buf, c, M * N));
  }

  conv2d(g: Conv2dGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void {
    if (!fitsWasm(g)) {
      referenceKernels.conv2d(g, x, w, bias, y);
      return;
    }
    this.convInChunks('conv2d', g, { x, w, bias, out: y, zero: 0 });
  }

  conv2dRelu(g: Conv2dGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void {
    if (!fitsWasm(g)) {
      referenceKernels.conv2d(g, x, w, bias, y);
      const n = g.batch * g.outC * g.outH * g.outW;
      for (let i = 0; i < n; i++) if (y[i] < 0) y[i] = 0;
      return;
    }
    this.convInChunks('conv2d', g, { x, w, bias, out: y, zero: 0, relu: true });
  }

  conv2dFakeQuant(
    g: Conv2dGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, relu: boolean, grid: UniformGrid,
  ): void {
    if (!fitsWasm(g)) {
      if (relu) this.conv2dRelu(g, x, w, bias, y);
      else referenceKernels.conv2d(g, x, w, bias, y);
      this.fakeQuantUniform(y.subarray(0, g.batch * g.outC * g.outH * g.outW), grid, y);
      return;
    }
    this.convInChunks('conv2d', g, { x, w, bias, out: y, zero: 0, relu, grid });
  }

  fakeQuantUniform(x: Float32Array, grid: UniformGrid, y: Float32Array): void {
    const n = x.length;
    requireLength('fakeQuantUniform', 'y', y, n);
    if (n === 0) return;
    const chunk = Math.min(n, CHUNK_BYTES >> 2);
    const a = this.arena;
    a.reset();
    const at = a.alloc(chunk * 4);
    const view = new Float32Array(a.buffer, at, chunk);
    for (let i0 = 0; i0 < n; i0 += chunk) {
      const m = Math.min(chunk, n - i0);
      view.set(x.subarray(i0, i0 + m));
      this.wasm.fakeQuantF32(at, 0, at, m, grid.scale, grid.low, grid.high);
      y.set(view.subarray(0, m), i0);
    }
  }

  minMax(x: Float32Array): ValueRange {
    let min = Infinity;
    let max = -Infinity;
    let nans = 0;
    const n = x.length;
    if (n === 0) return { min, max, nans };
    const chunk = Math.min(n, CHUNK_BYTES >> 2);
    const a = this.arena;
    a.reset();
    const outAt = a.alloc(12);
    const xAt = a.alloc(chunk * 4);
    const view = new Float32Array(a.buffer, xAt, chunk);
    const out = new Float32Array(a.buffer, outAt, 2);
    const nanOut = new Int32Array(a.buffer, outAt + 8, 1);
    for (let i0 = 0; i0 < n; i0 += chunk) {
      const k = Math.min(chunk, n - i0);
      view.set(x.subarray(i0, i0 + k));
      this.wasm.minMaxF32(xAt, k, outAt);
      if (out[0] < min) min = out[0];
      if (out[1] > max) max = out[1];
      nans += nanOut[0];
    }
    return { min, max, nans };
  }

  addFakeQuant(a: Float32Array, b: Float32Array, grid: UniformGrid, y: Float32Array): void {
    const n = a.length;
    requireLength('addFakeQuant', 'b', b, n);
    requireLength('addFakeQuant', 'y', y, n);
    if (n === 0) return;
    const chunk = Math.min(n, CHUNK_BYTES >> 3);
    const m = this.arena;
    m.reset();
    const aAt = m.alloc(chunk * 4);
    const bAt = m.alloc(chunk * 4);
    const aView = new Float32Array(m.buffer, aAt, chunk);
    const bView = new Float32Array(m.buffer, bAt, chunk);
    for (let i0 = 0; i0 < n; i0 += chunk) {
      const k = Math.min(chunk, n - i0);
      aView.set(a.subarray(i0, i0 + k));
      bView.set(b.subarray(i0, i0 + k));
      this.wasm.fakeQuantF32(aAt, bAt, aAt, k, grid.scale, grid.low, grid.high);
      y.set(aView.subarray(0, k), i0);
    }
  }

  conv2dInt(g: Conv2dGeometry, x: IntActivations, xZero: number, w: IntWeights, bias: Int32Array | null, acc: Int32Array): void {
    if (!(x instanceof Uint8Array) || !(w instanceof Int8Array) || !zeroFits(xZero) || !fitsWasm(g)) {
      referenceKernels.conv2dInt(g, x, xZero, w, bias, acc);
      return;
    }
    this.convInChunks('conv2dInt', g, { x, w, bias, out: acc, zero: xZero });
  }

  /**
   * The convolution and its requantization per chunk of images inside wasm memory: the int32
   * accumulators never leave the module, only the (usually byte) outputs are copied back.
   */
  conv2dIntRequant(
    g: Conv2dGeometry, x: IntActivations, xZero: number, w: IntWeights, bias: Int32Array | null, rq: FixedPointRequant, out: IntActivations,
  ): void {
    if (!(x instanceof Uint8Array) || !(w instanceof Int8Array) || !zeroFits(xZero) || !fitsWasm(g) || !requantFits(rq, out)) {
      referenceKernels.conv2dIntRequant!(g, x, xZero, w, bias, rq, out);
      return;
    }
    this.convInChunks('conv2dInt', g, { x, w, bias, out, zero: xZero, rq });
  }

  igemmRequant(
    M: number, N: number, K: number, A: IntActivations, aZero: number, B: IntWeights, bias: Int32Array | null,
    rq: FixedPointRequant, out: IntActivations,
  ): void {
    if (!(A instanceof Uint8Array) || !(B instanceof Int8Array) || !zeroFits(aZero) || !requantFits(rq, out)) {
      referenceKernels.igemmRequant!(M, N, K, A, aZero, B, bias, rq, out);
      return;
    }
    if (M === 0 || N === 0) return;
    requireLength('igemmRequant', 'out', out, M * N);
    this.igemmInMemory(M, N, K, A, aZero, B, bias, (c) => {
      const wide = out instanceof Int32Array;
      const params = this.writeRequant(rq);
      const o = wide ? c : this.arena.alloc(M * N);
      this.wasm.requantize(c, o, wide ? 1 : 0, M, N, 1, params);
      out.set(viewLike(out, this.arena.buffer, o, M * N));
    });
  }

  requantize(acc: Int32Array, out: IntActivations, channels: number, inner: number, rq: FixedPointRequant): void {
    if (!requantFits(rq, out) || !(channels >= 1 && inner >= 1)) {
      referenceKernels.requantize!(acc, out, channels, inner, rq);
      return;
    }
    const per = channels * inner;
    const outer = Math.floor(acc.length / per);
    if (outer === 0) return;
    requireLength('requantize', 'out', out, outer * per);
    const wide = out instanceof Int32Array;
    const chunk = Math.max(1, Math.min(outer, Math.floor(CHUNK_BYTES / (per * 8))));
    const a = this.arena;
    a.reset();
    const params = this.writeRequant(rq);
    const accAt = a.alloc(chunk * per * 4);
    const outAt = wide ? accAt : a.alloc(chunk * per);
    const buf = a.buffer;
    const accView = new Int32Array(buf, accAt, chunk * per);
    const outView = viewLike(out, buf, outAt, chunk * per);
    for (let o0 = 0; o0 < outer; o0 += chunk) {
      const rows = Math.min(chunk, outer - o0);
      accView.set(acc.subarray(o0 * per, (o0 + rows) * per));
      this.wasm.requantize(accAt, outAt, wide ? 1 : 0, rows, channels, inner, params);
      out.set(outView.subarray(0, rows * per), o0 * per);
    }
  }

  qadd(n: number, x: IntActivations, y: IntActivations, p: QAddParams, out: IntActivations): void {
    if (!(x instanceof Uint8Array) || !(y instanceof Uint8Array) || !qaddFits(p) || !requantFits(p.out, out)) {
      referenceKernels.qadd!(n, x, y, p, out);
      return;
    }
    if (n === 0) return;
    requireLength('qadd', 'x', x, n);
    requireLength('qadd', 'y', y, n);
    requireLength('qadd', 'out', out, n);
    const wide = out instanceof Int32Array;
    const chunk = Math.min(n, CHUNK_BYTES >> 2);
    const a = this.arena;
    a.reset();
    const params = this.writeRequant(p.out, [p.aZero, p.bZero, p.leftShift, p.aMultiplier, 31 + p.aShift, p.bMultiplier, 31 + p.bShift]);
    const xAt = a.alloc(chunk);
    const yAt = a.alloc(chunk);
    const outAt = a.alloc(chunk * (wide ? 4 : 1));
    const buf = a.buffer;
    const xView = new Uint8Array(buf, xAt, chunk);
    const yView = new Uint8Array(buf, yAt, chunk);
    const outView = viewLike(out, buf, outAt, chunk);
    for (let i0 = 0; i0 < n; i0 += chunk) {
      const m = Math.min(chunk, n - i0);
      xView.set(x.subarray(i0, i0 + m));
      yView.set(y.subarray(i0, i0 + m));
      this.wasm.qadd(xAt, yAt, m, outAt, wide ? 1 : 0, params);
      out.set(outView.subarray(0, m), i0);
    }
  }

  poolSums(
    planes: number, H: number, W: number, OH: number, OW: number, pool: PoolGeometry, x: IntActivations, xZero: number, sums: Int32Array,
  ): void {
    const ints = [planes, H, W, OH, OW, pool.kH, pool.kW, pool.strideH, pool.strideW, pool.padTop, pool.padLeft, xZero];
    if (!ints.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31) || !(x instanceof Uint8Array || x instanceof Int32Array)) {
      referenceKernels.poolSums!(planes, H, W, OH, OW, pool, x, xZero, sums);
      return;
    }
    const inPer = H * W;
    const outPer = OH * OW;
    if (planes === 0 || outPer === 0) return;
    requireLength('poolSums', 'x', x, planes * inPer);
    requireLength('poolSums', 'sums', sums, planes * outPer);
    const xBytes = x instanceof Uint8Array ? 1 : 4;
    const chunk = Math.max(1, Math.min(planes, Math.floor(CHUNK_BYTES / (inPer * xBytes + outPer * 4))));
    const a = this.arena;
    a.reset();
    const poolAt = a.alloc(6 * 4);
    new Int32Array(a.buffer, poolAt, 6).set([pool.kH, pool.kW, pool.strideH, pool.strideW, pool.padTop, pool.padLeft]);
    const xAt = a.alloc(chunk * inPer * xBytes);
    const sAt = a.alloc(chunk * outPer * 4);
    const buf = a.buffer;
    const xView = viewLike(x, buf, xAt, chunk * inPer);
    const sView = new Int32Array(buf, sAt, chunk * outPer);
    for (let p0 = 0; p0 < planes; p0 += chunk) {
      const k = Math.min(chunk, planes - p0);
      xView.set(x.subarray(p0 * inPer, (p0 + k) * inPer));
      this.wasm.poolSums(xAt, xBytes === 4 ? 1 : 0, k, H, W, OH, OW, xZero, poolAt, sAt);
      sums.set(sView.subarray(0, k * outPer), p0 * outPer);
    }
  }

  maxPoolInt(
    planes: number, H: number, W: number, OH: number, OW: number, pool: PoolGeometry, x: IntActivations, out: IntActivations,
  ): void {
    const ints = [planes, H, W, OH, OW, pool.kH, pool.kW, pool.strideH, pool.strideW, pool.padTop, pool.padLeft];
    const fits = ints.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31) && pool.kH >= 1 && pool.kW >= 1;
    if (!fits || !(x instanceof Uint8Array) || !(out instanceof Uint8Array)) {
      referenceKernels.maxPoolInt!(planes, H, W, OH, OW, pool, x, out);
      return;
    }
    const inPer = H * W;
    const outPer = OH * OW;
    if (planes === 0 || outPer === 0) return;
    requireLength('maxPoolInt', 'x', x, planes * inPer);
    requireLength('maxPoolInt', 'out', out, planes * outPer);
    const chunk = Math.max(1, Math.min(planes, Math.floor(CHUNK_BYTES / (inPer + outPer))));
    const a = this.arena;
    a.reset();
    const poolAt = a.alloc(6 * 4);
    new Int32Array(a.buffer, poolAt, 6).set([pool.kH, pool.kW, pool.strideH, pool.strideW, pool.padTop, pool.padLeft]);
    const xAt = a.alloc(chunk * inPer);
    const oAt = a.alloc(chunk * outPer);
    const buf = a.buffer;
    const xView = new Uint8Array(buf, xAt, chunk * inPer);
    const oView = new Uint8Array(buf, oAt, chunk * outPer);
    for (let p0 = 0; p0 < planes; p0 += chunk) {
      const k = Math.min(chunk, planes - p0);
      xView.set(x.subarray(p0 * inPer, (p0 + k) * inPer));
      this.wasm.maxPoolU8(xAt, k, H, W, OH, OW, poolAt, oAt);
      out.set(oView.subarray(0, k * outPer), p0 * outPer);
    }
  }

  /**
   * Writes a requantization parameter block (see requant.ts) into the arena, after `prefix`
   * (other int32 parameters of the same call); returns the address of the first int.
   */
  private writeRequant(rq: FixedPointRequant, prefix: readonly number[] = []): number {
    const channels = rq.multipliers.length;
    const p = prefix.length;
    const at = this.arena.alloc((p + 4 + 2 * channels) * 4);
    const v = new Int32Array(this.arena.buffer, at, p + 4 + 2 * channels);
    v.set(prefix);
    v[p] = rq.zero;
    v[p + 1] = rq.lo;
    v[p + 2] = rq.hi;
    v[p + 3] = rq.offset;
    for (let c = 0; c < channels; c++) {
      v[p + 4 + 2 * c] = rq.multipliers[c];
      v[p + 5 + 2 * c] = 31 + rq.shifts[c];
    }
    return at;
  }

  igemm(
    M: number,
    N: number,
    K: number,
    A: IntActivations,
    aZero: number,
    B: IntWeights,
    bias: Int32Array | null,
    acc: Int32Array,
  ): void {
    if (!(A instanceof Uint8Array) || !(B instanceof Int8Array) || !zeroFits(aZero)) {
      referenceKernels.igemm(M, N, K, A, aZero, B, bias, acc);
      return;
    }
    if (M === 0 || N === 0) return;
    requireLength('igemm', 'acc', acc, M * N);
    this.igemmInMemory(M, N, K, A, aZero, B, bias, (c) => acc.set(new Int32Array(this.arena.buffer, c, M * N)));
  }

  /** Runs the integer GEMM into wasm memory and hands the accumulators' address to `finish`. */
  private igemmInMemory(
    M: number, N: number, K: number, A: Uint8Array, aZero: number, B: Int8Array, bias: Int32Array | null, finish: (c: number) => void,
  ): void {
    requireLength('igemm', 'A', A, M * K);
    requireLength('igemm', 'B', B, K * N);
    if (bias) requireLength('igemm', 'bias', bias, N);
    const a = this.arena;
    a.reset();
    const kPairs = (K + 1) >> 1;
    const aRaw = a.alloc(M * K);
    const bRaw = a.alloc(K * N);
    const aPacked = a.alloc(roundUp(M, MR) * kPairs * 4);
    const bPacked = a.alloc(roundUp(N, NR) * kPairs * 4);
    const biasAt = bias ? a.alloc(roundUp(N, NR) * 4) : 0;
    const tmp = a.alloc(TILE_BYTES);
    const c = a.alloc(M * N * 4);
    const buf = a.buffer;
    new Uint8Array(buf, aRaw, M * K).set(A.subarray(0, M * K));
    new Int8Array(buf, bRaw, K * N).set(B.subarray(0, K * N));
    if (bias) new Int32Array(buf, biasAt, N).set(bias.subarray(0, N));
    const w = this.wasm;
    w.packRowsU8Pairs(aRaw, M, K, K, aZero, aPacked);
    w.packColsI8Pairs(bRaw, K, N, N, bPacked);
    w.gemmI32(M, N, K, aPacked, bPacked, c, N, 0, biasAt, tmp);
    finish(c);
  }

  private writeGeometry(g: Conv2dGeometry): number {
    const at = this.arena.alloc(16 * 4);
    new Int32Array(this.arena.buffer, at, 16).set([
      g.batch, g.inC, g.inH, g.inW, g.outC, g.outH, g.outW, g.kH, g.kW,
      g.strideH, g.strideW, g.padTop, g.padLeft, g.dilationH, g.dilationW, g.group,
    ]);
    return at;
  }

  /**
   * Runs a convolution a few images at a time, so each chunk's input is still in cache when the
   * kernel reads it and its output when it is copied back, and wasm memory stays small.
   */
  private convInChunks(kernel: 'conv2d' | 'conv2dInt', g: Conv2dGeometry, ops: FloatConv | IntConv): void {
    const sizes = convSizes(g);
    requireLength(kernel, 'x', ops.x, sizes.x);
    requireLength(kernel, 'w', ops.w, sizes.w);
    requireLength(kernel, kernel === 'conv2d' ? 'y' : 'acc', ops.out, sizes.y);
    if (ops.bias) requireLength(kernel, 'bias', ops.bias, g.outC);
    if (sizes.y === 0) return;
    const int = ops.x instanceof Uint8Array;
    const xBytes = int ? 1 : 4;
    const inPerImage = g.inC * g.inH * g.inW;
    const outPerImage = g.outC * g.outH * g.outW;
    const chunk = Math.max(1, Math.min(g.batch, Math.floor(CHUNK_BYTES / (inPerImage * xBytes + outPerImage * 4))));

    const a = this.arena;
    a.reset();
    const geo = this.writeGeometry({ ...g, batch: chunk });
    const xAt = a.alloc(chunk * inPerImage * xBytes);
    const wAt = a.alloc(sizes.w * xBytes);
    const biasAt = ops.bias ? a.alloc(g.outC * 4) : 0;
    const outAt = a.alloc(chunk * outPerImage * 4);
    const depthwise = isDepthwise(g);
    let run: () => void;
    if (depthwise) {
      const padded = a.alloc(this.wasm.depthwiseBufferBytes(geo));
      run = int
        ? () => this.wasm.depthwiseU8I8(geo, xAt, ops.zero, wAt, biasAt, outAt, padded)
        : () => this.wasm.depthwiseF32(geo, xAt, wAt, biasAt, outAt, padded);
    } else {
      // Integer operands are packed in pairs of k (gemmI32.ts) and padded images hold int16.
      const kPacked = int ? 2 * ((sizes.k + 1) >> 1) : sizes.k;
      const elementBytes = int ? 2 : 4;
      const wPacked = a.alloc(g.group * sizes.mPad * kPacked * elementBytes);
      const xPadded = a.alloc(this.wasm.convPaddedElements(geo) * elementBytes);
      const rowOffsets = a.alloc(sizes.k * 4);
      const panel = a.alloc(kPacked * NR * elementBytes);
      const biasPad = ops.bias ? a.alloc(g.group * sizes.mPad * 4) : 0;
      const tmp = a.alloc(TILE_BYTES);
      // Only convolutions that need im2col use the whole column matrix (1×1 unpadded ones never do).
      // Integer matrices are pair rows of int16 pairs: the same 4 bytes per (row, column) rounded up.
      const colBytes = kPacked * g.outH * g.outW * 4 / (int ? 2 : 1);
      const needsColumns = !(g.kH === 1 && g.kW === 1 && g.padTop === 0 && g.padLeft === 0);
      // A tail panel reads up to NR columns past the matrix's last column (conv.ts): room for them.
      const cols = needsColumns && colBytes <= COLUMNS_BYTES ? a.alloc(colBytes + NR * 4) : 0;
      run = int
        ? () => this.wasm.conv2dU8I8(geo, xAt, ops.zero, wAt, biasAt, outAt, wPacked, xPadded, rowOffsets, panel, biasPad, tmp, cols)
        : () => this.wasm.conv2dF32(geo, xAt, wAt, biasAt, outAt, wPacked, xPadded, rowOffsets, panel, biasPad, tmp, cols);
    }

    // Requantized outputs are written next to the accumulators (bytes) or over them (int32).
    const rq = 'rq' in ops ? ops.rq : undefined;
    const relu = 'relu' in ops && ops.relu === true;
    const grid = 'grid' in ops ? ops.grid : undefined;
    const wideOut = ops.out instanceof Int32Array;
    const rqParams = rq ? this.writeRequant(rq) : 0;
    const finalAt = rq && !wideOut ? a.alloc(chunk * outPerImage) : outAt;

    const buf = a.buffer;
    viewLike(ops.w, buf, wAt, sizes.w).set(ops.w.subarray(0, sizes.w));
    if (ops.bias) viewLike(ops.bias, buf, biasAt, g.outC).set(ops.bias.subarray(0, g.outC));
    const xView = viewLike(ops.x, buf, xAt, chunk * inPerImage);
    const outView = viewLike(ops.out, buf, finalAt, chunk * outPerImage);
    for (let n0 = 0; n0 < g.batch; n0 += chunk) {
      const images = Math.min(chunk, g.batch - n0);
      if (images !== chunk) new Int32Array(buf, geo, 1)[0] = images;
      xView.set(ops.x.subarray(n0 * inPerImage, (n0 + images) * inPerImage));
      run();
      if (rq) this.wasm.requantize(outAt, finalAt, wideOut ? 1 : 0, images, g.outC, g.outH * g.outW, rqParams);
      if (relu) this.wasm.reluF32(outAt, images * outPerImage);
      if (grid) this.wasm.fakeQuantF32(outAt, 0, outAt, images * outPerImage, grid.scale, grid.low, grid.high);
      ops.out.set(outView.subarray(0, images * outPerImage), n0 * outPerImage);
    }
  }
}

/** Operands of a float convolution, or of an integer one on the fast path. */
interface FloatConv {
  readonly x: Float32Array;
  readonly w: Float32Array;
  readonly bias: Float32Array | null;
  readonly out: Float32Array;
  readonly zero: number;
  /** Apply ReLU to each chunk's outputs before they are copied out (`conv2dRelu`). */
  readonly relu?: boolean;
  /** Then fake-quantize them on this grid (`conv2dFakeQuant`). */
  readonly grid?: UniformGrid;
}
interface IntConv {
  readonly x: Uint8Array;
  readonly w: Int8Array;
  readonly bias: Int32Array | null;
  /** Accumulators, or requantized outputs when `rq` is given. */
  readonly out: Int32Array | Uint8Array;
  readonly zero: number;
  readonly rq?: FixedPointRequant;
}

type View = Float32Array | Int32Array | Uint8Array | Int8Array;

/** A view of wasm memory of the same element type as `like`. */
function viewLike<T extends View>(like: T, buffer: ArrayBuffer, at: number, length: number): T {
  return new (like.constructor as new (b: ArrayBuffer, at: number, length: number) => T)(buffer, at, length);
}

interface ConvSizes {
  /** Elements of x, w and y. */
  readonly x: number;
  readonly w: number;
  readonly y: number;
  /** GEMM depth per group, and output rows per group padded to MR. */
  readonly k: number;
  readonly mPad: number;
}

function convSizes(g: Conv2dGeometry): ConvSizes {
  const icPerGroup = g.inC / g.group;
  const k = icPerGroup * g.kH * g.kW;
  return {
    x: g.batch * g.inC * g.inH * g.inW,
    w: g.outC * k,
    y: g.batch * g.outC * g.outH * g.outW,
    k,
    mPad: roundUp(g.outC / g.group, MR),
  };
}

/** What the wasm convolutions assume; other geometries are left to the reference kernels. */
function fitsWasm(g: Conv2dGeometry): boolean {
  const fields = [
    g.batch, g.inC, g.inH, g.inW, g.outC, g.outH, g.outW, g.kH, g.kW,
    g.strideH, g.strideW, g.padTop, g.padLeft, g.dilationH, g.dilationW, g.group,
  ];
  if (!fields.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 31)) return false;
  return (
    g.group >= 1 && g.inC % g.group === 0 && g.outC % g.group === 0 &&
    g.kH >= 1 && g.kW >= 1 && g.strideH >= 1 && g.strideW >= 1 && g.dilationH >= 1 && g.dilationW >= 1
  );
}

function isDepthwise(g: Conv2dGeometry): boolean {
  return g.group === g.inC && g.group === g.outC;
}

function zeroFits(zero: number): boolean {
  return Number.isInteger(zero) && zero >= MIN_ZERO && zero <= MAX_ZERO;
}

/** What the wasm requantization assumes (requant.ts); anything else takes the reference path. */
function requantFits(rq: FixedPointRequant, out: IntActivations): boolean {
  const { zero, lo, hi, offset } = rq;
  if (![zero, lo, hi, offset].every(Number.isInteger)) return false;
  if (Math.abs(zero + offset) >= 2 ** 29 || Math.abs(lo) >= 2 ** 29 || Math.abs(hi) >= 2 ** 29 || Math.abs(offset) >= 2 ** 29) return false;
  if (out instanceof Uint8Array) {
    if (lo + offset < 0 || hi + offset > 255) return false;
  } else if (!(out instanceof Int32Array)) {
    return false;
  }
  const channels = rq.multipliers.length;
  if (rq.shifts.length !== channels || channels === 0) return false;
  for (let c = 0; c < channels; c++) {
    const m = rq.multipliers[c];
    const t = 31 + rq.shifts[c];
    if (m < 0 || t < 1 || t > 62) return false;
  }
  return true;
}

/**
 * The wasm Add shifts (x − zero) left in int32 and rescales with single-rounding multipliers:
 * every byte value must keep |x − zero|·2^leftShift below 2^30.
 */
function qaddFits(p: QAddParams): boolean {
  const ints = [p.aZero, p.bZero, p.leftShift, p.aMultiplier, p.aShift, p.bMultiplier, p.bShift];
  if (!ints.every(Number.isInteger) || p.leftShift < 0 || p.leftShift > 30) return false;
  const reach = (z: number) => Math.max(Math.abs(z), Math.abs(255 - z)) * 2 ** p.leftShift;
  if (reach(p.aZero) >= 2 ** 30 || reach(p.bZero) >= 2 ** 30) return false;
  for (const [m, shift] of [[p.aMultiplier, p.aShift], [p.bMultiplier, p.bShift]]) {
    if (m < 0 || m >= 2 ** 31 || 31 + shift < 1 || 31 + shift > 62) return false;
  }
  return true;
}

function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

function requireLength(kernel: string, name: string, array: { length: number }, needed: number): void {
  if (array.length < needed) {
    throw new InternalError(
      'kernel-operand-size',
      `Kernel ${kernel}: operand ${name} has ${array.length} elements but the geometry needs ${needed}.`,
      { kernel, operand: name, length: array.length, needed },
    );
  }
}
