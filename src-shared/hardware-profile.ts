/**
 * A hardware profile: the numbers the memory, energy and latency models run on, as data. Every
 * number travels with the place it came from (`{ value, source }`), because the product promises
 * that its energy figures have visible, editable assumptions: a profile that states a number
 * without saying where it comes from (or "assumption: …") does not validate.
 *
 * The meaning of each field, and the formulas that use it, are in docs/cost-models.md.
 */
import { z } from 'zod';
import { UserError } from './errors.js';

export const HARDWARE_KINDS = ['mcu', 'spatial', 'bit-serial', 'xnor'] as const;
export type HardwareKind = (typeof HARDWARE_KINDS)[number];

// A source must say something: a citation, or "assumption: why".
const sourceText = z.string().trim().min(3, 'a source must cite where the number comes from, or say "assumption: …"');

function sourced<T extends z.ZodType<number>>(value: T) {
  return z.object({ value, source: sourceText }).strict();
}
const positive = () => sourced(z.number().positive());
const nonNegative = () => sourced(z.number().min(0));
const positiveInt = () => sourced(z.number().int().positive());

/** A number with its source. */
export type Sourced = { readonly value: number; readonly source: string };

const bitsKey = z.number().int().min(1).max(32);

/** Energy of one access to a memory level. */
const accessEnergySchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('per-bit'), pjPerBit: nonNegative() }).strict(),
  z.object({ model: z.literal('per-access'), pjPerAccess: nonNegative(), widthBits: positiveInt() }).strict(),
  /** E_bit(S) = pjPerBitAt32KB · √(S / 32 KiB), scaled from referenceNodeNm to the profile's node. */
  z
    .object({ model: z.literal('sram-array'), pjPerBitAt32KB: nonNegative(), referenceNodeNm: positive() })
    .strict(),
  /** ratio × E_MAC(referenceMacBits) per access of widthBits (Eyeriss' normalized energies). */
  z
    .object({
      model: z.literal('mac-relative'),
      ratio: nonNegative(),
      widthBits: positiveInt(),
      referenceMacBits: positiveInt(),
    })
    .strict(),
]);

const TRAFFIC = ['none', 'once', 'per-mac'] as const;

/** Which data passes through a level, and how often (docs/cost-models.md, "Access counts"). */
const trafficSchema = z
  .object({
    weights: z.enum(TRAFFIC),
    activations: z.enum(TRAFFIC),
    psums: z.enum(['none', 'per-mac']),
    /** per-mac traffic is divided by this (operand reuse inside the level below). */
    reuse: positive(),
  })
  .strict();

const levelSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a level id is lower-case letters, digits and dashes'),
    name: z.string().min(1),
    /** Absent for levels that store nothing (an interconnect). */
    sizeBytes: positive().optional(),
    access: accessEnergySchema,
    bandwidthBytesPerCycle: positive(),
    /** On the SRAM rail whose supply `vdd` scales (dynamic ∝ V^a, leakage ∝ V^b, bit errors). */
    voltageScaled: z.boolean(),
    leakageW: nonNegative(),
    traffic: trafficSchema,
  })
  .strict();

const bitsTableEntry = z.object({ bits: bitsKey, value: z.number().positive(), source: sourceText }).strict();
const bitsTable = z.array(bitsTableEntry).min(1);

const throughputSchema = z.discriminatedUnion('model', [
  /** Every unit does macsPerCyclePerUnit MACs per cycle whatever the widths (up to maxBits). */
  z.object({ model: z.literal('fixed'), macsPerCyclePerUnit: positive(), maxBits: positiveInt() }).strict(),
  /**
   * Bit Fusion: a unit holds bricksPerUnit bricks of brickBits × brickBits; a b_a × b_w MAC uses
   * ceil(b_a/brickBits)·ceil(b_w/brickBits) bricks. Float operands are emulated at floatAsBits.
   */
  z
    .object({
      model: z.literal('bit-bricks'),
      brickBits: positiveInt(),
      bricksPerUnit: positiveInt(),
      floatAsBits: positiveInt(),
    })
    .strict(),
  /** Cycles per MAC per unit by operand width (the widest of weight and activation, rounded up). */
  z.object({ model: z.literal('table'), cyclesPerMac: bitsTable, floatCyclesPerMac: positive() }).strict(),
]);

const macEnergySchema = z.discriminatedUnion('model', [
  /** QKeras QTools (Horowitz 45 nm figures): E = E_mul(√(b_a·b_w)) + E_add(b_acc), gates for binary/ternary. */
  z
    .object({
      model: z.literal('qtools'),
      mulQuadPj: nonNegative(),
      mulLinPj: nonNegative(),
      addPerBitPj: nonNegative(),
      binaryGateFactor: nonNegative(),
      ternaryGateFactor: nonNegative(),
      accumulatorBits: positiveInt(),
      float32MacPj: nonNegative(),
      referenceNodeNm: positive(),
    })
    .strict(),
  /** Bit Fusion: E = ceil(b_a/brickBits)·ceil(b_w/brickBits)·brickPj + addPerBitPj·b_acc. */
  z
    .object({
      model: z.literal('bit-bricks'),
      brickBits: positiveInt(),
      brickPj: nonNegative(),
      addPerBitPj: nonNegative(),
      accumulatorBits: positiveInt(),
      floatAsBits: positiveInt(),
      referenceNodeNm: positive(),
    })
    .strict(),
  /** Energy per MAC by operand width at the profile's node (BrainTTA's per-op figures). */
  z.object({ model: z.literal('table'), pjPerMac: bitsTable, floatPjPerMac: nonNegative(), accumulatorBits: positiveInt() }).strict(),
  /** MCU: energy = cycles × energy per cycle (run current × supply). */
  z.object({ model: z.literal('per-cycle'), pjPerCycle: nonNegative(), accumulatorBits: positiveInt() }).strict(),
]);

const berCurveSchema = z.discriminatedUnion('kind', [
  /** p(v) = Φ((mu − v)/sigma), v = V/Vmin, p = 0 for v ≥ 1. */
  z.object({ kind: z.literal('probit'), mu: positive(), sigma: positive() }).strict(),
  /** Measured (v, BER) points, v ascending; one source for the whole table. */
  z
    .object({
      kind: z.literal('measured'),
      points: z
        .array(z.object({ v: z.number().positive(), ber: z.number().min(0).max(1) }).strict())
        .min(2),
      source: sourceText,
    })
    .strict(),
]);

const sramVoltageSchema = z
  .object({
    vnom: positive(),
    vmin: positive(),
    dynamicExponent: positive(),
    leakageExponent: positive(),
    ber: berCurveSchema,
  })
  .strict();

const protectionSchema = z.discriminatedUnion('model', [
  /** The protected bits sit in hardened (8T) cells on the nominal rail: no faults, no scaling. */
  z.object({ model: z.literal('hardened-cells'), energyFactor: positive(), areaFactor: positive() }).strict(),
  /** The protected bits are stored under a SECDED code: checkBits per wordBits data bits. */
  z.object({ model: z.literal('secded'), wordBits: positiveInt(), checkBits: positiveInt() }).strict(),
]);

export const hardwareProfileSchema = z
  .object({
    format: z.literal('edgefront-hardware-profile'),
    version: z.literal(1),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is lower-case letters, digits and dashes'),
    name: z.string().min(1),
    kind: z.enum(HARDWARE_KINDS),
    description: z.string().optional(),
    /** The process node and logic voltage the profile's figures are for. */
    technology: z.object({ nodeNm: positive(), voltage: positive() }).strict(),
    clockHz: positive(),
    compute: z
      .object({
        units: positiveInt(),
        throughput: throughputSchema,
        energy: macEnergySchema,
        leakageW: nonNegative(),
      })
      .strict(),
    /** Skip (gate) MACs with a zero weight or a zero input: saves energy, not cycles. */
    zeroSkipping: z.boolean(),
    memory: z
      .object({
        levels: z.array(levelSchema).min(1),
        weightsLevel: z.string(),
        activationsLevel: z.string(),
        /** TFLite Micro arena bookkeeping added to the activation peak. */
        arenaOverhead: z.object({ perTensorBytes: nonNegative(), perOpBytes: nonNegative() }).strict().optional(),
      })
      .strict(),
    sramVoltage: sramVoltageSchema.optional(),
    protection: protectionSchema,
    /** Entropy decoder in front of the weights (coded storage format). */
    decoder: z.object({ pjPerCycle: nonNegative(), parallelism: positive() }).strict().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ids = p.memory.levels.map((l) => l.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['memory', 'levels', i, 'id'], message: `level id "${id}" is used twice` });
    });
    for (const key of ['weightsLevel', 'activationsLevel'] as const) {
      const level = p.memory.levels.find((l) => l.id === p.memory[key]);
      if (!level) {
        ctx.addIssue({ code: 'custom', path: ['memory', key], message: `"${p.memory[key]}" is not one of the levels (${ids.join(', ')})` });
      } else if (!level.sizeBytes) {
        ctx.addIssue({ code: 'custom', path: ['memory', key], message: `level "${level.id}" has no sizeBytes, so it cannot hold data` });
      }
    }
    p.memory.levels.forEach((l, i) => {
      if (l.access.model === 'sram-array' && !l.sizeBytes) {
        ctx.addIssue({ code: 'custom', path: ['memory', 'levels', i, 'sizeBytes'], message: 'an sram-array level needs sizeBytes (its energy grows with √size)' });
      }
    });
    if (!p.sramVoltage && p.memory.levels.some((l) => l.voltageScaled)) {
      ctx.addIssue({ code: 'custom', path: ['sramVoltage'], message: 'a level is voltageScaled, so the profile needs sramVoltage' });
    }
    if (p.sramVoltage && p.sramVoltage.vmin.value > p.sramVoltage.vnom.value) {
      ctx.addIssue({ code: 'custom', path: ['sramVoltage', 'vmin'], message: 'vmin must not exceed vnom' });
    }
    if (p.sramVoltage?.ber.kind === 'measured') {
      const pts = p.sramVoltage.ber.points;
      pts.forEach((pt, i) => {
        if (i > 0 && pt.v <= pts[i - 1].v) {
          ctx.addIssue({ code: 'custom', path: ['sramVoltage', 'ber', 'points', i, 'v'], message: 'points must be in strictly ascending v' });
        }
      });
    }
    const uniqueBits = (table: readonly { bits: number }[], path: (string | number)[]) => {
      table.forEach((e, i) => {
        if (table.findIndex((o) => o.bits === e.bits) !== i) ctx.addIssue({ code: 'custom', path: [...path, i, 'bits'], message: `bits ${e.bits} appears twice` });
      });
    };
    if (p.compute.throughput.model === 'table') uniqueBits(p.compute.throughput.cyclesPerMac, ['compute', 'throughput', 'cyclesPerMac']);
    if (p.compute.energy.model === 'table') uniqueBits(p.compute.energy.pjPerMac, ['compute', 'energy', 'pjPerMac']);
    if (p.compute.energy.model === 'per-cycle' && p.compute.throughput.model !== 'table') {
      ctx.addIssue({ code: 'custom', path: ['compute', 'energy', 'model'], message: 'energy "per-cycle" needs throughput "table" (cycles per MAC)' });
    }
  });

export type HardwareProfile = z.infer<typeof hardwareProfileSchema>;
export type MemoryLevel = HardwareProfile['memory']['levels'][number];
export type AccessEnergy = MemoryLevel['access'];
export type MacEnergyModel = HardwareProfile['compute']['energy'];
export type ThroughputModel = HardwareProfile['compute']['throughput'];
export type BerCurve = NonNullable<HardwareProfile['sramVoltage']>['ber'];

/** "memory.levels[1].sizeBytes.value" from zod's path. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(top level)';
}

/**
 * Validates a parsed JSON document as a hardware profile. `file` only names the source in the
 * error, which lists every offending field path.
 */
export function parseHardwareProfile(json: unknown, file: string): HardwareProfile {
  const r = hardwareProfileSchema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
  const list = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  throw new UserError(
    'hardware-profile-invalid',
    `The hardware profile ${file} is invalid at ${list}. Fix the field (every number is { "value": …, "source": "…" }) and try again.`,
    { file, field: issues[0]?.field, issues },
  );
}
