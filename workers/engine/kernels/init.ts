/**
 * Loads the WebAssembly SIMD kernels (dist/kernels.wasm) and makes them the active kernels. Where
 * the module is missing or the host lacks WebAssembly SIMD, the reference kernels stay active and
 * one line on stderr says why: results are the same, only slower.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../../../src-shared/errors.js';
import { kernelExportsOf } from '../wasm/kernelModule.js';
import { webAssembly, type WasmModule } from '../wasm/webAssemblyApi.js';
import { referenceKernels, setKernels } from './index.js';
import type { Kernels } from './types.js';
import { WasmKernels } from './wasm.js';

// Where the module sits relative to this code: next to a bundle in dist/ (worker.js), one level
// up from dist/bench/, or in dist/ of the checkout when running from source (tests).
const CANDIDATES = ['./kernels.wasm', '../kernels.wasm', '../../../dist/kernels.wasm'];

/** Path of dist/kernels.wasm as seen from this module, or undefined if it is not built. */
export function findKernelsWasm(): string | undefined {
  for (const rel of CANDIDATES) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Compiles and activates the wasm kernels; falls back to the reference kernels with a warning. */
export async function initKernels(wasmPath = findKernelsWasm()): Promise<Kernels> {
  const api = webAssembly();
  const problem = unavailability(wasmPath);
  if (problem || !api || !wasmPath) return fallBack(problem ?? 'WebAssembly is unavailable');
  let module: WasmModule;
  try {
    module = await api.compile(readFileSync(wasmPath));
  } catch (err) {
    return fallBack(`${wasmPath} did not compile (${(err as Error).message})`);
  }
  return activate(module);
}

/** Synchronous variant for worker start-up, where awaiting is awkward. */
export function initKernelsSync(wasmPath = findKernelsWasm()): Kernels {
  const api = webAssembly();
  const problem = unavailability(wasmPath);
  if (problem || !api || !wasmPath) return fallBack(problem ?? 'WebAssembly is unavailable');
  let module: WasmModule;
  try {
    module = new api.Module(readFileSync(wasmPath));
  } catch (err) {
    return fallBack(`${wasmPath} did not compile (${(err as Error).message})`);
  }
  return activate(module);
}

/**
 * For tests and benchmarks: the wasm kernels from `wasmPath`, without activating them. Throws
 * where `initKernelsSync` would fall back.
 */
export function loadWasmKernelsSync(wasmPath: string): WasmKernels {
  const api = webAssembly();
  if (!api) throw new InternalError('wasm-unavailable', 'WebAssembly is unavailable in this JavaScript host.');
  return instantiate(new api.Module(readFileSync(wasmPath)));
}

function instantiate(module: WasmModule): WasmKernels {
  const api = webAssembly()!;
  return new WasmKernels(kernelExportsOf(new api.Instance(module, {})));
}

function activate(module: WasmModule): Kernels {
  const kernels = instantiate(module);
  setKernels(kernels);
  return kernels;
}

function unavailability(wasmPath: string | undefined): string | undefined {
  const api = webAssembly();
  if (!api) return 'WebAssembly is unavailable';
  if (!api.validate(SIMD_PROBE)) return 'WebAssembly SIMD is unavailable';
  if (!wasmPath) return 'dist/kernels.wasm is not built (run `node scripts/build-wasm.mjs`)';
  return undefined;
}

function fallBack(reason: string): Kernels {
  process.stderr.write(`edgefront: ${reason}; using the slower reference kernels.\n`);
  setKernels(referenceKernels);
  return referenceKernels;
}

/** A minimal module whose one function returns `i32x4.splat(0)`: valid only with SIMD. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x11, 0x0b, // code: i32.const 0; i32x4.splat
]);
