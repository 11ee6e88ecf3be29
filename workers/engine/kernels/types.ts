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

/**
 * Fixed-point requantization with single rounding (TFLite's TFLITE_SINGLE_ROUNDING form,
 * `multiplyByQuantizedMultiplierSingleRounding` in quant/fixed-point.ts), per output channel:
 *
 *   level  = clamp(zero + round(acc · multiplier / 2^(31 + shift)) (ties up), lo, hi)
 *   stored = level + offset
 *
 * `31 + shift` must lie in 1…62 (every multiplier `quantizeMultiplier` produces).
 */
export interface FixedPointRequant {
  readonly multipliers: Int32Array;
  readonly shifts: Int32Array;
  /** Level of real 0 (the grid's zero-point, before the storage offset). */
  readonly zero: number;
  /** Level clamp (grid range narrowed by a fused ReLU/Clip). */
  readonly lo: number;
  readonly hi: number;
  /** Stored value = level + offset (see integer/int-grid.ts). */
  readonly offset: number;
}

/**
 * TFLite's reference quantized Add (integer/ops/qadd.ts): each input's (x − zero)·2^leftShift
 * rescaled to a common scale by a single-rounding multiply, summed in wrapping int32, then
 * requantized with `out` (one channel).
 */
export interface QAddParams {
  readonly aZero: number;
  readonly bZero: number;
  readonly leftShift: number;
  readonly aMultiplier: number;
  readonly aShift: number;
  readonly bMultiplier: number;
  readonly bShift: number;
  readonly out: FixedPointRequant;
}

/** A 2-D pooling window over NCHW planes (no dilation). */
export interface PoolGeometry {
  readonly kH: number;
  readonly kW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/**
 * A uniform per-tensor activation grid for fake quantization (quant/quantize.ts, `uniformGridOf`):
 * y = scale · clamp(roundHalfEven(x / scale), low, high) in float64, NaN → 0, stored as float32.
 */
export interface UniformGrid {
  readonly scale: number;
  /** Integer level bounds relative to the zero-point. */
  readonly low: number;
  readonly high: number;
}

/** What the activation range scan finds (`minMax`). */
export interface ValueRange {
  /** Smallest and largest non-NaN value; +Infinity and −Infinity when there is none. */
  readonly min: number;
  readonly max: number;
  readonly nans: number;
}

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
   * `conv2d` followed by ReLU (`v < 0 ? 0 : v` per element, bit for bit: −0 and NaN unchanged), in
   * one call: the ReLU runs on each chunk of outputs while it is still in cache. Optional; callers
   * without it run `conv2d` and a separate Relu.
   */
  conv2dRelu?(g: Conv2dGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void;

  /**
   * `conv2d` (then ReLU when `relu` is set) then fake quantization of the outputs on `grid`, in
   * one call, bit-identical to the three steps: each chunk is quantized while still in cache.
   */
  conv2dFakeQuant?(
    g: Conv2dGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, relu: boolean, grid: UniformGrid,
  ): void;

  /** Fake quantization of the first `x.length` values on `grid` into `y` (which may be `x`). */
  fakeQuantUniform?(x: Float32Array, grid: UniformGrid, y: Float32Array): void;

  /** The range of `x` for activation calibration (a zero extreme may come back as +0 or −0). */
  minMax?(x: Float32Array): ValueRange;

  /**
   * y = fake quantization on `grid` of the float32 sums a + b, element by element over `a.length`
   * (same-shape Add; y may be a or b). Bit-identical to Add then `fakeQuantUniform`.
   */
  addFakeQuant?(a: Float32Array, b: Float32Array, grid: UniformGrid, y: Float32Array): void;

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

  /**
   * Requantizes accumulators laid out [outer, channels, inner] (NCHW: inner = H·W; Gemm rows:
   * inner = 1) into stored values (see FixedPointRequant). `out` may be `acc`.
   */
  requantize?(acc: Int32Array, out: IntActivations, channels: number, inner: number, rq: FixedPointRequant): void;

  /** `conv2dInt` followed by `requantize` (channels = outC, inner = outH·outW), in one call. */
  conv2dIntRequant?(
    g: Conv2dGeometry,
    x: IntActivations,
    xZero: number,
    w: IntWeights,
    bias: Int32Array | null,
    rq: FixedPointRequant,
    out: IntActivations,
  ): void;

  /** `igemm` followed by `requantize` (channels = N, inner = 1), in one call. */
  igemmRequant?(
    M: number,
    N: number,
    K: number,
    A: IntActivations,
    aZero: number,
    B: IntWeights,
    bias: Int32Array | null,
    rq: FixedPointRequant,
    out: IntActivations,
  ): void;

  /** Quantized Add of the first `n` elements of x and y (see QAddParams). */
  qadd?(n: number, x: IntActivations, y: IntActivations, p: QAddParams, out: IntActivations): void;

  /**
   * Exact int32 window sums of (x − xZero) for average pooling, one per output of `planes` planes
   * of H×W inputs and OH×OW outputs; taps outside the image are skipped.
   */
  poolSums?(
    planes: number,
    H: number,
    W: number,
    OH: number,
    OW: number,
    pool: PoolGeometry,
    x: IntActivations,
    xZero: number,
    sums: Int32Array,
  ): void;

  /**
   * Max pooling of stored levels over `planes` planes of H×W (the largest stored value is the
   * largest level); taps outside the image are skipped, as ONNX MaxPool pads with −∞.
   */
  maxPoolInt?(
    planes: number,
    H: number,
    W: number,
    OH: number,
    OW: number,
    pool: PoolGeometry,
    x: IntActivations,
    out: IntActivations,
  ): void;
}
