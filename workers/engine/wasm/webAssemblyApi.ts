/**
 * The slice of the WebAssembly JavaScript API the kernels use. TypeScript declares
 * `WebAssembly` only in the DOM library, which the worker layer must not include, so this module
 * types the global locally instead of declaring it for the whole program.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

export interface WasmModule {
  readonly __brand?: 'WebAssembly.Module';
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WebAssemblyNamespace {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
}

/** The host's WebAssembly namespace, or undefined where there is none. */
export function webAssembly(): WebAssemblyNamespace | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyNamespace }).WebAssembly;
}

export const WASM_PAGE_BYTES = 65536;
