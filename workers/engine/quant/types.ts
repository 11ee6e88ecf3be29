/**
 * The quantizer contract. One quantizer family per file under `quant/quantizers/`, registered in
 * `quant/quantizers/registry.ts`.
 *
 * A fitted quantizer is a `QuantParams`: an ordered set of integer *levels* (what integer
 * arithmetic multiplies), a real scale and an integer zero-point per channel, and the decision
 * rule that maps a real number to a level. Real value of storage code c in channel k:
 *
 *     real = scale[k] · (levels[c] − zeroPoint[k])
 *
 * Storage codes are 0 … levels.length−1 (what sits in memory: `bits` bits each). For uniform
 * quantizers levels are consecutive integers; power-of-two, ternary and binary quantizers have
 * sparse levels; HEQ keeps uniform levels but moves the decision thresholds so every level is
 * used about equally often.
 */

export type QuantizerKind = 'symmetric' | 'asymmetric' | 'heq' | 'pow2' | 'ternary' | 'binary';
export const QUANTIZER_KINDS: readonly QuantizerKind[] = ['symmetric', 'asymmetric', 'heq', 'pow2', 'ternary', 'binary'];

export type Granularity = 'channel' | 'tensor';

/** What is being quantized: weights (signed, narrow range by default) or activations. */
export type QuantRole = 'weight' | 'activation';

export interface QuantParams {
  readonly kind: QuantizerKind;
  /** Storage bits per value (ternary: 2, binary: 1, whatever was asked). */
  readonly bits: number;
  /** Number of channels the scale/zero-point vary over (1 = per tensor). */
  readonly channels: number;
  /** One per channel. Always > 0. */
  readonly scale: Float64Array;
  /** Integer level that represents real 0, one per channel. */
  readonly zeroPoint: Int32Array;
  /** Ascending integer level of each storage code; the same for every channel. */
  readonly levels: Int32Array;
  /**
   * Non-uniform decision rule (HEQ): per channel, levels.length−1 ascending real thresholds; a
   * real x gets code c = number of thresholds ≤ x. null: round to the nearest level, ties to the
   * even level (IEEE round-half-to-even, as TFLite and PyTorch do).
   */
  readonly thresholds: readonly Float64Array[] | null;
}

export interface FitOptions {
  readonly bits: number;
  readonly role: QuantRole;
  /**
   * Channels of `data`: data is laid out as [channels, perChannel] (the output-channel axis
   * first, as in Conv weights [outC, inC, kH, kW]). 1 = per-tensor.
   */
  readonly channels: number;
  /**
   * Calibrated clipping range per channel (activations): used instead of the data's min/max.
   * The data is still used by data-driven rules (HEQ quantiles).
   */
  readonly range?: { readonly lo: Float64Array; readonly hi: Float64Array };
  /** Weights: narrow range [−(2^(b−1)−1), 2^(b−1)−1] (default true), else [−2^(b−1), 2^(b−1)−1]. */
  readonly narrowRange?: boolean;
}

export interface Quantizer {
  readonly kind: QuantizerKind;
  /** Bit-widths this family accepts (e.g. binary: only 1). */
  readonly minBits: number;
  readonly maxBits: number;
  /** Fits the quantizer to data (weights) or a calibration sample (activations). */
  fit(data: Float32Array, options: FitOptions): QuantParams;
}
