/**
 * Where and how a deployed model is stored and run: the hardware profile the cost models use, the
 * SRAM supply voltage (and so the bit-error rate of weight memory), the weight storage format and
 * entropy coding, and the fault-injection settings. Separate from DeployConfig because none of it
 * changes the fault-free quantized model: the same deployment is costed on several targets.
 */
import { z } from 'zod';

export const CODING_METHODS = ['none', 'huffman', 'rans'] as const;
/** dense: packed at the weight width; csr / relative: sparse (Deep Compression's relative indices); auto: the smallest of the three per layer. */
export const STORAGE_FORMATS = ['dense', 'csr', 'relative', 'auto'] as const;
export const FAULT_MODES = ['flip', 'stuck-at'] as const;
/** persistent: failing cells fail on every read (the default); transient: every inference reads its own fault draw. */
export const FAULT_PERSISTENCES = ['persistent', 'transient'] as const;
/** A profile whose weight SRAM sits on the voltage-scaled rail, so --vdd acts by default (eyeriss-int8 streams weights from DRAM). */
export const DEFAULT_HARDWARE = 'bit-serial';

export const deployTargetSchema = z
  .object({
    /** Built-in profile id (assets/hardware/<id>.json) or a path to a profile file. */
    hardware: z.string().min(1).default(DEFAULT_HARDWARE),
    /** SRAM supply in volts; null = the profile's nominal voltage (no bit errors). */
    vdd: z.number().positive().max(5).nullable().default(null),
    /** Entropy coding of the stored weights; with coding the format is the coded stream. */
    coding: z.enum(CODING_METHODS).default('none'),
    storage: z.enum(STORAGE_FORMATS).default('dense'),
    /** Top bits of every stored weight word that never fail (ECC or hardened cells). */
    protectMsb: z.number().int().min(0).max(16).default(0),
    /** flip: a faulty cell reads inverted; stuck-at: half the faulty cells read 0, half 1. */
    faultMode: z.enum(FAULT_MODES).default('flip'),
    /**
     * persistent: low-voltage cell failures, nested across voltages and the same for every
     * inference; transient: per-read upsets, redrawn per block of inferences (docs/faults.md).
     */
    faultPersistence: z.enum(FAULT_PERSISTENCES).default('persistent'),
    /** Monte-Carlo fault draws (seeds 1…K); only matters when the voltage causes bit errors. */
    seeds: z.number().int().min(1).max(10000).default(1),
  })
  .strict();

export type DeployTarget = z.infer<typeof deployTargetSchema>;
export type DeployTargetInput = z.input<typeof deployTargetSchema>;

export function parseDeployTarget(input: unknown): DeployTarget {
  return deployTargetSchema.parse(input);
}
