/**
 * Binary (sign) quantizer, after Rastegari et al., "XNOR-Net: ImageNet Classification Using Binary
 * Convolutional Neural Networks", ECCV 2016, §3.1 (binary-weight networks):
 *
 *   code = sign(x) ∈ {−1, +1},   scale α = mean|x| (= ‖W‖₁ / n, the optimal α for B = sign(W))
 *
 * Levels {−1, 1}, 1 storage bit (the only bit-width accepted). Real 0 is NOT representable: the
 * zero-point 0 only anchors real = α·(level − 0); x = 0 (and NaN) goes to +1, the nearest-level
 * tie rule between two levels of equal magnitude (`quantize.ts`) and sign(0) = +1 as in XNOR-Net's
 * code. Per channel (α per output filter, as XNOR-Net does) or per tensor.
 */

import type { FitOptions, QuantParams, Quantizer } from '../types.js';
import { channelValues, positiveScale } from './channel-stats.js';
import { checkFitOptions } from './check-fit-options.js';

const BITS = 1;

export const binaryQuantizer: Quantizer = {
  kind: 'binary',
  minBits: BITS,
  maxBits: BITS,
  fit(data: Float32Array, options: FitOptions): QuantParams {
    const per = checkFitOptions('binary', BITS, BITS, data, options);
    const scale = new Float64Array(options.channels);
    for (let k = 0; k < options.channels; k++) {
      const values = channelValues(data, per, k, options);
      let sumAbs = 0;
      for (let i = 0; i < values.length; i++) sumAbs += Math.abs(values[i]);
      scale[k] = positiveScale(values.length > 0 ? sumAbs / values.length : 0);
    }
    return {
      kind: 'binary',
      bits: BITS,
      channels: options.channels,
      scale,
      zeroPoint: new Int32Array(options.channels),
      levels: Int32Array.of(-1, 1),
      thresholds: null,
    };
  },
};
