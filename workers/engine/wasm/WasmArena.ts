/**
 * A bump allocator over the kernels' linear memory. Every kernel call resets it, allocates what
 * it needs and grows the memory to fit, so nothing survives a call and nothing leaks; the memory
 * only ever grows to the largest call seen (wasm memories cannot shrink).
 */
import { WASM_PAGE_BYTES, type WasmMemory } from './webAssemblyApi.js';

/**
 * Every allocation gets this much slack: vector kernels may read or write up to one v128 past the
 * data they own (see depthwise.ts), and 16-byte alignment keeps the vector accesses aligned.
 */
const SLACK_BYTES = 16;

export class WasmArena {
  private top: number;

  constructor(
    private readonly memory: WasmMemory,
    private readonly base: number,
  ) {
    this.top = alignUp(base);
  }

  reset(): void {
    this.top = alignUp(this.base);
  }

  /** Byte offset of a fresh block of `bytes` (contents undefined); grows the memory if needed. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = alignUp(at + bytes + SLACK_BYTES);
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / WASM_PAGE_BYTES));
    return at;
  }

  /** The current memory (re-read after any alloc: growing detaches the old buffer). */
  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }
}

function alignUp(n: number): number {
  return (n + 15) & ~15;
}
