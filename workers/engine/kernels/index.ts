/**
 * Which kernel implementation the ops use. The WebAssembly SIMD kernels replace the reference
 * ones once `initKernels()` has loaded them (workers call it at start-up); until then, or when
 * WebAssembly SIMD is unavailable, the reference kernels serve.
 */
import { referenceKernels } from './reference.js';
import type { Kernels } from './types.js';

let active: Kernels = referenceKernels;

export function getKernels(): Kernels {
  return active;
}

/** For tests and benchmarks: force an implementation. */
export function setKernels(k: Kernels): void {
  active = k;
}

export { referenceKernels };
export type { Kernels };
