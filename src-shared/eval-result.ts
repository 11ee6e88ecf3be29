/**
 * What one evaluation of a design point reports: the `eval --json` contract of DESIGN.md, also
 * the metrics record the sweep orchestrator stores. Cost-model fields (energy, latency, coded
 * sizes) stay null with a reason until the cost models exist.
 */

export interface LayerMetrics {
  readonly name: string;
  readonly op: string;
  /** Weights and biases (as `edgefront info` counts them). */
  readonly params: number;
  /** Weight bits (null = float32). */
  readonly bits: number | null;
  readonly quantizer: string | null;
  readonly granularity: string;
  /** Fraction of weights that are exactly zero after pruning and quantization. */
  readonly sparsity: number;
  readonly macs: number;
  /** Stored bytes of this layer's weights, packed densely at `bits` (+ scales, zero-points, bias). */
  readonly codedBytes: number;
  readonly energyJoules: number | null;
}

export interface ActivationMetrics {
  readonly value: string;
  readonly bits: number;
  readonly quantizer: string;
  readonly scale: number;
  readonly zeroPoint: number;
  readonly lo: number;
  readonly hi: number;
}

export interface EvalResult {
  readonly model: string;
  readonly dataset: string;
  /** Fraction correct, 0..1. */
  readonly accuracy: number;
  readonly samples: number;
  readonly correct: number;
  /** Wilson score interval at 95 % for the binomial proportion. */
  readonly accuracyCI95: readonly [number, number];
  readonly seeds: number;
  readonly mode: 'float' | 'fake' | 'integer';
  readonly config: Record<string, unknown>;
  readonly memory: {
    readonly weightBytes: number;
    readonly bitsPerParam: number;
    readonly params: number;
    readonly activationPeakBytes: number;
  };
  readonly energy: { readonly perInferenceJoules: number | null; readonly note?: string };
  readonly latency: { readonly cycles: number | null; readonly note?: string };
  readonly layers: readonly LayerMetrics[];
  readonly activations: readonly ActivationMetrics[];
  readonly foldedBatchNorms: readonly string[];
  readonly floatFallbacks: readonly string[];
  readonly calibration: { readonly source: string; readonly samples: number; readonly method: string } | null;
  readonly timing: { readonly seconds: number; readonly imagesPerSecond: number; readonly workers: number };
}

/**
 * Wilson score interval (Wilson 1927; Brown, Cai & DasGupta, Statistical Science 2001) — better
 * behaved than the normal approximation near 0 and 1 and for small samples.
 */
export function wilsonInterval(correct: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [0, 1];
  const p = correct / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
