/**
 * Stored bytes of each layer's weights in the simplest deployable format: dense, packed at the
 * weight bit-width (int4 two per byte, as TFLite Micro packs them), plus one float32 scale per
 * channel, one int32 zero-point per channel when the quantizer has non-zero zero-points, and
 * int32 biases (float32 when weights stay float). Sparse and entropy-coded formats arrive with
 * the cost models.
 */
import type { LayerWeights } from './prepare-weights.js';

export function layerStoredBytes(layer: LayerWeights): number {
  const biasBytes = layer.biasName ? 4 * layer.channels : 0;
  if (!layer.quant || layer.bits === null) return 4 * layer.params + biasBytes;
  const p = layer.quant.params;
  const packed = Math.ceil((layer.params * layer.bits) / 8);
  const scales = 4 * p.channels;
  const zeroPoints = p.zeroPoint.some((z) => z !== 0) ? 4 * p.channels : 0;
  return packed + scales + zeroPoints + biasBytes;
}
