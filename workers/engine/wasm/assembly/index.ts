/**
 * EdgeFront's WebAssembly SIMD kernels (entry point for `scripts/build-wasm.mjs`). Every export
 * works on byte offsets into the one linear memory; the JavaScript side (workers/engine/kernels/
 * wasm.ts) allocates all buffers, so nothing here allocates and the runtime is `stub`.
 */
export { packRowsF32, packColsF32, gemmF32 } from './gemmF32';
export { packRowsU8Pairs, packColsI8Pairs, gemmI32 } from './gemmI32';
export { conv2dF32, conv2dU8I8, convPaddedElements, reluF32 } from './conv';
export { depthwiseBufferBytes, depthwiseF32, depthwiseU8I8 } from './depthwise';
export { requantize, qadd, poolSums, maxPoolU8 } from './requant';
export { fakeQuantF32 } from './fakeQuant';

/** First byte after static data: where the JavaScript allocator may start. */
export function heapBase(): usize {
  return __heap_base;
}
export { minMaxF32 } from './minMax';
