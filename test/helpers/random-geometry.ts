/** Seeded random numbers and random 2-D convolution geometries for kernel property tests. */
import type { Conv2dGeometry } from '../../workers/engine/kernels/types.js';

/** mulberry32: small, fast, good enough for test inputs, identical on every machine. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [lo, hi]. */
export const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

export interface GeometryLimits {
  readonly maxChannels: number;
  readonly maxKernel: number;
  readonly maxStride: number;
  readonly maxPad: number;
  readonly maxDilation: number;
  readonly maxHeight: number;
  /** Widths are drawn up to one of these (chosen at random), e.g. to reach wide vector paths. */
  readonly maxWidths: readonly number[];
}

/** Dense, grouped, depthwise or pointwise convolutions with random sizes, strides and padding. */
export function randomGeometry(r: () => number, limits: GeometryLimits): Conv2dGeometry {
  const kind = int(r, 0, 3); // 0 dense, 1 grouped, 2 depthwise, 3 pointwise
  let inC: number, outC: number, group: number;
  if (kind === 2) {
    inC = outC = group = int(r, 1, limits.maxChannels);
  } else {
    group = kind === 1 ? int(r, 2, 4) : 1;
    inC = group * int(r, 1, Math.floor(limits.maxChannels / group));
    outC = group * int(r, 1, Math.floor(limits.maxChannels / group));
  }
  const pointwise = kind === 3;
  const kH = pointwise ? 1 : int(r, 1, limits.maxKernel);
  const kW = pointwise ? 1 : int(r, 1, limits.maxKernel);
  const strideH = pointwise ? 1 : int(r, 1, limits.maxStride);
  const strideW = pointwise ? 1 : int(r, 1, limits.maxStride);
  const dilationH = pointwise ? 1 : int(r, 1, limits.maxDilation);
  const dilationW = pointwise ? 1 : int(r, 1, limits.maxDilation);
  const p = limits.maxPad;
  const pads = pointwise ? [0, 0, 0, 0] : [int(r, 0, p), int(r, 0, p), int(r, 0, p), int(r, 0, p)];
  const spanH = (kH - 1) * dilationH + 1;
  const spanW = (kW - 1) * dilationW + 1;
  const maxW = limits.maxWidths[int(r, 0, limits.maxWidths.length - 1)];
  const inH = Math.max(int(r, 1, limits.maxHeight), spanH - pads[0] - pads[2]);
  const inW = Math.max(int(r, 1, maxW), spanW - pads[1] - pads[3]);
  return {
    batch: int(r, 1, 3),
    inC,
    inH,
    inW,
    outC,
    outH: Math.floor((inH + pads[0] + pads[2] - spanH) / strideH) + 1,
    outW: Math.floor((inW + pads[1] + pads[3] - spanW) / strideW) + 1,
    kH,
    kW,
    strideH,
    strideW,
    padTop: pads[0],
    padLeft: pads[1],
    dilationH,
    dilationW,
    group,
  };
}
