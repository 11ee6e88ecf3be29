/**
 * The hot numeric kernels behind Conv, Gemm and MatMul, in float and in exact integer arithmetic.
 *
 * Two implementations exist: `reference.ts` (plain, readable TypeScript — the specification) and
 * `wasm.ts` (WebAssembly SIMD compiled from AssemblyScript, `workers/engine/wasm/assembly/`), which
 * must give the same results (float: within rounding of a different summation order; integer:
 * bit-exact). Ops call `getKernels()` and never care which one they got.
 *
 * Layouts are row-major; images are NCHW; conv weights are [outC, inC/group, kH, kW].
 */

export interface Conv2dGeometry {
  readonly batch: number;
  readonly inC: number;
  readonly inH: number;
  readonly inW: number;
  readonly outC: number;
  readonly outH: number;
  readonly outW: number;
  readonly kH: number;
  readonly kW: number;
  readonly strideH: number;
  readonly strideW: number;
  /** Padding before the first row / column (padding after is implied by outH/outW). */
  readonly padTop: number;
  readonly padLeft: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly group: number;
}

/** Integer activation codes: uint8 when the activation grid fits 8 bits, int32 otherwise. */
export type IntActivations = Uint8Array | Int32Array;
/** Integer weight values (not storage codes): int8 when they fit, int32 otherwise. */
export type IntWeights = Int8Array | Int32Array;

export interface Kernels {
  readonly name: 'reference' | 'wasm-simd';

  /**
   * C[M×N] = A[M×K] · B[K×N] (+ bias). `bias` has N entries (added to each row) when
   * `biasPerRow` is false, M entries (added to each column) when true.
   */
  sgemm(
    M: number,
    N: number,
    K: number,
    A: Float32Array,
    B: Float32Array,
    C: Float32Array,
    bias?: Float32Array | null,
    biasPerRow?: boolean,
  ): void;

  /** y = conv2d(x, w) + bias[outC], float32, NCHW, zero padding. */
  conv2d(g: Conv2dGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void;

  /**
   * acc = Σ w · (x − xZero) + bias, exact in int32 (wrapping). Padding positions contribute 0
   * (they hold the real value 0, i.e. code xZero). Output layout NCHW like `conv2d`.
   */
  conv2dInt(
    g: Conv2dGeometry,
    x: IntActivations,
    xZero: number,
    w: IntWeights,
    bias: Int32Array | null,
    acc: Int32Array,
  ): void;

  /**
   * acc[M×N] = (A[M×K] − aZero) · B[K×N] + bias[N], exact in int32. A holds activation codes
   * (batch rows), B holds weight values (already transposed to K×N).
   */
  igemm(
    M: number,
    N: number,
    K: number,
    A: IntActivations,
    aZero: number,
    B: IntWeights,
    bias: Int32Array | null,
    acc: Int32Array,
  ): void;
}
