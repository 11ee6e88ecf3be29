/**
 * The Model view's analyses of the open project's model: float weight histograms per layer, the
 * float accuracy on the test split (with its 95 % interval), and the per-layer sensitivity
 * heatmap (layer × weight bit-width → accuracy drop against the widest width). All are computed
 * in the backend — the histograms from the model file, the accuracies on worker threads — and
 * reach the renderer as small payloads.
 */
import { z } from 'zod';
import { MAX_SAMPLE_LIMIT } from './requests.js';

export const MAX_HISTOGRAM_BINS = 256;
export const DEFAULT_HISTOGRAM_BINS = 32;
/** Weight widths the Measure sensitivity action probes when none are given (the widest is the reference). */
export const DEFAULT_SENSITIVITY_WIDTHS = [8, 4, 2] as const;

const sampleLimit = z.number().int().min(1, 'the sample limit is at least 1').max(MAX_SAMPLE_LIMIT);

export const weightHistogramsRequestSchema = z
  .object({ bins: z.number().int().min(2, 'at least 2 bins').max(MAX_HISTOGRAM_BINS, `at most ${MAX_HISTOGRAM_BINS} bins`).optional() })
  .strict();

export const layerWeightHistogramSchema = z
  .object({
    /** The layer's name, as in the layer table. */
    name: z.string(),
    op: z.string(),
    /** Float constants of the layer as the model stores them (weights and biases) counted: the sum of `counts`. */
    count: z.number().int().min(0),
    min: z.number(),
    max: z.number(),
    /** Equal-width bins over [min, max]. */
    counts: z.array(z.number().int().min(0)),
    /** Values exactly zero (pruned or never trained). */
    zeros: z.number().int().min(0),
  })
  .strict();

export const weightHistogramsSchema = z
  .object({ modelPath: z.string(), bins: z.number().int(), layers: z.array(layerWeightHistogramSchema) })
  .strict();

export const floatAccuracyRequestSchema = z
  .object({
    /** Evaluate the first N test samples; absent = the project's test limit (or the whole test set). */
    sampleLimit: sampleLimit.optional(),
  })
  .strict();

export const floatAccuracySchema = z
  .object({
    accuracy: z.number().min(0).max(1),
    /** Wilson 95 % interval of the accuracy on these samples. */
    ci95: z.tuple([z.number(), z.number()]),
    samples: z.number().int().min(1),
    correct: z.number().int().min(0),
    seconds: z.number().min(0),
    /** True when this answer was measured earlier on the same model, dataset and sample count. */
    cached: z.boolean(),
  })
  .strict();

export const sensitivityHeatmapSchema = z
  .object({
    /** Where it comes from: one-layer probes stored in the project's results, or the Measure sensitivity action. */
    source: z.enum(['results', 'measured']),
    /** Every layer at this width is the reference (drop 0). */
    referenceBits: z.number().int(),
    referenceAccuracy: z.number(),
    /** Column widths, widest first (the reference's included). */
    widths: z.array(z.number().int()),
    /** Per layer: accuracy drop (reference − probe, in accuracy units) per width; null = not probed. */
    layers: z.array(z.object({ name: z.string(), drops: z.array(z.number().nullable()) }).strict()),
    /** Test samples each probe was measured on, when known. */
    samples: z.number().int().nullable(),
  })
  .strict();

export const sensitivityMeasurementSchema = z
  .object({
    phase: z.enum(['idle', 'running', 'done', 'failed']),
    /** Points evaluated so far and in all (the reference plus one probe per layer and narrower width). */
    done: z.number().int().min(0),
    total: z.number().int().min(0),
    sampleLimit: z.number().int().nullable(),
    widths: z.array(z.number().int()),
    heatmap: sensitivityHeatmapSchema.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).strict().nullable(),
  })
  .strict();

export const sensitivityViewSchema = z
  .object({
    /** Derived from the project's results (the sensitivity strategy's probes), or null when they hold none. */
    fromResults: sensitivityHeatmapSchema.nullable(),
    /** The Measure sensitivity action for this model, dataset and sample count. */
    measurement: sensitivityMeasurementSchema,
  })
  .strict();

export const measureSensitivityRequestSchema = z
  .object({
    sampleLimit: sampleLimit.optional(),
    /** Weight widths to probe, 2 to 6 distinct values from 1 to 16; default 8, 4, 2. */
    widths: z.array(z.number().int().min(1).max(16)).min(2, 'give at least two widths').max(6, 'at most six widths').optional(),
  })
  .strict();

export type WeightHistogramsRequest = z.input<typeof weightHistogramsRequestSchema>;
export type LayerWeightHistogram = z.infer<typeof layerWeightHistogramSchema>;
export type WeightHistograms = z.infer<typeof weightHistogramsSchema>;
export type FloatAccuracyRequest = z.input<typeof floatAccuracyRequestSchema>;
export type FloatAccuracy = z.infer<typeof floatAccuracySchema>;
export type SensitivityHeatmap = z.infer<typeof sensitivityHeatmapSchema>;
export type SensitivityMeasurement = z.infer<typeof sensitivityMeasurementSchema>;
export type SensitivityView = z.infer<typeof sensitivityViewSchema>;
export type MeasureSensitivityRequest = z.input<typeof measureSensitivityRequestSchema>;
