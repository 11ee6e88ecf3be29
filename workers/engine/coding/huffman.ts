/**
 * Length-limited canonical Huffman coding over a dense alphabet 0 … K−1.
 *
 * - Code lengths: package-merge (Larmore & Hirschberg, "A fast algorithm for optimal
 *   length-restricted Huffman codes", JACM 37(3), 1990), optimal among prefix codes whose longest
 *   code is ≤ `maxLength`. O(K · maxLength) time and memory, fine for 2^16-symbol alphabets.
 * - Codes: canonical assignment (RFC 1951 §3.2.2): shorter codes first, equal lengths in symbol
 *   order, so the table is described by the lengths alone.
 * - Decoding: a primary lookup table indexed by the next `min(maxLength, 11)` bits resolves every
 *   code of up to 11 bits in one step (Huff0 and zlib use 11- and 9-bit first-level tables);
 *   longer codes fall back to the canonical first-code/count search per length.
 *
 * A one-symbol alphabet gets code length 0: the symbol count alone carries the data.
 */
import { BitReader, BitWriter, ByteReader, ByteWriter, MAX_BITS_PER_CALL } from './bit-io.js';
import { UserError } from '../../../src-shared/errors.js';

/** Longest code the coder emits; also the most the bit reader serves in one peek. */
export const HUFFMAN_MAX_CODE_LENGTH = MAX_BITS_PER_CALL;
/** Index width of the primary decode table. */
export const HUFFMAN_PRIMARY_BITS = 11;
const LENGTH_FIELD_BITS = 5;

/**
 * Optimal code lengths with every length ≤ maxLength (package-merge). `counts[i]` > 0 for every
 * symbol. K = 1 gives [0]; K = 0 gives [].
 */
export function huffmanCodeLengths(counts: ArrayLike<number>, maxLength = HUFFMAN_MAX_CODE_LENGTH): Uint8Array {
  const n = counts.length;
  const lengths = new Uint8Array(n);
  if (n <= 1) return lengths;
  if (maxLength > HUFFMAN_MAX_CODE_LENGTH || 2 ** maxLength < n) {
    throw new RangeError(`Cannot code ${n} symbols with codes of at most ${maxLength} bits.`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => counts[a] - counts[b] || a - b);
  const leafWeight = new Float64Array(n);
  for (let i = 0; i < n; i++) leafWeight[i] = counts[order[i]];

  // Coin-collector formulation (Larmore & Hirschberg 1990, §2): list_L holds the leaves; list_{j−1}
  // merges the leaves with the pairwise packages of list_j. The first 2n−2 items of list_1 form
  // the optimal solution; a leaf's code length is how many chosen items contain it.
  const isLeaf: Uint8Array[] = [];
  const listLength: number[] = [];
  let weights = leafWeight.slice();
  isLeaf.push(new Uint8Array(n).fill(1));
  listLength.push(n);
  for (let level = 1; level < maxLength; level++) {
    const packages = weights.length >>> 1;
    const merged = new Float64Array(n + packages);
    const flags = new Uint8Array(n + packages);
    let leaf = 0;
    let pack = 0;
    for (let k = 0; k < merged.length; k++) {
      const packageWeight = pack < packages ? weights[2 * pack] + weights[2 * pack + 1] : Infinity;
      if (leaf < n && leafWeight[leaf] <= packageWeight) {
        merged[k] = leafWeight[leaf++];
        flags[k] = 1;
      } else {
        merged[k] = packageWeight;
        pack++;
      }
    }
    weights = merged;
    isLeaf.push(flags);
    listLength.push(merged.length);
  }

  // Walk back from the top list: of the m items taken at one level, the leaves taken are the
  // lightest ones (lists are sorted), and each package taken pulls two items from the level below.
  const levelsCoveringLeaf = new Uint32Array(n + 1);
  let take = 2 * n - 2;
  for (let level = isLeaf.length - 1; level >= 0 && take > 0; level--) {
    const flags = isLeaf[level];
    let leaves = 0;
    for (let k = 0; k < take; k++) leaves += flags[k];
    levelsCoveringLeaf[leaves]++;
    take = 2 * (take - leaves);
  }
  // Sorted leaf i is covered by every level that took more than i leaves.
  let covering = 0;
  for (let i = n - 1; i >= 0; i--) {
    covering += levelsCoveringLeaf[i + 1];
    lengths[order[i]] = covering;
  }
  return lengths;
}

/** Canonical codes for the given lengths (RFC 1951 §3.2.2); codes[i] is right-aligned in lengths[i] bits. */
export function canonicalCodes(lengths: Uint8Array): Uint32Array {
  const maxLength = maxOf(lengths);
  const perLength = new Uint32Array(maxLength + 2);
  for (let i = 0; i < lengths.length; i++) perLength[lengths[i]]++;
  perLength[0] = 0;
  const next = new Uint32Array(maxLength + 2);
  let code = 0;
  for (let len = 1; len <= maxLength; len++) {
    code = (code + perLength[len - 1]) << 1;
    next[len] = code;
  }
  const codes = new Uint32Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) if (lengths[i] > 0) codes[i] = next[lengths[i]]++;
  return codes;
}

/** Serializes the code lengths as 5-bit fields, MSB-first, padded to a byte (nothing for K ≤ 1). */
export function writeHuffmanTable(out: ByteWriter, lengths: Uint8Array): void {
  if (lengths.length <= 1) return;
  const bits = new BitWriter(Math.ceil((lengths.length * LENGTH_FIELD_BITS) / 8));
  for (let i = 0; i < lengths.length; i++) bits.writeBits(lengths[i], LENGTH_FIELD_BITS);
  out.writeBytes(bits.finish());
}

/** Reads the lengths of a K-symbol table; throws a `UserError` if they cannot form a prefix code. */
export function readHuffmanTable(input: ByteReader, symbolCount: number, field: string): Uint8Array {
  const lengths = new Uint8Array(symbolCount);
  if (symbolCount <= 1) return lengths;
  const packed = input.readBytes(Math.ceil((symbolCount * LENGTH_FIELD_BITS) / 8), `${field} code lengths`);
  const bits = new BitReader(packed);
  // Kraft's inequality Σ 2^−l ≤ 1 (Kraft 1949), in units of 2^−24 so the sum stays an exact integer.
  let kraft = 0;
  for (let i = 0; i < symbolCount; i++) {
    const len = bits.readBits(LENGTH_FIELD_BITS);
    if (len < 1 || len > HUFFMAN_MAX_CODE_LENGTH) {
      throw new UserError(
        'coded-weights-invalid-header',
        `The coded-weights ${field} gives symbol ${i} a code length of ${len} bits (allowed 1 … ${HUFFMAN_MAX_CODE_LENGTH}).`,
        { field, symbol: i, length: len },
      );
    }
    lengths[i] = len;
    kraft += 2 ** (HUFFMAN_MAX_CODE_LENGTH - len);
  }
  if (kraft > 2 ** HUFFMAN_MAX_CODE_LENGTH) {
    throw new UserError(
      'coded-weights-invalid-header',
      `The coded-weights ${field} code lengths violate Kraft's inequality (sum ${kraft / 2 ** HUFFMAN_MAX_CODE_LENGTH} > 1).`,
      { field },
    );
  }
  return lengths;
}

/** Encodes dense symbol indices with the canonical code of `lengths`. */
export function huffmanEncode(indices: Uint32Array, lengths: Uint8Array): Uint8Array {
  if (lengths.length <= 1) return new Uint8Array(0);
  const codes = canonicalCodes(lengths);
  let totalBits = 0;
  for (let i = 0; i < indices.length; i++) totalBits += lengths[indices[i]];
  const out = new BitWriter(Math.ceil(totalBits / 8) + 1);
  for (let i = 0; i < indices.length; i++) {
    const s = indices[i];
    out.writeBits(codes[s], lengths[s]);
  }
  return out.finish();
}

/** The decode tables, in the layout `huffmanDecode` uses and the cost model counts. */
interface HuffmanDecodeTables {
  readonly primaryBits: number;
  /** (symbol << 5) | length for codes of ≤ primaryBits bits; 0 sends the decoder to the long path. */
  readonly primary: Uint32Array;
  readonly maxLength: number;
  /** Per length l: first canonical code, number of codes, offset into `sortedSymbols`. */
  readonly firstCode: Int32Array;
  readonly codeCount: Int32Array;
  readonly offset: Int32Array;
  /** Symbols ordered by (length, symbol), the canonical order. */
  readonly sortedSymbols: Uint32Array;
}

function buildDecodeTables(lengths: Uint8Array): HuffmanDecodeTables {
  const maxLength = maxOf(lengths);
  const primaryBits = Math.min(maxLength, HUFFMAN_PRIMARY_BITS);
  const codes = canonicalCodes(lengths);
  const primary = new Uint32Array(1 << primaryBits);
  const codeCount = new Int32Array(maxLength + 1);
  for (let i = 0; i < lengths.length; i++) codeCount[lengths[i]]++;
  codeCount[0] = 0;
  const firstCode = new Int32Array(maxLength + 1);
  const offset = new Int32Array(maxLength + 1);
  let code = 0;
  let position = 0;
  for (let len = 1; len <= maxLength; len++) {
    code = (code + codeCount[len - 1]) << 1;
    firstCode[len] = code;
    offset[len] = position;
    position += codeCount[len];
  }
  const sortedSymbols = new Uint32Array(lengths.length);
  const fill = offset.slice();
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i];
    sortedSymbols[fill[len]++] = i;
    if (len > primaryBits) continue;
    const start = codes[i] << (primaryBits - len);
    const end = (codes[i] + 1) << (primaryBits - len);
    primary.fill((i << 5) | len, start, end);
  }
  return { primaryBits, primary, maxLength, firstCode, codeCount, offset, sortedSymbols };
}

/**
 * Decodes exactly `count` symbol indices. Never throws on a corrupted payload: bits past the end
 * read as zero, and a bit pattern that is no code (possible only in an incomplete code) decodes as
 * the first canonical symbol, consuming `maxLength` bits, so every output is a table symbol.
 */
export function huffmanDecode(payload: Uint8Array, lengths: Uint8Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  if (lengths.length <= 1) return out;
  const t = buildDecodeTables(lengths);
  const { primaryBits, primary, maxLength, firstCode, codeCount, offset, sortedSymbols } = t;
  const reader = new BitReader(payload);
  for (let i = 0; i < count; i++) {
    const entry = primary[reader.peekBits(primaryBits)];
    if (entry !== 0) {
      out[i] = entry >>> 5;
      reader.skipBits(entry & 31);
      continue;
    }
    const window = reader.peekBits(maxLength);
    let symbol = sortedSymbols[0];
    let used = maxLength;
    for (let len = primaryBits + 1; len <= maxLength; len++) {
      const rank = (window >>> (maxLength - len)) - firstCode[len];
      if (rank >= 0 && rank < codeCount[len]) {
        symbol = sortedSymbols[offset[len] + rank];
        used = len;
        break;
      }
    }
    out[i] = symbol;
    reader.skipBits(used);
  }
  return out;
}

/**
 * Decoder memory in the layout above, as a microcontroller port would store it: primary entries of
 * 4 bytes (uint16 symbol, uint8 length, padding), and for codes longer than the primary index
 * 2 × int32 per length (first code, offset) plus the canonical symbol list at 2 bytes per symbol.
 */
export function huffmanDecoderTableBytes(lengths: Uint8Array): number {
  if (lengths.length <= 1) return 0;
  const maxLength = maxOf(lengths);
  const primaryBits = Math.min(maxLength, HUFFMAN_PRIMARY_BITS);
  const longPath = maxLength > primaryBits ? 8 * (maxLength - primaryBits) + 2 * lengths.length : 0;
  return 4 * (1 << primaryBits) + longPath;
}

function maxOf(values: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}
