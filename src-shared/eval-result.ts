/**
 * What one evaluation of a design point reports: the `eval --json` contract of DESIGN.md, also
 * the metrics record the sweep orchestrator stores. Memory, energy and latency come from the cost
 * models (docs/cost-models.md) on the target's hardware profile; accuracy under SRAM faults is
 * the mean over Monte-Carlo seeds (docs/faults.md).
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
  /** Stored bytes of this layer's weights in the target's format (+ scales, zero-points, bias). */
  readonly codedBytes: number;
  readonly storageFormat: 'dense' | 'csr' | 'relative' | 'huffman' | 'rans';
  /** Bytes in every format (metadata included); coded sizes are real encoded streams, null for float weights. */
  readonly storage: {
    readonly dense: number;
    readonly csr: number;
    readonly relative: number;
    readonly huffman: number | null;
    readonly rans: number | null;
  };
  /** Order-0 Shannon entropy of the stored codes (null for float weights): the bound the coders are measured against. */
  readonly entropyBitsPerParam: number | null;
  /** Coded stream bits per weight, tables and header included (metadata excluded). */
  readonly codedBitsPerParam: { readonly huffman: number | null; readonly rans: number | null };
  readonly energyJoules: number | null;
  readonly latencyCycles: number | null;
  readonly bound: 'compute' | 'memory' | null;
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
  /** The sweep's early stop ended the evaluation after `samples` of the test set (docs/sweeps.md). */
  readonly earlyStopped: boolean;
  readonly correct: number;
  /** Wilson score interval at 95 % for the binomial proportion. */
  readonly accuracyCI95: readonly [number, number];
  readonly seeds: number;
  readonly mode: 'float' | 'fake' | 'integer';
  readonly config: Record<string, unknown>;
  readonly hardware: {
    readonly profile: string;
    /** SRAM supply in volts (null: the profile has no voltage model). */
    readonly vdd: number | null;
    readonly vnom: number | null;
    readonly vmin: number | null;
    /** Bit-error rate of the voltage-scaled SRAM at vdd. */
    readonly ber: number;
    readonly berExtrapolated: boolean;
    readonly weightsOnScaledRail: boolean;
    readonly coding: 'none' | 'huffman' | 'rans';
    readonly storage: string;
    readonly protectMsb: number;
    readonly warnings: readonly string[];
  };
  readonly memory: {
    readonly weightBytes: number;
    readonly bitsPerParam: number;
    readonly params: number;
    readonly activationPeakBytes: number;
    /** Activation peak plus the runtime's arena overheads where the profile declares them. */
    readonly activationBytes: number;
    readonly protectionBytes: number;
    readonly decoderTableBytes: number;
    readonly weightsLevel: string;
    readonly activationsLevel: string;
    readonly fits: { readonly weights: boolean; readonly activations: boolean };
  };
  readonly energy: {
    readonly perInferenceJoules: number;
    readonly computeJoules: number;
    readonly memoryJoules: Readonly<Record<string, number>>;
    readonly decoderJoules: number;
    readonly leakageJoules: number;
  };
  readonly latency: { readonly cycles: number; readonly seconds: number };
  /** Every fused group's energy and cycles (weightless groups such as Add and pooling included). */
  readonly groups: readonly { name: string; op: string; energyJoules: number; cycles: number; bound: 'compute' | 'memory' }[];
  /** Accuracy under weight-memory faults; null when the voltage causes no bit errors. */
  readonly faults: {
    readonly ber: number;
    readonly mode: 'flip' | 'stuck-at';
    /** persistent: one draw per seed (a chip); transient: a fresh draw per block of inferences. */
    readonly persistence: 'persistent' | 'transient';
    readonly protectMsb: number;
    readonly seeds: number;
    readonly accuracies: readonly number[];
    readonly mean: number;
    /** Sample standard deviation across seeds; null for one seed. */
    readonly std: number | null;
    /** 95 % interval of the mean over seeds (Student t); null for one seed. */
    readonly ci95: readonly [number, number] | null;
    /** Faulty bits and changed weights per fault draw (per chip, or per transient block). */
    readonly meanFaultyBits: number;
    readonly meanChangedWeights: number;
  } | null;
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
