/**
 * Memory, energy and latency of one inference (batch 1) of a deployed model on a hardware
 * profile. Pure: the same profile and input give the same report. Every formula is described,
 * with its source and its limits, in docs/cost-models.md.
 */
import { UserError } from '../../src-shared/errors.js';
import type { HardwareProfile, MemoryLevel } from '../../src-shared/hardware-profile.js';
import { berAt, berExtrapolated } from './ber.js';
import { dynamicVoltageScale, leakageVoltageScale } from './energy-formulas.js';
import { accessEnergyPerBitPj, accumulatorBits, cyclesPerMacPerUnit, macEnergyPj, type OperandKind } from './mac-model.js';
import type { StorageFormat } from './weight-storage.js';

export interface CostLayerInput {
  readonly name: string;
  readonly op: string; // 'Conv' | 'Gemm' | 'MatMul' | anything else (no weights)
  readonly macs: number; // multiply-accumulates per inference (batch 1)
  readonly weightParams: number; // weight elements (0 for weightless layers)
  readonly weightBits: number | null; // null = float32 weights
  readonly inputBits: number | null; // bits of the activations feeding the layer; null = float32
  readonly outputBits: number | null;
  readonly weightSparsity: number; // fraction of exactly-zero weights
  readonly inputZeroFraction?: number; // measured fraction of zero input activations, for zero-skipping
  readonly inputElements: number; // activation elements read per inference
  readonly outputElements: number; // activation elements written per inference
  readonly weightStoredBytes: number; // bytes as stored in the chosen format, incl. scales/zero-points/bias
  readonly storageFormat: StorageFormat;
  readonly decoder?: { readonly symbols: number; readonly cyclesPerSymbol: number; readonly tableBytes: number }; // entropy-coded weights
  /** Binary/ternary weight quantizers cost a gate instead of a multiplier; default: 1 bit = binary. */
  readonly weightQuantizer?: OperandKind;
}

export interface CostInput {
  readonly layers: readonly CostLayerInput[];
  readonly activationPeakBytes: number; // liveness peak at batch 1, quantized widths (computed elsewhere)
  readonly vdd?: number; // SRAM supply in volts; default the profile's Vnom
  readonly protectMsb?: number; // top bits per weight word that are protected
  /** Tensors in the deployed graph, for the TFLite Micro arena overhead; default: see docs. */
  readonly tensorCount?: number;
  /** Operators in the deployed graph, for the TFLite Micro arena overhead; default: layers.length. */
  readonly opCount?: number;
}

export interface EnergyBreakdown {
  readonly computeJ: number;
  /** Dynamic access energy per memory level id. */
  readonly memoryJ: Readonly<Record<string, number>>;
  readonly decoderJ: number;
  readonly leakageJ: number;
  readonly totalJ: number;
}

export interface LayerCost {
  readonly name: string;
  readonly op: string;
  readonly macs: number;
  /** MACs actually performed for energy (zero-skipping removes the rest). */
  readonly energyMacs: number;
  readonly energy: EnergyBreakdown;
  readonly cycles: {
    readonly compute: number;
    /** Transfer cycles per level (bits moved / bandwidth). */
    readonly memoryByLevel: Readonly<Record<string, number>>;
    /** The slowest level: levels transfer concurrently. */
    readonly memory: number;
    readonly decoder: number;
    /** max(compute, memory) + decoder. */
    readonly total: number;
  };
  readonly bound: 'compute' | 'memory';
}

export interface LevelFootprint {
  readonly id: string;
  readonly sizeBytes: number | null;
  readonly usedBytes: number;
  readonly fits: boolean;
}

export interface CostReport {
  readonly profileId: string;
  readonly layers: readonly LayerCost[];
  readonly totals: {
    readonly energy: EnergyBreakdown;
    readonly energyPerInferenceJ: number;
    readonly latencyCycles: number;
    readonly latencySeconds: number;
  };
  readonly memory: {
    /** Σ weightStoredBytes. */
    readonly weightBytes: number;
    /** Extra storage of the protected bits (SECDED check bits, or hardened-cell area as equivalent bytes). */
    readonly protectionBytes: number;
    readonly decoderTableBytes: number;
    readonly weightsLevel: string;
    readonly activationsLevel: string;
    readonly activationPeakBytes: number;
    /** TFLite Micro arena bookkeeping (per tensor + per op) where the profile declares it. */
    readonly activationOverheadBytes: number;
    /** activationPeakBytes + activationOverheadBytes. */
    readonly activationBytes: number;
    readonly levels: readonly LevelFootprint[];
    readonly fits: { readonly weights: boolean; readonly activations: boolean };
  };
  readonly voltage: {
    /** null: the profile has no voltage-scaled SRAM model. */
    readonly vdd: number | null;
    readonly vnom: number | null;
    readonly vmin: number | null;
    /** Vdd / Vmin. */
    readonly v: number | null;
    readonly ber: number;
    readonly berExtrapolated: boolean;
    readonly weightsOnScaledRail: boolean;
    readonly protectMsb: number;
    readonly dynamicScale: number;
    readonly leakageScale: number;
  };
  readonly warnings: readonly string[];
}

const bitsOf = (b: number | null) => b ?? 32;

function requireFinite(value: number, what: string, min = 0): void {
  if (!Number.isFinite(value) || value < min) {
    throw new UserError('cost-input', `The cost model needs ${what} to be a finite number ≥ ${min}; got ${value}.`, { field: what, value });
  }
}

function checkLayer(l: CostLayerInput): void {
  for (const key of ['macs', 'weightParams', 'inputElements', 'outputElements', 'weightStoredBytes'] as const) requireFinite(l[key], `${l.name}.${key}`);
  requireFinite(l.weightSparsity, `${l.name}.weightSparsity`);
  if (l.weightSparsity > 1) requireFinite(-1, `${l.name}.weightSparsity (a fraction 0…1)`);
  if (l.inputZeroFraction !== undefined && !(l.inputZeroFraction >= 0 && l.inputZeroFraction <= 1)) {
    requireFinite(-1, `${l.name}.inputZeroFraction (a fraction 0…1)`);
  }
}

export function estimateCost(profile: HardwareProfile, input: CostInput): CostReport {
  input.layers.forEach(checkLayer);
  requireFinite(input.activationPeakBytes, 'activationPeakBytes');
  const warnings: string[] = [];
  const levels = profile.memory.levels;
  const weightsLevel = levels.find((l) => l.id === profile.memory.weightsLevel)!;
  const activationsLevel = levels.find((l) => l.id === profile.memory.activationsLevel)!;
  const clockHz = profile.clockHz.value;

  // --- Voltage -------------------------------------------------------------------------------
  const sv = profile.sramVoltage;
  let vdd: number | null = null;
  if (sv) {
    vdd = input.vdd ?? sv.vnom.value;
    if (!Number.isFinite(vdd) || vdd <= 0) {
      throw new UserError('cost-vdd', `The SRAM supply vdd must be a positive number of volts; got ${input.vdd}.`, { vdd: input.vdd });
    }
  } else if (input.vdd !== undefined) {
    warnings.push(`Profile ${profile.id} has no voltage-scaled SRAM, so vdd = ${input.vdd} V changes nothing.`);
  }
  const dynScale = sv && vdd !== null ? dynamicVoltageScale(vdd, sv.vnom.value, sv.dynamicExponent.value) : 1;
  const leakScale = sv && vdd !== null ? leakageVoltageScale(vdd, sv.vnom.value, sv.leakageExponent.value) : 1;
  const v = sv && vdd !== null ? vdd / sv.vmin.value : null;
  const ber = sv && v !== null ? berAt(sv.ber, v) : 0;
  const extrapolated = sv && v !== null ? berExtrapolated(sv.ber, v) : false;
  if (extrapolated) warnings.push(`Vdd/Vmin = ${v!.toFixed(3)} is below the measured BER data; the BER is extrapolated.`);
  if (sv && vdd !== null && vdd > sv.vnom.value) warnings.push(`vdd = ${vdd} V is above the nominal ${sv.vnom.value} V the profile's energies are for.`);
  const weightsOnScaledRail = weightsLevel.voltageScaled;
  const protectMsb = input.protectMsb ?? 0;
  requireFinite(protectMsb, 'protectMsb');
  if (protectMsb > 0 && !weightsOnScaledRail) warnings.push(`protectMsb = ${protectMsb} has no effect: weights sit in "${weightsLevel.id}", which is not voltage-scaled.`);

  // Nominal access energy per bit of each level; scaled levels get the dynamic factor per access.
  const pjPerBit = new Map(levels.map((l) => [l.id, accessEnergyPerBitPj(profile, l.access, l.sizeBytes?.value)]));
  const levelDyn = (l: MemoryLevel) => (l.voltageScaled ? dynScale : 1);

  // Leakage power at this voltage; charged for the whole latency of each layer.
  const leakageW =
    profile.compute.leakageW.value + levels.reduce((s, l) => s + l.leakageW.value * (l.voltageScaled ? leakScale : 1), 0);

  let protectionBytes = 0;
  let decoderTableBytes = 0;

  const layerCosts: LayerCost[] = input.layers.map((l) => {
    const hasWeights = l.weightParams > 0;
    // Weightless MAC layers (activation × activation MatMul, pooling counted as MACs) multiply two activations.
    const wBits = hasWeights ? l.weightBits : l.inputBits;
    const operands = { weightBits: wBits, activationBits: l.inputBits, weightKind: hasWeights ? l.weightQuantizer : undefined };
    const skip = profile.zeroSkipping ? (1 - (hasWeights ? l.weightSparsity : 0)) * (1 - (l.inputZeroFraction ?? 0)) : 1;
    const energyMacs = l.macs * skip;

    const computeCycles = (l.macs * cyclesPerMacPerUnit(profile, operands)) / profile.compute.units.value;
    const computeJ =
      profile.compute.energy.model === 'per-cycle'
        ? computeCycles * profile.compute.units.value * skip * profile.compute.energy.pjPerCycle.value * 1e-12
        : energyMacs * macEnergyPj(profile, operands) * 1e-12;

    // Protection of the top protectMsb bits of each stored weight word (docs: "Protection").
    const storedWordBits = bitsOf(l.weightBits);
    const protectedFraction = weightsOnScaledRail && hasWeights ? Math.min(protectMsb, storedWordBits) / storedWordBits : 0;
    const weightBitsStored = 8 * l.weightStoredBytes;
    let weightLevelBitsFactor = 1; // extra bits read at the weights level (SECDED check bits)
    let hardenedShare = 0; // share of weight bits read from hardened cells at nominal voltage
    if (protectedFraction > 0) {
      if (profile.protection.model === 'secded') {
        const extra = (protectedFraction * profile.protection.checkBits.value) / profile.protection.wordBits.value;
        weightLevelBitsFactor = 1 + extra;
        protectionBytes += l.weightStoredBytes * extra;
      } else {
        hardenedShare = protectedFraction;
        protectionBytes += l.weightStoredBytes * protectedFraction * (profile.protection.areaFactor.value - 1);
      }
    }

    const accBits = l.weightBits === null || l.inputBits === null ? 32 : accumulatorBits(profile.compute.energy);
    const memoryJ: Record<string, number> = {};
    const memoryByLevel: Record<string, number> = {};
    for (const level of levels) {
      const t = level.traffic;
      const reuse = t.reuse.value;
      let weightBits = 0;
      if (hasWeights && t.weights === 'once') weightBits = weightBitsStored;
      else if (hasWeights && t.weights === 'per-mac') weightBits = (energyMacs * bitsOf(wBits)) / reuse;
      let actBits = 0;
      const outBits = l.outputElements * bitsOf(l.outputBits);
      if (t.activations === 'once') actBits = l.inputElements * bitsOf(l.inputBits) + outBits;
      else if (t.activations === 'per-mac') actBits = (energyMacs * bitsOf(l.inputBits)) / reuse + outBits;
      const psumBits = t.psums === 'per-mac' ? energyMacs * 2 * accBits : 0;

      const e = pjPerBit.get(level.id)!;
      const scaled = levelDyn(level);
      let pj = (actBits + psumBits) * e * scaled;
      if (level.id === weightsLevel.id && hardenedShare > 0 && profile.protection.model === 'hardened-cells') {
        pj += weightBits * e * ((1 - hardenedShare) * scaled + hardenedShare * profile.protection.energyFactor.value);
      } else {
        pj += weightBits * (level.id === weightsLevel.id ? weightLevelBitsFactor : 1) * e * scaled;
      }
      memoryJ[level.id] = pj * 1e-12;
      const movedBits = weightBits * (level.id === weightsLevel.id ? weightLevelBitsFactor : 1) + actBits + psumBits;
      memoryByLevel[level.id] = movedBits / 8 / level.bandwidthBytesPerCycle.value;
    }
    const memoryCycles = Math.max(0, ...Object.values(memoryByLevel));

    let decoderCycles = 0;
    let decoderJ = 0;
    if (l.decoder && l.storageFormat === 'coded') {
      if (!profile.decoder) {
        throw new UserError(
          'cost-no-decoder',
          `Layer ${l.name} has entropy-coded weights but hardware profile ${profile.id} has no "decoder" figures. Add them to the profile or choose another storage format.`,
          { layer: l.name, profile: profile.id },
        );
      }
      decoderCycles = (l.decoder.symbols * l.decoder.cyclesPerSymbol) / profile.decoder.parallelism.value;
      decoderJ = decoderCycles * profile.decoder.pjPerCycle.value * 1e-12;
      decoderTableBytes += l.decoder.tableBytes;
    }

    const total = Math.max(computeCycles, memoryCycles) + decoderCycles;
    const leakageJ = (leakageW * total) / clockHz;
    const memSum = Object.values(memoryJ).reduce((a, b) => a + b, 0);
    return {
      name: l.name,
      op: l.op,
      macs: l.macs,
      energyMacs,
      energy: { computeJ, memoryJ, decoderJ, leakageJ, totalJ: computeJ + memSum + decoderJ + leakageJ },
      cycles: { compute: computeCycles, memoryByLevel, memory: memoryCycles, decoder: decoderCycles, total },
      bound: computeCycles >= memoryCycles ? 'compute' : 'memory',
    };
  });

  // --- Totals --------------------------------------------------------------------------------
  const sum = (f: (c: LayerCost) => number) => layerCosts.reduce((s, c) => s + f(c), 0);
  const memoryJ: Record<string, number> = {};
  for (const level of levels) memoryJ[level.id] = sum((c) => c.energy.memoryJ[level.id]);
  const energy: EnergyBreakdown = {
    computeJ: sum((c) => c.energy.computeJ),
    memoryJ,
    decoderJ: sum((c) => c.energy.decoderJ),
    leakageJ: sum((c) => c.energy.leakageJ),
    totalJ: sum((c) => c.energy.totalJ),
  };
  const latencyCycles = sum((c) => c.cycles.total);

  // --- Footprint -----------------------------------------------------------------------------
  const weightBytes = input.layers.reduce((s, l) => s + l.weightStoredBytes, 0);
  const overhead = profile.memory.arenaOverhead;
  // TFLite Micro counts every tensor: each layer's output, plus weight and bias tensors of
  // weighted layers, plus the graph input.
  const tensorCount = input.tensorCount ?? 1 + input.layers.reduce((s, l) => s + 1 + (l.weightParams > 0 ? 2 : 0), 0);
  const opCount = input.opCount ?? input.layers.length;
  const activationOverheadBytes = overhead ? tensorCount * overhead.perTensorBytes.value + opCount * overhead.perOpBytes.value : 0;
  const activationBytes = input.activationPeakBytes + activationOverheadBytes;
  const weightFootprint = weightBytes + protectionBytes + decoderTableBytes;
  const used = new Map<string, number>();
  used.set(weightsLevel.id, weightFootprint);
  used.set(activationsLevel.id, (used.get(activationsLevel.id) ?? 0) + activationBytes);
  const levelFootprints: LevelFootprint[] = levels.map((l) => {
    const u = used.get(l.id) ?? 0;
    const size = l.sizeBytes?.value ?? null;
    return { id: l.id, sizeBytes: size, usedBytes: u, fits: size === null ? u === 0 : u <= size };
  });
  const fitsOf = (id: string) => levelFootprints.find((f) => f.id === id)!.fits;
  const fits = { weights: fitsOf(weightsLevel.id), activations: fitsOf(activationsLevel.id) };
  if (!fits.weights) warnings.push(`The weights (${Math.ceil(weightFootprint)} B) do not fit in "${weightsLevel.id}" (${weightsLevel.sizeBytes?.value} B); spills are not modelled.`);
  if (!fits.activations) warnings.push(`The activations (${Math.ceil(activationBytes)} B) do not fit in "${activationsLevel.id}" (${activationsLevel.sizeBytes?.value} B); spills are not modelled.`);

  return {
    profileId: profile.id,
    layers: layerCosts,
    totals: { energy, energyPerInferenceJ: energy.totalJ, latencyCycles, latencySeconds: latencyCycles / clockHz },
    memory: {
      weightBytes,
      protectionBytes,
      decoderTableBytes,
      weightsLevel: weightsLevel.id,
      activationsLevel: activationsLevel.id,
      activationPeakBytes: input.activationPeakBytes,
      activationOverheadBytes,
      activationBytes,
      levels: levelFootprints,
      fits,
    },
    voltage: {
      vdd,
      vnom: sv?.vnom.value ?? null,
      vmin: sv?.vmin.value ?? null,
      v,
      ber,
      berExtrapolated: extrapolated,
      weightsOnScaledRail,
      protectMsb,
      dynamicScale: dynScale,
      leakageScale: leakScale,
    },
    warnings,
  };
}
