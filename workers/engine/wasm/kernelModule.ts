/**
 * The exports of dist/kernels.wasm (built from workers/engine/wasm/assembly/ by
 * scripts/build-wasm.mjs): every argument is an int32 or a byte offset into `memory`.
 */
import { InternalError } from '../../../src-shared/errors.js';
import type { WasmInstance, WasmMemory } from './webAssemblyApi.js';

export interface KernelExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  packRowsF32(src: number, M: number, K: number, lda: number, dst: number): void;
  packColsF32(src: number, K: number, N: number, ldb: number, dst: number): void;
  gemmF32(M: number, N: number, K: number, apk: number, bpk: number, c: number, ldc: number, rowBias: number, colBias: number, tmp: number): void;
  packRowsU8Pairs(src: number, M: number, K: number, lda: number, zero: number, dst: number): void;
  packColsI8Pairs(src: number, K: number, N: number, ldb: number, dst: number): void;
  gemmI32(M: number, N: number, K: number, apk: number, bpk: number, c: number, ldc: number, rowBias: number, colBias: number, tmp: number): void;
  convPaddedElements(geo: number): number;
  conv2dF32(
    geo: number, x: number, w: number, bias: number, y: number,
    wpk: number, xpad: number, rowOffsets: number, panel: number, biasPad: number, tmp: number, cols: number,
  ): void;
  conv2dU8I8(
    geo: number, x: number, zero: number, w: number, bias: number, acc: number,
    wpk: number, xpad: number, rowOffsets: number, panel: number, biasPad: number, tmp: number, cols: number,
  ): void;
  reluF32(y: number, n: number): void;
  depthwiseBufferBytes(geo: number): number;
  depthwiseF32(geo: number, x: number, w: number, bias: number, y: number, buf: number): void;
  depthwiseU8I8(geo: number, x: number, zero: number, w: number, bias: number, acc: number, buf: number): void;
  requantize(acc: number, out: number, outWide: number, outer: number, channels: number, inner: number, params: number): void;
  qadd(x: number, y: number, n: number, out: number, outWide: number, params: number): void;
  poolSums(x: number, inWide: number, planes: number, H: number, W: number, OH: number, OW: number, zero: number, pool: number, sums: number): void;
  maxPoolU8(x: number, planes: number, H: number, W: number, OH: number, OW: number, pool: number, out: number): void;
  fakeQuantF32(a: number, b: number, y: number, n: number, scale: number, low: number, high: number): void;
  minMaxF32(x: number, n: number, out: number): void;
}

const FUNCTION_NAMES = [
  'heapBase', 'packRowsF32', 'packColsF32', 'gemmF32', 'packRowsU8Pairs', 'packColsI8Pairs', 'gemmI32',
  'convPaddedElements', 'conv2dF32', 'conv2dU8I8', 'reluF32', 'depthwiseBufferBytes', 'depthwiseF32', 'depthwiseU8I8',
  'requantize', 'qadd', 'poolSums', 'maxPoolU8', 'fakeQuantF32', 'minMaxF32',
] as const;

/** Checks that an instance has every export the kernels call (a stale build would not). */
export function kernelExportsOf(instance: WasmInstance): KernelExports {
  const e = instance.exports;
  const missing = FUNCTION_NAMES.filter((name) => typeof e[name] !== 'function');
  if (!(e.memory && typeof e.memory === 'object') || missing.length > 0) {
    throw new InternalError(
      'wasm-exports',
      `The WebAssembly kernel module lacks ${missing.length ? missing.join(', ') : 'its memory'}; rebuild it with \`node scripts/build-wasm.mjs\`.`,
      { missing },
    );
  }
  return e as unknown as KernelExports;
}
