/**
 * A hardware profile as the Hardware view charts it. Every figure comes from the function the
 * evaluation uses (workers/cost/ber.ts for BER(V/Vmin), workers/cost/mac-model.ts for the MAC and
 * memory-access energies), so the charts cannot drift from the cost and fault models.
 */
import type { BerCurveView, HardwareProfileView, LevelEnergyRow, MacEnergyRow } from '../../src-shared/api/hardware-view.js';
import type { AccessEnergy, HardwareProfile } from '../../src-shared/hardware-profile.js';
import { berAt, berExtrapolated } from '../../workers/cost/ber.js';
import { accessEnergyPerBitPj, macEnergyPj } from '../../workers/cost/mac-model.js';

/** Operand widths of the MAC-energy table (weights and activations at the same width), then float. */
export const MAC_TABLE_WIDTHS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16] as const;

/** Samples of the BER curve between its lowest voltage and Vnom. */
const BER_SAMPLES = 91;
/** Lowest V/Vmin charted for a probit fit: well into the extrapolated region, where BER ≈ 0.7. */
const PROBIT_LOWEST_V = 0.65;

/** The BER(Vdd) curve on a grid of supplies from well below Vmin up to Vnom; null without a voltage model. */
export function berCurveView(profile: HardwareProfile): BerCurveView | null {
  const sv = profile.sramVoltage;
  if (!sv) return null;
  const vmin = sv.vmin.value;
  const vnom = sv.vnom.value;
  const curve = sv.ber;
  const lowest = curve.kind === 'probit' ? PROBIT_LOWEST_V : Math.min(...curve.points.map((p) => p.v));
  const highest = Math.max(1, vnom / vmin);
  const points = Array.from({ length: BER_SAMPLES }, (_, i) => {
    const vdd = (lowest + ((highest - lowest) * i) / (BER_SAMPLES - 1)) * vmin;
    // V/Vmin exactly as the evaluation forms it from a supply (design-point-cost.ts).
    const v = vdd / vmin;
    return { vdd, v, ber: berAt(curve, v), extrapolated: berExtrapolated(curve, v) };
  });
  const weightsLevel = profile.memory.levels.find((l) => l.id === profile.memory.weightsLevel);
  return { vnom, vmin, kind: curve.kind, weightsOnScaledRail: weightsLevel?.voltageScaled ?? false, points };
}

export function macEnergyTable(profile: HardwareProfile): MacEnergyRow[] {
  const rows: MacEnergyRow[] = MAC_TABLE_WIDTHS.map((bits) => ({ bits, pj: macEnergyPj(profile, { weightBits: bits, activationBits: bits }) }));
  rows.push({ bits: null, pj: macEnergyPj(profile, { weightBits: null, activationBits: null }) });
  return rows;
}

/** The source of the figure that sets a level's access energy. */
function accessSource(access: AccessEnergy): string {
  switch (access.model) {
    case 'per-bit':
      return access.pjPerBit.source;
    case 'per-access':
      return access.pjPerAccess.source;
    case 'sram-array':
      return access.pjPerBitAt32KB.source;
    case 'mac-relative':
      return access.ratio.source;
  }
}

export function levelEnergyTable(profile: HardwareProfile): LevelEnergyRow[] {
  return profile.memory.levels.map((l) => ({
    id: l.id,
    name: l.name,
    model: l.access.model,
    pjPerBit: accessEnergyPerBitPj(profile, l.access, l.sizeBytes?.value),
    sizeBytes: l.sizeBytes?.value ?? null,
    voltageScaled: l.voltageScaled,
    source: accessSource(l.access),
  }));
}

export function hardwareProfileView(
  profile: HardwareProfile,
  where: { readonly origin: HardwareProfileView['origin']; readonly overridesBuiltin: boolean; readonly usedByProject: boolean },
): HardwareProfileView {
  return {
    id: profile.id,
    ...where,
    profile,
    ber: berCurveView(profile),
    macEnergy: macEnergyTable(profile),
    macEnergyModel: profile.compute.energy.model,
    levels: levelEnergyTable(profile),
  };
}
