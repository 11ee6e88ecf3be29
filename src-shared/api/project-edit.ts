/**
 * Editing the open project from the GUI: a preview of a design-space draft (how many points its
 * strategy will evaluate, how many are already in the project, what is wrong with it, how long it
 * may take) and the update that saves a draft into the project file.
 */
import { z } from 'zod';
import { designSpaceSchema } from '../design-space.js';
import { deployTargetSchema } from '../deploy-target.js';
import { MAX_SAMPLE_LIMIT } from './requests.js';
import { projectHardwareSchema, strategySchema } from '../project-file.js';

/**
 * A draft to preview. The draft parts are deliberately unchecked here: a draft being typed is
 * often invalid, and the preview answers with the offending fields instead of refusing the call.
 */
export const previewDesignRequestSchema = z
  .object({
    designSpace: z.unknown(),
    strategy: z.unknown(),
    seeds: z.unknown(),
    /** Test samples per point the estimate assumes; absent = the project's saved limit; null = the whole test set. */
    sampleLimit: z.number().int().min(1).max(MAX_SAMPLE_LIMIT).nullable().optional(),
  })
  .strict();

/** One offending field of a draft: `designSpace.axes.weightBits[2]`, `strategy.samples`. */
export const fieldIssueSchema = z.object({ field: z.string(), message: z.string() }).strict();

export const designEstimateSchema = z
  .object({
    /** Wall-clock seconds for the points still to evaluate, or null when nothing was measured yet. */
    seconds: z.number().min(0).nullable(),
    /** How the figure was reached, or why there is none ("no measurement yet: …"). */
    basis: z.string(),
  })
  .strict();

export const designPreviewSchema = z
  .object({
    /** False when `issues` lists problems; the counts are then null. */
    valid: z.boolean(),
    issues: z.array(fieldIssueSchema),
    /** Points of the full grid of the draft's axes. */
    gridPoints: z.number().min(0).nullable(),
    /** Design points the strategy evaluates (an upper bound when `pointsExact` is false). */
    points: z.number().int().min(0).nullable(),
    pointsExact: z.boolean(),
    /** What the count consists of, or why it is an upper bound. */
    pointsNote: z.string().nullable(),
    /** Of those points, how many the project already holds at this test-set size (the sweep reuses them). */
    cached: z.number().int().min(0).nullable(),
    /** Test samples per point the counts and the estimate assume. */
    testSamples: z.number().int().min(1).nullable(),
    estimate: designEstimateSchema,
  })
  .strict();

/** The parts of a project the GUI edits; absent parts stay as saved. */
export const updateProjectRequestSchema = z
  .object({
    designSpace: designSpaceSchema.optional(),
    strategy: strategySchema.optional(),
    seeds: deployTargetSchema.shape.seeds.unwrap().optional(),
    hardware: projectHardwareSchema.optional(),
  })
  .strict();

/**
 * The layers per-layer axes and the sensitivity strategy act on: operators with constant weights
 * of their own (a row of the model's layer table with parameters).
 */
export function isWeightLayer(layer: { readonly op: string; readonly params: number }): boolean {
  return ['Conv', 'Gemm', 'MatMul'].includes(layer.op) && layer.params > 0;
}

export type PreviewDesignRequest = z.input<typeof previewDesignRequestSchema>;
export type FieldIssueView = z.infer<typeof fieldIssueSchema>;
export type DesignEstimate = z.infer<typeof designEstimateSchema>;
export type DesignPreview = z.infer<typeof designPreviewSchema>;
export type UpdateProjectRequest = z.input<typeof updateProjectRequestSchema>;
