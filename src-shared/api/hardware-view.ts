/**
 * The Hardware view's data: every profile the open project can use (the built-ins and the ones
 * embedded in the project) with what its charts need, computed in the backend by the same
 * functions the cost and fault models run on (BER(Vdd), energy per MAC, energy per bit of each
 * memory level), so a chart never shows a number the evaluation would not use.
 */
import { z } from 'zod';
import { hardwareProfileSchema } from '../hardware-profile.js';
import { projectProfileSchema } from '../project-file.js';

export const berCurvePointSchema = z
  .object({
    /** Supply in volts. */
    vdd: z.number(),
    /** V / Vmin. */
    v: z.number(),
    /** Probability that a stored bit fails, 0 … 1. */
    ber: z.number().min(0).max(1),
    /** Below the measured data: the fit's extrapolation, not data. */
    extrapolated: z.boolean(),
  })
  .strict();

export const berCurveViewSchema = z
  .object({
    vnom: z.number(),
    vmin: z.number(),
    kind: z.enum(['probit', 'measured']),
    /** Whether the weights sit on the voltage-scaled rail (else a lower Vdd causes no weight faults). */
    weightsOnScaledRail: z.boolean(),
    points: z.array(berCurvePointSchema),
  })
  .strict();

export const macEnergyRowSchema = z
  .object({
    /** Weight and activation width; null = float32. */
    bits: z.number().int().nullable(),
    pj: z.number().min(0),
  })
  .strict();

export const levelEnergyRowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    model: z.string(),
    /** Energy of one bit accessed at the nominal supply, pJ. */
    pjPerBit: z.number().min(0),
    sizeBytes: z.number().nullable(),
    voltageScaled: z.boolean(),
    /** The source of the level's main energy figure. */
    source: z.string(),
  })
  .strict();

export const hardwareProfileViewSchema = z
  .object({
    id: z.string(),
    origin: z.enum(['built-in', 'embedded']),
    /** An embedded profile with the id of a built-in one (an edited copy of it). */
    overridesBuiltin: z.boolean(),
    /** Named by the design space of the open project (base or hardware axis). */
    usedByProject: z.boolean(),
    profile: hardwareProfileSchema,
    ber: berCurveViewSchema.nullable(),
    /** Energy per MAC at equal weight and activation widths (the model's own formula). */
    macEnergy: z.array(macEnergyRowSchema),
    macEnergyModel: z.string(),
    levels: z.array(levelEnergyRowSchema),
  })
  .strict();

export const hardwareProfilesViewSchema = z
  .object({
    profiles: z.array(hardwareProfileViewSchema),
    /** The project's `hardware.profiles` as saved: what an edit starts from. */
    projectEntries: z.array(projectProfileSchema),
    /** Profile ids the project's design space names (the default when it names none). */
    projectUses: z.array(z.string()),
    /** Ids the design space names that are neither embedded nor built in. */
    unknownIds: z.array(z.string()),
  })
  .strict();

export type BerCurvePoint = z.infer<typeof berCurvePointSchema>;
export type BerCurveView = z.infer<typeof berCurveViewSchema>;
export type MacEnergyRow = z.infer<typeof macEnergyRowSchema>;
export type LevelEnergyRow = z.infer<typeof levelEnergyRowSchema>;
export type HardwareProfileView = z.infer<typeof hardwareProfileViewSchema>;
export type HardwareProfilesView = z.infer<typeof hardwareProfilesViewSchema>;
