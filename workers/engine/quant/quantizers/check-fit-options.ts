import { InternalError, UserError } from '../../../../src-shared/errors.js';
import type { FitOptions, QuantizerKind } from '../types.js';

/**
 * Validates what every quantizer's `fit` receives and returns the number of values per channel.
 * A bad bit-width is the user's (it comes from a flag or a design space); a bad layout is ours.
 */
export function checkFitOptions(
  kind: QuantizerKind,
  minBits: number,
  maxBits: number,
  data: Float32Array,
  options: FitOptions,
): number {
  const { bits, channels } = options;
  if (!Number.isInteger(bits) || bits < minBits || bits > maxBits) {
    const allowed = minBits === maxBits ? `exactly ${minBits}` : `an integer from ${minBits} to ${maxBits}`;
    const hint = kind === 'symmetric' || kind === 'heq' || kind === 'pow2'
      ? " For 1-bit weights use the 'binary' quantizer."
      : kind === 'ternary' ? " Ternary values are stored in 2 bits; for 1 bit use 'binary'." : '';
    throw new UserError(
      'quant-bits',
      `The '${kind}' quantizer cannot use ${bits} bits: the bit-width must be ${allowed}.${hint}`,
      { kind, bits, minBits, maxBits },
    );
  }
  if (!Number.isInteger(channels) || channels < 1 || data.length % channels !== 0) {
    throw new InternalError(
      'quant-channels',
      `A tensor of ${data.length} values cannot be split into ${channels} equal channels for the '${kind}' quantizer.`,
      { length: data.length, channels },
    );
  }
  if (options.range && (options.range.lo.length !== channels || options.range.hi.length !== channels)) {
    throw new InternalError(
      'quant-range',
      `The calibrated range for the '${kind}' quantizer has ${options.range.lo.length}/${options.range.hi.length} entries for ${channels} channels.`,
    );
  }
  return data.length / channels;
}
