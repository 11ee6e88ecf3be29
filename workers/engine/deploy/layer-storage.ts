/**
 * What each quantized layer's weights cost to store in every format EdgeFront models — dense
 * packed, CSR, relative-indexed (Deep Compression) and entropy-coded with Huffman and rANS — and
 * which format a deployment target stores them in. Coded sizes are the real encoded streams (the
 * encoders run), with their tables and headers, not entropy estimates.
 */
import type { DeployTarget } from '../../../src-shared/deploy-target.js';
import { codingStats, encodeWeights, type CodingMethod, type CodingStats, type EncodedWeights } from '../coding/weight-codec.js';
import { shannonEntropy } from '../coding/entropy.js';
import type { LayerWeights } from './prepare-weights.js';
import { layerMetadataBytes, layerStoredBytes } from './weight-memory.js';

/** Relative index width: 8 bits for conv layers, 5 for fully connected ones (Han et al., ICLR 2016, §3). */
export const relativeIndexBitsOf = (op: string): number => (op === 'Conv' ? 8 : 5);

export interface CodedLayer {
  readonly encoded: EncodedWeights;
  readonly stats: CodingStats;
  /** Coded stream plus scales, zero-points and biases. */
  readonly bytes: number;
}

export interface LayerStorage {
  readonly name: string;
  readonly params: number;
  /** Scales, zero-points and biases: stored in every format. */
  readonly metadataBytes: number;
  /** Totals per format, metadata included. */
  readonly dense: number;
  readonly csr: number;
  readonly relative: number;
  /** null for float weights, which are not entropy-coded. */
  readonly huffman: CodedLayer | null;
  readonly rans: CodedLayer | null;
  /** Order-0 Shannon entropy of the stored codes, bits per weight (null for float weights). */
  readonly entropyBitsPerParam: number | null;
}

export type ChosenFormat = 'dense' | 'csr' | 'relative' | 'huffman' | 'rans';

/** The most frequent code: the zero weight in a pruned or zero-point quantized layer. */
function mostFrequent(codes: Int32Array): number {
  const counts = new Map<number, number>();
  let best = codes.length ? codes[0] : 0;
  let bestCount = 0;
  for (const c of codes) {
    const n = (counts.get(c) ?? 0) + 1;
    counts.set(c, n);
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

/** Encodes with and without the zero-run mode and keeps the smaller stream, as an encoder would. */
function encodeBest(codes: Int32Array, method: CodingMethod, metadata: number): CodedLayer {
  const zeroSymbol = mostFrequent(codes);
  const plain = encodeWeights(codes, method);
  const runs = encodeWeights(codes, method, { zeroRun: true, zeroSymbol });
  const encoded = runs.bytes.length < plain.bytes.length ? runs : plain;
  return { encoded, stats: codingStats(codes, encoded), bytes: encoded.bytes.length + metadata };
}

export function layerStorage(layer: LayerWeights, methods: readonly CodingMethod[] = ['huffman', 'rans']): LayerStorage {
  const metadataBytes = layerMetadataBytes(layer);
  const quantized = layer.quant !== null && layer.bits !== null;
  const codes = layer.quant?.codes;
  const coded = (m: CodingMethod) => (quantized && methods.includes(m) ? encodeBest(codes!, m, metadataBytes) : null);
  return {
    name: layer.name,
    params: layer.params,
    metadataBytes,
    dense: layerStoredBytes(layer, 'dense'),
    csr: quantized ? layerStoredBytes(layer, 'csr') : layerStoredBytes(layer, 'dense'),
    relative: quantized ? layerStoredBytes(layer, 'relative', relativeIndexBitsOf(layer.op)) : layerStoredBytes(layer, 'dense'),
    huffman: coded('huffman'),
    rans: coded('rans'),
    entropyBitsPerParam: quantized && codes!.length > 0 ? shannonEntropy(codes!) : null,
  };
}

/** The format a target stores a layer in, and its total bytes. Float weights are always dense. */
export function chosenStorage(s: LayerStorage, target: Pick<DeployTarget, 'coding' | 'storage'>): { format: ChosenFormat; bytes: number } {
  if (target.coding !== 'none') {
    const c = s[target.coding];
    if (c) return { format: target.coding, bytes: c.bytes };
    return { format: 'dense', bytes: s.dense };
  }
  if (target.storage === 'auto') {
    const options: [ChosenFormat, number][] = [['dense', s.dense], ['csr', s.csr], ['relative', s.relative]];
    options.sort((a, b) => a[1] - b[1]);
    return { format: options[0][0], bytes: options[0][1] };
  }
  return { format: target.storage, bytes: s[target.storage] };
}
