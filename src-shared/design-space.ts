/**
 * The design space of a project: the settings every point shares (`base`), the values to explore
 * (`axes`, global and per layer) and the limits a point must meet to count (`constraints`).
 *
 * A design point is DeployConfig + DeployTarget. It is built in three layers, later ones winning:
 * the schema defaults of DeployConfig/DeployTarget, then `base`, then one value from every axis
 * (a per-layer axis value becomes `config.layers[name][field]`). `base` is flat — config and
 * target fields side by side, like the CLI flags — because their names never collide; use
 * `CONFIG_FIELDS`/`TARGET_FIELDS` to split it. It carries no defaults of its own, so a saved project
 * keeps only what the user chose and picks up improved defaults of later versions.
 *
 * The Monte-Carlo seed count is the project's top-level `seeds`, not a `base` field, so there is
 * one place to set it.
 */
import { z } from 'zod';
import { deployConfigSchema, layerOverrideSchema } from './deploy-config.js';
import { deployTargetSchema } from './deploy-target.js';

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner extends z.core.SomeType> ? Inner : T;
type OptionalShape<S extends z.core.$ZodShape> = { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]> & z.core.SomeType> };

/** The same fields, each optional and without its default (`.partial()` would still fill defaults in). */
function optionalWithoutDefaults<S extends z.core.$ZodShape>(shape: S): OptionalShape<S> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : (schema as unknown as z.ZodType);
    out[key] = inner.optional();
  }
  return out as unknown as OptionalShape<S>;
}

const { seeds: _seeds, ...targetShapeWithoutSeeds } = deployTargetSchema.shape;

/** The DeployConfig fields a `base` may set (all of them). */
export const CONFIG_FIELDS = Object.keys(deployConfigSchema.shape) as (keyof typeof deployConfigSchema.shape)[];
/** The DeployTarget fields a `base` may set (all but `seeds`, which is the project's `seeds`). */
export const TARGET_FIELDS = Object.keys(targetShapeWithoutSeeds) as (keyof typeof targetShapeWithoutSeeds)[];

/** Fixed settings shared by every point: any DeployConfig field and any DeployTarget field but `seeds`. */
export const designBaseSchema = z
  .object({ ...optionalWithoutDefaults(deployConfigSchema.shape), ...optionalWithoutDefaults(targetShapeWithoutSeeds) })
  .strict();

/** A non-empty list of distinct values of one setting. */
function axis<T extends z.ZodType>(value: T) {
  return z
    .array(value)
    .min(1, 'an axis needs at least one value (remove the axis to use the base value)')
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        const k = JSON.stringify(v);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `the value ${k} is listed twice` });
        seen.add(k);
      });
    })
    .optional();
}

const config = deployConfigSchema.shape;
const target = deployTargetSchema.shape;
const layer = layerOverrideSchema.shape;

/** Values to explore for one layer; each becomes `config.layers[name][field]`. */
export const layerAxesSchema = z
  .object({
    weightBits: axis(layer.weightBits.unwrap()),
    activationBits: axis(layer.activationBits.unwrap()),
    weightQuantizer: axis(layer.weightQuantizer.unwrap()),
    activationQuantizer: axis(layer.activationQuantizer.unwrap()),
    granularity: axis(layer.granularity.unwrap()),
    pruneRatio: axis(layer.pruneRatio.unwrap()),
    pruneKind: axis(layer.pruneKind.unwrap()),
  })
  .strict();

/** Global axes on DeployConfig fields. */
export const CONFIG_AXES = ['weightBits', 'activationBits', 'weightQuantizer', 'activationQuantizer', 'granularity', 'pruneRatio', 'pruneKind'] as const;
/** Global axes on DeployTarget fields. */
export const TARGET_AXES = ['hardware', 'vdd', 'coding', 'storage', 'protectMsb'] as const;
/** Per-layer axes (fields of a layer override). */
export const LAYER_AXES = ['weightBits', 'activationBits', 'weightQuantizer', 'activationQuantizer', 'granularity', 'pruneRatio', 'pruneKind'] as const;

export const designAxesSchema = z
  .object({
    /** null = float weights. */
    weightBits: axis(config.weightBits.unwrap()),
    /** null = float activations. */
    activationBits: axis(config.activationBits.unwrap()),
    weightQuantizer: axis(config.weightQuantizer.unwrap()),
    activationQuantizer: axis(config.activationQuantizer.unwrap()),
    granularity: axis(config.granularity.unwrap()),
    pruneRatio: axis(config.pruneRatio.unwrap()),
    pruneKind: axis(config.pruneKind.unwrap()),
    /** Hardware profile ids: an entry of the project's `hardware.profiles`, or a built-in id. */
    hardware: axis(target.hardware.unwrap()),
    /** SRAM supply in volts; null = the profile's nominal voltage. */
    vdd: axis(target.vdd.unwrap()),
    coding: axis(target.coding.unwrap()),
    storage: axis(target.storage.unwrap()),
    protectMsb: axis(target.protectMsb.unwrap()),
    /** Per-layer axes by node name (a Conv/Gemm/MatMul node of the model). */
    layers: z.record(z.string().min(1), layerAxesSchema).default(() => ({})),
  })
  .strict();

/** The metrics a constraint can bound: paths into EvalResult. */
export const CONSTRAINT_METRICS = [
  'memory.weightBytes',
  'memory.totalBytes',
  'memory.activationPeakBytes',
  'energy.perInferenceJoules',
  'latency.cycles',
  'accuracy',
] as const;
export type ConstraintMetric = (typeof CONSTRAINT_METRICS)[number];

/**
 * A feasibility limit: a point whose metric is above `max` or below `min` is evaluated and kept,
 * but not offered on the front. `memory.totalBytes` = weight bytes + activation bytes; `accuracy`
 * is a fraction 0..1 (under faults, the mean over seeds).
 */
export const constraintSchema = z
  .object({
    metric: z.enum(CONSTRAINT_METRICS),
    max: z.number().optional(),
    min: z.number().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.max === undefined && c.min === undefined) ctx.addIssue({ code: 'custom', path: [], message: `a constraint on ${c.metric} needs "max", "min" or both` });
    if (c.max !== undefined && c.min !== undefined && c.min > c.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `min ${c.min} is above max ${c.max}` });
  });

export const designSpaceSchema = z
  .object({
    base: designBaseSchema.default(() => ({})),
    axes: designAxesSchema.default(() => ({ layers: {} })),
    constraints: z.array(constraintSchema).default(() => []),
  })
  .strict();

export type DesignBase = z.infer<typeof designBaseSchema>;
export type DesignAxes = z.infer<typeof designAxesSchema>;
export type LayerAxes = z.infer<typeof layerAxesSchema>;
export type Constraint = z.infer<typeof constraintSchema>;
export type DesignSpace = z.infer<typeof designSpaceSchema>;
export type DesignSpaceInput = z.input<typeof designSpaceSchema>;

/** Number of points of the full grid: the product of the lengths of every axis, per-layer axes included. */
export function designSpaceSize(space: DesignSpace): number {
  let size = 1;
  for (const key of [...CONFIG_AXES, ...TARGET_AXES]) size *= space.axes[key]?.length ?? 1;
  for (const layerAxes of Object.values(space.axes.layers)) {
    for (const key of LAYER_AXES) size *= layerAxes[key]?.length ?? 1;
  }
  return size;
}
