/**
 * Stored bytes of each layer's weights: the codes in a storage format (dense packed at the weight
 * bit-width — int4 two per byte, as TFLite Micro packs them —, CSR, or Deep Compression relative
 * indexing), plus one float32 scale per channel, one int32 zero-point per channel when the
 * quantizer has non-zero zero-points, and int32 biases (float32 when weights stay float). The
 * counting rules live in workers/cost/weight-storage.ts; entropy-coded sizes come from the coders.
 */
import { csrBytes, denseBytes, metadataBytes, relativeIndexBytes } from '../../cost/weight-storage.js';
import type { LayerWeights } from './prepare-weights.js';

/** Storage formats whose size follows from the codes alone. */
export type CountedFormat = 'dense' | 'csr' | 'relative';

/** Deep Compression's index width for fully connected layers (5 bits; 8 for conv layers), Han et al. 2016 §3. */
export const DEFAULT_RELATIVE_INDEX_BITS = 5;

/** Scales, zero-points and biases of a layer, in bytes. */
export function layerMetadataBytes(layer: LayerWeights): number {
  const p = layer.quant?.params;
  return metadataBytes({
    channels: p ? p.channels : layer.channels,
    hasNonZeroZeroPoint: p ? p.zeroPoint.some((z) => z !== 0) : false,
    biases: layer.biasName ? layer.channels : 0,
    quantized: !!p && layer.bits !== null,
  });
}

/**
 * The codes with every code that means real 0 replaced by −1. The zero code depends on the
 * channel's zero-point, while the storage counters only see a code, so the channel is resolved
 * here once.
 */
function zeroMarkedCodes(layer: LayerWeights): Int32Array {
  const q = layer.quant!;
  const { levels, zeroPoint, channels } = q.params;
  const per = q.codes.length / channels;
  const out = new Int32Array(q.codes.length);
  for (let k = 0; k < channels; k++) {
    for (let i = k * per; i < (k + 1) * per; i++) {
      const c = q.codes[i];
      out[i] = levels[c] === zeroPoint[k] ? -1 : c;
    }
  }
  return out;
}

export function layerStoredBytes(layer: LayerWeights, format: CountedFormat = 'dense', indexBits = DEFAULT_RELATIVE_INDEX_BITS): number {
  const meta = layerMetadataBytes(layer);
  if (!layer.quant || layer.bits === null) return 4 * layer.params + meta;
  const bits = layer.bits;
  if (format === 'dense') return denseBytes(layer.params, bits) + meta;
  const marked = zeroMarkedCodes(layer);
  const isZero = (c: number) => c === -1;
  if (format === 'csr') return csrBytes(marked, layer.channels, bits, isZero) + meta;
  return relativeIndexBytes(marked, bits, indexBits, isZero) + meta;
}
