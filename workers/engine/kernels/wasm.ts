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
 */
import { InternalError } from '../../../src-shared/errors.js';
import { WasmArena } from '../wasm/WasmArena.js';
import type { KernelExports } from '../wasm/kernelModule.js';
import { referenceKernels } from './reference.js';
import type { Conv2dGeometry, IntActivations, IntWeights, Kernels } from './types.js';

const MR = 4; // rows per packed A panel (gemmF32.ts)
const NR = 8; // columns per packed B panel
const TILE_BYTES = MR * NR * 4;
// Input plus output bytes per convolution chunk: well inside a typical 1–2 MiB L2 cache.
const CHUNK_BYTES = 512 * 1024;
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

  conv2dInt(g: Conv2dGeometry, x: IntActivations, xZero: number, w: IntWeights, bias: Int32Array | null, acc: Int32Array): void {
    if (!(x instanceof Uint8Array) || !(w instanceof Int8Array) || !zeroFits(xZero) || !fitsWasm(g)) {
      referenceKernels.conv2dInt(g, x, xZero, w, bias, acc);
      return;
    }
    this.convInChunks('conv2dInt', g, { x, w, bias, out: acc, zero: xZero });
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
    requireLength('igemm', 'A', A, M * K);
    requireLength('igemm', 'B', B, K * N);
    requireLength('igemm', 'acc', acc, M * N);
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
    acc.set(new Int32Array(buf, c, M * N));
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
      run = int
        ? () => this.wasm.conv2dU8I8(geo, xAt, ops.zero, wAt, biasAt, outAt, wPacked, xPadded, rowOffsets, panel, biasPad, tmp)
        : () => this.wasm.conv2dF32(geo, xAt, wAt, biasAt, outAt, wPacked, xPadded, rowOffsets, panel, biasPad, tmp);
    }

    const buf = a.buffer;
    viewLike(ops.w, buf, wAt, sizes.w).set(ops.w.subarray(0, sizes.w));
    if (ops.bias) viewLike(ops.bias, buf, biasAt, g.outC).set(ops.bias.subarray(0, g.outC));
    const xView = viewLike(ops.x, buf, xAt, chunk * inPerImage);
    const outView = viewLike(ops.out, buf, outAt, chunk * outPerImage);
    for (let n0 = 0; n0 < g.batch; n0 += chunk) {
      const images = Math.min(chunk, g.batch - n0);
      if (images !== chunk) new Int32Array(buf, geo, 1)[0] = images;
      xView.set(ops.x.subarray(n0 * inPerImage, (n0 + images) * inPerImage));
      run();
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
}
interface IntConv {
  readonly x: Uint8Array;
  readonly w: Int8Array;
  readonly bias: Int32Array | null;
  readonly out: Int32Array;
  readonly zero: number;
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
