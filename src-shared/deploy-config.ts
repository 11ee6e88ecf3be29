/**
 * How a model is deployed for one evaluation: quantization, pruning, execution mode. This is the
 * "design point" the CLI's `eval`/`run` flags describe and the project file's design space expands
 * into. Validated at every entry (CLI flags, project files, IPC) with `deployConfigSchema`.
 */
import { z } from 'zod';

export const QUANTIZERS = ['symmetric', 'asymmetric', 'heq', 'pow2', 'ternary', 'binary'] as const;
export const GRANULARITIES = ['channel', 'tensor'] as const;
export const CALIB_METHODS = ['minmax', 'percentile', 'mse'] as const;
export const PRUNE_KINDS = ['unstructured', 'filter'] as const;
export const EXEC_MODES = ['fake', 'integer'] as const;
/** nearest: round half to even (the default); truncate: drop the fraction of the stored code, as a plain float→int cast does. */
export const WEIGHT_ROUNDINGS = ['nearest', 'truncate'] as const;

const bits = z.number().int().min(1).max(16);

/** Settings that may differ per layer (a Conv/Gemm/MatMul node, by name). */
export const layerOverrideSchema = z
  .object({
    weightBits: bits.nullable(),
    activationBits: bits.nullable(),
    weightQuantizer: z.enum(QUANTIZERS),
    activationQuantizer: z.enum(QUANTIZERS),
    granularity: z.enum(GRANULARITIES),
    pruneRatio: z.number().min(0).max(1),
    pruneKind: z.enum(PRUNE_KINDS),
    narrowRange: z.boolean(),
    calibMethod: z.enum(CALIB_METHODS),
    calibPercentile: z.number().gt(50).max(100),
    weightClip: z.number().gt(0).max(1),
    weightRounding: z.enum(WEIGHT_ROUNDINGS),
  })
  .partial()
  .strict();

export const deployConfigSchema = z
  .object({
    /** null = weights stay float. */
    weightBits: bits.nullable().default(null),
    /** null = activations stay float. */
    activationBits: bits.nullable().default(null),
    weightQuantizer: z.enum(QUANTIZERS).default('symmetric'),
    activationQuantizer: z.enum(QUANTIZERS).default('asymmetric'),
    granularity: z.enum(GRANULARITIES).default('channel'),
    /** Weights in narrow range [−(2^(b−1)−1), 2^(b−1)−1] (TFLite convention). */
    narrowRange: z.boolean().default(true),
    calibMethod: z.enum(CALIB_METHODS).default('minmax'),
    /** Percentile for `calibMethod: 'percentile'` (upper tail; the lower tail is symmetric). */
    calibPercentile: z.number().gt(50).max(100).default(99.99),
    /**
     * Weight clipping: each quantization group's weights are clamped to this fraction of their
     * range before the quantizer is fitted (1 = no clipping). A smaller range means a finer step and
     * smaller damage per bit flip (Stutz et al., MLSys 2021, clip during training at w_max; here
     * post-training, relative to each group's own range).
     */
    weightClip: z.number().gt(0).max(1).default(1),
    weightRounding: z.enum(WEIGHT_ROUNDINGS).default('nearest'),
    pruneRatio: z.number().min(0).max(1).default(0),
    pruneKind: z.enum(PRUNE_KINDS).default('unstructured'),
    /** Unstructured pruning threshold over all layers together (default) or per layer. */
    pruneScope: z.enum(['global', 'layer']).default('global'),
    foldBatchNorm: z.boolean().default(true),
    /** fake: dequantized floats; integer: integer codes, exact accumulation, fixed-point requantization. */
    mode: z.enum(EXEC_MODES).default('fake'),
    /** Integer mode: accumulator width in bits and what happens when a partial sum leaves it. */
    accumulatorBits: z.number().int().min(8).max(32).default(32),
    accumulatorOverflow: z.enum(['wrap', 'saturate']).default('wrap'),
    /**
     * Integer mode: fixed-point requantization rounds once (TFLite's single-rounding form, the
     * default) or twice (gemmlowp's SaturatingRoundingDoublingHighMul + RoundingDivideByPOT).
     */
    requantRounding: z.enum(['single', 'double']).default('single'),
    /** Per-layer overrides, by node name. */
    layers: z.record(z.string(), layerOverrideSchema).default({}),
  })
  .strict();

export type DeployConfig = z.infer<typeof deployConfigSchema>;
export type DeployConfigInput = z.input<typeof deployConfigSchema>;
export type LayerOverride = z.infer<typeof layerOverrideSchema>;

/** The settings in force for one layer after applying its override. */
export interface LayerSettings {
  readonly weightBits: number | null;
  readonly activationBits: number | null;
  readonly weightQuantizer: (typeof QUANTIZERS)[number];
  readonly activationQuantizer: (typeof QUANTIZERS)[number];
  readonly granularity: (typeof GRANULARITIES)[number];
  readonly pruneRatio: number;
  readonly pruneKind: (typeof PRUNE_KINDS)[number];
  readonly narrowRange: boolean;
  readonly calibMethod: (typeof CALIB_METHODS)[number];
  readonly calibPercentile: number;
  readonly weightClip: number;
  readonly weightRounding: (typeof WEIGHT_ROUNDINGS)[number];
}

export function layerSettings(config: DeployConfig, layer: string): LayerSettings {
  const o = config.layers[layer] ?? {};
  return {
    weightBits: o.weightBits !== undefined ? o.weightBits : config.weightBits,
    activationBits: o.activationBits !== undefined ? o.activationBits : config.activationBits,
    weightQuantizer: o.weightQuantizer ?? config.weightQuantizer,
    activationQuantizer: o.activationQuantizer ?? config.activationQuantizer,
    granularity: o.granularity ?? config.granularity,
    pruneRatio: o.pruneRatio ?? config.pruneRatio,
    pruneKind: o.pruneKind ?? config.pruneKind,
    narrowRange: o.narrowRange ?? config.narrowRange,
    calibMethod: o.calibMethod ?? config.calibMethod,
    calibPercentile: o.calibPercentile ?? config.calibPercentile,
    weightClip: o.weightClip ?? config.weightClip,
    weightRounding: o.weightRounding ?? config.weightRounding,
  };
}

export function parseDeployConfig(input: unknown): DeployConfig {
  return deployConfigSchema.parse(input);
}
