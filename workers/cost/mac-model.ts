/**
 * Energy and time of one MAC on a profile's compute units, as a function of the operand widths.
 * null widths mean float32.
 */
import type { AccessEnergy, HardwareProfile, MacEnergyModel, ThroughputModel } from '../../src-shared/hardware-profile.js';
import { adderEnergyPj, effectiveMulBits, multiplierEnergyPj, nodeEnergyScale, sramEnergyPerBitPj } from './energy-formulas.js';

/** Quantizer families that change the multiplier (QTools' gates) rather than only its width. */
export type OperandKind = 'binary' | 'ternary' | 'other';

export interface MacOperands {
  readonly weightBits: number | null;
  readonly activationBits: number | null;
  /** Binary/ternary weights cost a gate, not a multiplier; default from the width (1 bit = binary). */
  readonly weightKind?: OperandKind;
}

function weightKindOf(o: MacOperands): OperandKind {
  if (o.weightKind) return o.weightKind;
  return o.weightBits === 1 ? 'binary' : 'other';
}

/** The widest operand, the width a mode-switched datapath (MCU kernels, BrainTTA) must run at; null = float. */
export function operandWidth(o: MacOperands): number | null {
  if (o.weightBits === null || o.activationBits === null) return null;
  return Math.max(o.weightBits, o.activationBits);
}

/** The smallest table entry at least `bits` wide; undefined above the table (then the float entry applies). */
function tableEntry(table: readonly { bits: number; value: number }[], bits: number): number | undefined {
  let best: { bits: number; value: number } | undefined;
  for (const e of table) if (e.bits >= bits && (!best || e.bits < best.bits)) best = e;
  return best?.value;
}

/** Accumulator width of the profile's datapath (for partial-sum traffic and adder energy). */
export function accumulatorBits(model: MacEnergyModel): number {
  return model.accumulatorBits.value;
}

/**
 * Energy of one MAC in pJ at the profile's node.
 * - qtools: gate·E_add(b_other) for binary/ternary operands (QTools Mux/XorGate), else
 *   E_mul(√(b_a·b_w)); plus E_add(b_acc); float32: Horowitz' 3.7 + 0.9 pJ. Scaled from 45 nm.
 * - bit-bricks: ceil(b_a/k)·ceil(b_w/k)·E_brick + E_add(b_acc) (REFERENCE-FIGURES §1 [D]).
 * - table: the entry for the widest operand, rounded up to the next supported width.
 * - per-cycle: cycles per MAC × energy per cycle.
 */
export function macEnergyPj(profile: HardwareProfile, o: MacOperands): number {
  const m = profile.compute.energy;
  const node = profile.technology.nodeNm.value;
  switch (m.model) {
    case 'qtools': {
      const scale = nodeEnergyScale(m.referenceNodeNm.value, node);
      if (o.weightBits === null || o.activationBits === null) return m.float32MacPj.value * scale;
      const add = (b: number) => adderEnergyPj(b, m.addPerBitPj.value);
      const wk = weightKindOf(o);
      const aBinary = o.activationBits === 1;
      let mul: number;
      if (wk === 'binary' && aBinary) mul = m.binaryGateFactor.value * add(1);
      else if (wk === 'binary') mul = m.binaryGateFactor.value * add(o.activationBits);
      else if (wk === 'ternary') mul = m.ternaryGateFactor.value * add(o.activationBits);
      else if (aBinary) mul = m.binaryGateFactor.value * add(o.weightBits);
      else mul = multiplierEnergyPj(effectiveMulBits(o.activationBits, o.weightBits), m.mulQuadPj.value, m.mulLinPj.value);
      return (mul + add(m.accumulatorBits.value)) * scale;
    }
    case 'bit-bricks': {
      const k = m.brickBits.value;
      const ba = o.activationBits ?? m.floatAsBits.value;
      const bw = o.weightBits ?? m.floatAsBits.value;
      const bricks = Math.ceil(ba / k) * Math.ceil(bw / k);
      return (bricks * m.brickPj.value + adderEnergyPj(m.accumulatorBits.value, m.addPerBitPj.value)) * nodeEnergyScale(m.referenceNodeNm.value, node);
    }
    case 'table': {
      const w = operandWidth(o);
      const e = w === null ? undefined : tableEntry(m.pjPerMac, w);
      return e ?? m.floatPjPerMac.value;
    }
    case 'per-cycle':
      return cyclesPerMacPerUnit(profile, o) * m.pjPerCycle.value;
  }
}

/** Cycles one unit spends on one MAC. */
export function cyclesPerMacPerUnit(profile: HardwareProfile, o: MacOperands): number {
  const t: ThroughputModel = profile.compute.throughput;
  switch (t.model) {
    case 'fixed':
      return 1 / t.macsPerCyclePerUnit.value;
    case 'bit-bricks': {
      const k = t.brickBits.value;
      const ba = o.activationBits ?? t.floatAsBits.value;
      const bw = o.weightBits ?? t.floatAsBits.value;
      // A unit's bricks form bricksPerUnit / bricksPerMac fused PEs; a MAC wider than the unit
      // time-multiplexes it (Bit Fusion's temporal composition for 16-bit operands).
      return (Math.ceil(ba / k) * Math.ceil(bw / k)) / t.bricksPerUnit.value;
    }
    case 'table': {
      const w = operandWidth(o);
      const c = w === null ? undefined : tableEntry(t.cyclesPerMac, w);
      return c ?? t.floatCyclesPerMac.value;
    }
  }
}

/**
 * Energy per bit of one access to a level, in pJ, at the nominal voltage. mac-relative levels use
 * the profile's own MAC energy at referenceMacBits × referenceMacBits as the unit.
 */
export function accessEnergyPerBitPj(profile: HardwareProfile, access: AccessEnergy, sizeBytes: number | undefined): number {
  switch (access.model) {
    case 'per-bit':
      return access.pjPerBit.value;
    case 'per-access':
      return access.pjPerAccess.value / access.widthBits.value;
    case 'sram-array': {
      // A level without a size has no array to take a wire length from.
      if (sizeBytes === undefined) throw new RangeError('sram-array access energy needs sizeBytes');
      return sramEnergyPerBitPj(sizeBytes, access.pjPerBitAt32KB.value) * nodeEnergyScale(access.referenceNodeNm.value, profile.technology.nodeNm.value);
    }
    case 'mac-relative': {
      const b = access.referenceMacBits.value;
      return (access.ratio.value * macEnergyPj(profile, { weightBits: b, activationBits: b })) / access.widthBits.value;
    }
  }
}
