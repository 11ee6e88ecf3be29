/**
 * One evaluated point explained layer by layer (getPointDetails): what the Explore view's details
 * panel and its side-by-side comparison show. Read from the full EvalResult stored in the project
 * file, which the ProjectView leaves out (its figures are the headline ones only).
 */
import { z } from 'zod';
import { deployConfigSchema } from '../deploy-config.js';
import { deployTargetSchema } from '../deploy-target.js';
import { pointMetricsSchema } from './project-view.js';

const figure = z.number().nullable();

export const pointDetailsRequestSchema = z
  .object({
    /** The result's key (ResultView.key). */
    key: z.string().trim().min(1, 'give the key of an evaluated point').max(256),
  })
  .strict();

/** One weight layer of the deployed model. null = the stored result lacks the figure. */
export const layerDetailSchema = z
  .object({
    name: z.string(),
    op: z.string(),
    params: figure,
    /** Weight bits actually used (null = float weights). */
    weightBits: figure,
    /** Activation bits the configuration asks for at this layer (its override, else the global setting; null = float). */
    activationBits: figure,
    quantizer: z.string().nullable(),
    granularity: z.string().nullable(),
    /** Fraction of the weights that are exactly zero. */
    sparsity: figure,
    macs: figure,
    /** Bytes packed at the weight width, no sparse index or coding (metadata included). */
    denseBytes: figure,
    /** Bytes in the target's storage format or coded stream: what the memory holds. */
    storedBytes: figure,
    storageFormat: z.string().nullable(),
    entropyBitsPerParam: figure,
    energyJoules: figure,
    latencyCycles: figure,
    bound: z.string().nullable(),
  })
  .strict();

export const energyComponentsSchema = z
  .object({
    totalJoules: z.number(),
    computeJoules: figure,
    /** Per memory level of the hardware profile. */
    memoryJoules: z.record(z.string(), z.number()),
    decoderJoules: figure,
    leakageJoules: figure,
  })
  .strict();

export const pointDetailsSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    evaluatedAt: z.string(),
    config: deployConfigSchema,
    target: deployTargetSchema,
    metrics: pointMetricsSchema,
    layers: z.array(layerDetailSchema),
    /** The point's energy per inference by component (the per-layer split is by layer only). */
    energy: energyComponentsSchema.nullable(),
    warnings: z.array(z.string()),
    foldedBatchNorms: z.array(z.string()),
    floatFallbacks: z.array(z.string()),
  })
  .strict();

export type PointDetailsRequest = z.input<typeof pointDetailsRequestSchema>;
export type LayerDetail = z.infer<typeof layerDetailSchema>;
export type EnergyComponents = z.infer<typeof energyComponentsSchema>;
export type PointDetails = z.infer<typeof pointDetailsSchema>;
