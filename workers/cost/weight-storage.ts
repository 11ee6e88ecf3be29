/**
 * Stored bytes of a layer's weight codes in each storage format, counted from the actual codes
 * (not from the sparsity alone), so the numbers reflect where the zeros really fall.
 */

export type StorageFormat = 'dense' | 'csr' | 'relative' | 'coded';

/** Bits of an index that addresses n positions: ceil(log2 n), at least 1. */
export function indexBits(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(1, n))));
}

/** Dense, packed at `bits` (sub-byte packing: int4 two per byte, int2 four per byte, TFLite Micro). */
export function denseBytes(params: number, bits: number): number {
  return Math.ceil((params * bits) / 8);
}

function checkCodes(codes: Int32Array, rows: number): number {
  if (!Number.isInteger(rows) || rows < 1 || codes.length % rows !== 0) {
    throw new RangeError(`${codes.length} codes do not split into ${rows} rows`);
  }
  return codes.length / rows;
}

/**
 * CSR over rows (output channels), bit-packed at the narrowest widths that can hold each field:
 * nonzero values at `bits`, column indices at ceil(log2(cols)) bits, rows+1 row pointers at
 * ceil(log2(nnz+1)) bits. The count of numbers, 2a + n + 1 for a nonzeros and n rows, is Deep
 * Compression's (Han et al., ICLR 2016, §3); the minimal widths are our choice (documented in
 * docs/cost-models.md): a real kernel may use 16- or 32-bit indices, which this does not model.
 */
export function csrBytes(codes: Int32Array, rows: number, bits: number, isZero: (code: number) => boolean): number {
  const cols = checkCodes(codes, rows);
  let nnz = 0;
  for (let i = 0; i < codes.length; i++) if (!isZero(codes[i])) nnz++;
  const total = nnz * bits + nnz * indexBits(cols) + (rows + 1) * indexBits(nnz + 1);
  return Math.ceil(total / 8);
}

/**
 * Entries of Deep Compression's relative indexing over the codes in order: one per nonzero, plus
 * a filler zero entry each time the run of zeros before a nonzero exceeds what `indexBits` can
 * encode (Han et al., ICLR 2016, §3 and Fig. 2). An entry's index field holds the number of zeros
 * skipped, 0 … 2^indexBits − 1; trailing zeros need no entry.
 */
export function relativeIndexEntries(codes: Int32Array, indexBits: number, isZero: (code: number) => boolean): number {
  const maxGap = 2 ** indexBits - 1;
  let entries = 0;
  let gap = 0;
  for (let i = 0; i < codes.length; i++) {
    if (isZero(codes[i])) {
      gap++;
      continue;
    }
    // A filler stands for maxGap zeros and occupies one position itself (a stored zero value).
    while (gap > maxGap) {
      entries++;
      gap -= maxGap + 1;
    }
    entries++;
    gap = 0;
  }
  return entries;
}

/** Deep Compression relative indexing: each entry stores its value (bits) and its gap (indexBits); bit-packed. */
export function relativeIndexBytes(codes: Int32Array, bits: number, indexBits: number, isZero: (code: number) => boolean): number {
  return Math.ceil((relativeIndexEntries(codes, indexBits, isZero) * (bits + indexBits)) / 8);
}

/** A weight-sharing codebook of 2^bits float32 centroids (Deep Compression's k-means weight sharing). */
export function codebookBytes(bits: number): number {
  return 4 * 2 ** bits;
}

/** What a layer stores besides its codes: float32 scale per channel, int32 zero-points (if any is non-zero), biases. */
export interface LayerMetadata {
  readonly channels: number;
  readonly hasNonZeroZeroPoint: boolean;
  /** Biases stored: int32 at scale_w·scale_a in integer deployments, float32 for float weights (4 bytes either way). */
  readonly biases: number;
  /** Whether the weights are quantized (scales exist). */
  readonly quantized: boolean;
}

/** Bytes of scales, zero-points and biases (TFLite's per-channel int8 scheme: float32 scales, int32 zero-points and biases). */
export function metadataBytes(m: LayerMetadata): number {
  const biases = 4 * m.biases;
  if (!m.quantized) return biases;
  return 4 * m.channels + (m.hasNonZeroZeroPoint ? 4 * m.channels : 0) + biases;
}
