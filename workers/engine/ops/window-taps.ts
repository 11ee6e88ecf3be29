/**
 * Walks sliding windows over N-d spatial data for the general (any rank, any dtype) paths of
 * Conv, ConvInteger and the pools. For each output position it lists the window's taps that fall
 * inside the input (flat spatial offset and tap number), plus how many taps fall inside the
 * padded input (AveragePool's count_include_pad divisor).
 */
import { sizeOf, stridesOf } from '../tensor.js';
import type { WindowGeometry } from './window-geometry.js';

export class WindowTaps {
  readonly rank: number;
  readonly inPlane: number;
  readonly outPlane: number;
  readonly tapCount: number;
  /** Spatial flat offsets of the taps inside the input for the current position. */
  readonly offsets: Int32Array;
  /** Kernel tap number (row-major over the kernel) of each entry of `offsets`. */
  readonly taps: Int32Array;
  /** Number of valid entries in `offsets` / `taps`. */
  count = 0;
  /** Taps inside the padded input [−padBegin, in + padEnd) for the current position. */
  paddedCount = 0;
  /** Spatial coordinates of each valid tap, rank entries each (for column-major indices). */
  readonly coords: Int32Array;

  private readonly g: WindowGeometry;
  private readonly inStrides: number[];
  private readonly outStrides: number[];
  private readonly tapOffsets: Int32Array;
  private readonly start: Int32Array;

  constructor(g: WindowGeometry) {
    this.g = g;
    this.rank = g.inSize.length;
    this.inPlane = sizeOf(g.inSize);
    this.outPlane = sizeOf(g.outSize);
    this.tapCount = sizeOf(g.kernel);
    this.offsets = new Int32Array(this.tapCount);
    this.taps = new Int32Array(this.tapCount);
    this.coords = new Int32Array(this.tapCount * this.rank);
    this.inStrides = stridesOf(g.inSize);
    this.outStrides = stridesOf(g.outSize);
    this.start = new Int32Array(this.rank);
    // Per tap and dimension, the offset k·dilation from the window start.
    this.tapOffsets = new Int32Array(this.tapCount * this.rank);
    const kStrides = stridesOf(g.kernel);
    for (let t = 0; t < this.tapCount; t++) {
      for (let i = 0; i < this.rank; i++) {
        const k = Math.floor(t / kStrides[i]) % g.kernel[i];
        this.tapOffsets[t * this.rank + i] = k * g.dilations[i];
      }
    }
  }

  /** Fills `offsets`, `taps`, `count` and `paddedCount` for output spatial position `o` (flat). */
  at(o: number): void {
    const { rank, g } = this;
    for (let i = 0; i < rank; i++) {
      const oi = Math.floor(o / this.outStrides[i]) % g.outSize[i];
      this.start[i] = oi * g.strides[i] - g.padsBegin[i];
    }
    let count = 0;
    let padded = 0;
    for (let t = 0; t < this.tapCount; t++) {
      let inside = true;
      let insidePadded = true;
      let offset = 0;
      for (let i = 0; i < rank; i++) {
        const c = this.start[i] + this.tapOffsets[t * rank + i];
        if (c < 0 || c >= g.inSize[i]) inside = false;
        if (c < -g.padsBegin[i] || c >= g.inSize[i] + g.padsEnd[i]) insidePadded = false;
        offset += c * this.inStrides[i];
      }
      if (insidePadded) padded++;
      if (!inside) continue;
      for (let i = 0; i < rank; i++) this.coords[count * rank + i] = this.start[i] + this.tapOffsets[t * rank + i];
      this.offsets[count] = offset;
      this.taps[count] = t;
      count++;
    }
    this.count = count;
    this.paddedCount = padded;
  }
}
