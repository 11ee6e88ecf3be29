/**
 * The renderer's view of the open project: its identity, inputs, design space, strategy, and its
 * results reduced to the figures the views plot (the full EvalResult of a point stays in the
 * project file; the renderer never needs all of it at once).
 */
import { z } from 'zod';
import { deployConfigSchema } from '../deploy-config.js';
import { deployTargetSchema } from '../deploy-target.js';
import { designSpaceSchema } from '../design-space.js';
import { strategySchema } from '../project-file.js';

const figure = z.number().nullable();

/**
 * One result's headline figures; null where the stored metrics lack the figure (results are
 * read defensively: an older or hand-edited file may miss fields).
 */
export const pointMetricsSchema = z
  .object({
    /** Fraction correct, 0..1. */
    accuracy: figure,
    /** 95 % interval of the accuracy, or null. */
    accuracyCI95: z.tuple([z.number(), z.number()]).nullable(),
    /** Test samples the accuracy was measured on. */
    samples: figure,
    weightBytes: figure,
    bitsPerParam: figure,
    activationPeakBytes: figure,
    energyJoules: figure,
    latencyCycles: figure,
  })
  .strict();

export const resultViewSchema = z
  .object({
    key: z.string(),
    /** One-line summary of the point ("w4/a8 · symmetric/channel · rans · bit-serial"). */
    label: z.string(),
    /** Computed on other versions of the model or dataset: listed, never plotted as current. */
    stale: z.boolean(),
    evaluatedAt: z.string(),
    config: deployConfigSchema,
    target: deployTargetSchema,
    metrics: pointMetricsSchema,
  })
  .strict();

export const projectViewSchema = z
  .object({
    /** Absolute path of the project file. */
    path: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    /** The working copy of the bundled demo. */
    isDemo: z.boolean(),
    /** Absolute paths of the inputs. */
    modelPath: z.string(),
    datasetPath: z.string(),
    /** Evaluate on the first N test samples; null = all of them. */
    testLimit: z.number().int().min(1).nullable(),
    designSpace: designSpaceSchema,
    /** Points of the full grid of the design space. */
    gridPoints: z.number().int().min(1),
    strategy: strategySchema,
    seeds: z.number().int().min(1),
    results: z.array(resultViewSchema),
    /** Sentences about changed inputs and stale results (empty when all is current). */
    notices: z.array(z.string()),
    /** Inputs that cannot be found: a sweep is refused until they are back. */
    missingInputs: z.array(z.string()),
    /** Finished points an interrupted sweep left in the results log (a sweep must resume them). */
    interruptedPoints: z.number().int().min(0),
  })
  .strict();

export type PointMetrics = z.infer<typeof pointMetricsSchema>;
export type ResultView = z.infer<typeof resultViewSchema>;
export type ProjectView = z.infer<typeof projectViewSchema>;
