/**
 * Costs one deployed design point on a hardware profile: gathers, per fused group, what the cost
 * models take (MACs, activation traffic and widths, weight bits, sparsity, the stored bytes in the
 * target's format, the entropy decoder's work) and runs estimateCost.
 */
import type { DeployTarget } from '../../src-shared/deploy-target.js';
import type { HardwareProfile } from '../../src-shared/hardware-profile.js';
import { groupGeometry, type DeployedModel } from '../engine/deploy/deploy-model.js';
import { chosenStorage, type ChosenFormat, type LayerStorage } from '../engine/deploy/layer-storage.js';
import { berAt } from './ber.js';
import { estimateCost, type CostLayerInput, type CostReport } from './cost-model.js';
import type { StorageFormat } from './weight-storage.js';

export interface StoredLayer {
  readonly name: string;
  readonly format: ChosenFormat;
  readonly bytes: number;
}

export function designPointCost(
  model: DeployedModel,
  storage: ReadonlyMap<string, LayerStorage>,
  target: DeployTarget,
  profile: HardwareProfile,
): { cost: CostReport; stored: StoredLayer[] } {
  const weightsByName = new Map(model.layers.map((l) => [l.name, l]));
  const stored: StoredLayer[] = [];
  const layers: CostLayerInput[] = groupGeometry(model).map((g) => {
    const w = weightsByName.get(g.name);
    const s = storage.get(g.name);
    if (!w || !s) {
      return {
        name: g.name, op: g.op, macs: g.macs, weightParams: 0, weightBits: null, inputBits: g.inputBits, outputBits: g.outputBits,
        weightSparsity: 0, inputElements: g.inputElements, outputElements: g.outputElements, weightStoredBytes: 0, storageFormat: 'dense',
      };
    }
    const chosen = chosenStorage(s, target);
    stored.push({ name: g.name, ...chosen });
    const coded = chosen.format === 'huffman' || chosen.format === 'rans' ? s[chosen.format] : null;
    const format: StorageFormat = coded ? 'coded' : (chosen.format as StorageFormat);
    return {
      name: g.name,
      op: g.op,
      macs: g.macs,
      weightParams: w.params,
      weightBits: w.bits,
      inputBits: g.inputBits,
      outputBits: g.outputBits,
      weightSparsity: w.sparsity,
      inputElements: g.inputElements,
      outputElements: g.outputElements,
      weightStoredBytes: chosen.bytes,
      storageFormat: format,
      decoder: coded ? { symbols: w.params, cyclesPerSymbol: coded.stats.decoder.cyclesPerSymbol, tableBytes: coded.stats.decoder.tableBytes } : undefined,
      weightQuantizer: w.quantizer === 'binary' ? 'binary' : w.quantizer === 'ternary' ? 'ternary' : 'other',
    };
  });
  const cost = estimateCost(profile, {
    layers,
    activationPeakBytes: model.activationPeakBytes,
    vdd: target.vdd ?? undefined,
    protectMsb: target.protectMsb,
  });
  return { cost, stored };
}

/**
 * The bit-error rate stored weights see at `vdd` on this profile: the profile's BER(V/Vmin) when
 * its weight memory is on the voltage-scaled SRAM rail, else 0 (e.g. an MCU's weights in flash).
 */
export function weightBitErrorRate(profile: HardwareProfile, vdd: number | null): number {
  const sv = profile.sramVoltage;
  const weightsLevel = profile.memory.levels.find((l) => l.id === profile.memory.weightsLevel);
  if (!sv || !weightsLevel?.voltageScaled) return 0;
  return berAt(sv.ber, (vdd ?? sv.vnom.value) / sv.vmin.value);
}
