/** The quantizer table: one family per file, looked up by kind (like an op table). */

import { UserError } from '../../../../src-shared/errors.js';
import { QUANTIZER_KINDS, type Quantizer, type QuantizerKind } from '../types.js';
import { asymmetricQuantizer } from './asymmetric.js';
import { binaryQuantizer } from './binary.js';
import { heqQuantizer } from './heq.js';
import { pow2Quantizer } from './pow2.js';
import { symmetricQuantizer } from './symmetric.js';
import { ternaryQuantizer } from './ternary.js';

export const QUANTIZERS: Readonly<Record<QuantizerKind, Quantizer>> = {
  symmetric: symmetricQuantizer,
  asymmetric: asymmetricQuantizer,
  heq: heqQuantizer,
  pow2: pow2Quantizer,
  ternary: ternaryQuantizer,
  binary: binaryQuantizer,
};

/** The quantizer of a family; an unknown name (from a flag or a project file) is the user's error. */
export function getQuantizer(kind: string): Quantizer {
  if (!Object.prototype.hasOwnProperty.call(QUANTIZERS, kind)) {
    throw new UserError(
      'quant-kind',
      `There is no quantizer named '${kind}'. Use one of: ${QUANTIZER_KINDS.join(', ')}.`,
      { kind },
    );
  }
  return QUANTIZERS[kind as QuantizerKind];
}
