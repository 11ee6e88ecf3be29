/**
 * A deployed model as it computes after SRAM bit errors in its weight memory: the stored words of
 * every quantized layer get the faults of one seed at one bit-error rate, are read back as the
 * hardware would read them, and the model is rebuilt around the resulting levels (calibration is
 * not repeated: see withWeightLevels).
 *
 * What is corrupted is the *stored representation* (docs/faults.md): dense weight words (two's
 * complement, unsigned or index codes, packed at the weight width) or, for entropy-coded weights,
 * the coded payload, which is then decoded — so one flipped bit can derail every symbol after it,
 * as it would on the device.
 */
import { UserError } from '../../../src-shared/errors.js';
import { decodeWeights, type EncodedWeights } from '../coding/weight-codec.js';
import { injectByteFaults, injectWeightFaults, type FaultMode } from '../faults/inject-weights.js';
import { withWeightLevels, type DeployedModel } from './deploy-model.js';

export interface WeightFaultSettings {
  readonly ber: number;
  readonly seed: number;
  readonly mode: FaultMode;
  readonly protectMsb: number;
}

export interface FaultyDeployment {
  readonly model: DeployedModel;
  /** Stored bits drawn as faulty (over every quantized layer). */
  readonly faultyBits: number;
  /** Faulty bits whose read value differs from the stored one. */
  readonly changedBits: number;
  /** Weights whose multiplied level differs from the fault-free one. */
  readonly changedWeights: number;
}

/**
 * `encoded`: the entropy-coded stream of each layer when the weights are stored coded (then the
 * faults hit the payload); absent for dense storage.
 */
export function faultyDeployment(
  model: DeployedModel,
  settings: WeightFaultSettings,
  encoded?: ReadonlyMap<string, EncodedWeights>,
): FaultyDeployment {
  if (encoded && settings.protectMsb > 0) {
    throw new UserError(
      'protect-msb-coded',
      '--protect-msb protects the top bits of each stored weight word; entropy-coded weights have no per-weight words. Use --coding none with --protect-msb, or leave --protect-msb out.',
    );
  }
  const levels = new Map<string, Int32Array>();
  let faultyBits = 0;
  let changedBits = 0;
  let changedWeights = 0;
  for (const layer of model.layers) {
    if (!layer.quant) continue;
    const { params, codes } = layer.quant;
    const region = `weights/${layer.name}`;
    let faulty: Int32Array;
    const stream = encoded?.get(layer.name);
    if (stream) {
      const bytes = stream.bytes.slice();
      const r = injectByteFaults(bytes.subarray(stream.headerBytes), { ber: settings.ber, seed: settings.seed, mode: settings.mode }, region);
      faultyBits += r.faultyBits;
      changedBits += r.changedBits;
      const decoded = r.changedBits === 0 ? codes : decodeWeights(bytes);
      faulty = new Int32Array(decoded.length);
      for (let i = 0; i < decoded.length; i++) faulty[i] = params.levels[decoded[i]];
    } else {
      const r = injectWeightFaults(codes, params, settings, region);
      faultyBits += r.faultyBits;
      changedBits += r.changedBits;
      faulty = r.levels;
    }
    let changed = 0;
    for (let i = 0; i < codes.length; i++) if (faulty[i] !== params.levels[codes[i]]) changed++;
    changedWeights += changed;
    if (changed > 0) levels.set(layer.name, faulty);
  }
  return { model: levels.size > 0 ? withWeightLevels(model, levels) : model, faultyBits, changedBits, changedWeights };
}
