/**
 * Entropy coding of quantized weight tensors: the API the rest of EdgeFront uses.
 *
 * `encodeWeights` turns the integer storage codes of one tensor into a self-describing container
 * (header with method, count and code tables, then the entropy-coded payload); `decodeWeights`
 * inverts it exactly. `codingStats` reports the real coded size next to the order-0 entropy and a
 * decoder cost estimate. Container layout, coder choices and cost figures: docs/coding.md.
 *
 * Fault injection flips bits in the payload (bytes[headerBytes …]) and decodes: the decoder then
 * still returns exactly `count` symbols of the header's alphabet, never throws and never loops
 * (see `huffmanDecode`, `ransDecode`, `fromZeroRunTokens`). A damaged header throws a `UserError`
 * with code 'coded-weights-invalid-header'.
 */
import { ByteReader, ByteWriter } from './bit-io.js';
import { entropyOfCounts, histogram, readAlphabet, toDenseIndices, writeAlphabet } from './entropy.js';
import {
  HUFFMAN_PRIMARY_BITS,
  huffmanCodeLengths,
  huffmanDecode,
  huffmanDecoderTableBytes,
  huffmanEncode,
  readHuffmanTable,
  writeHuffmanTable,
} from './huffman.js';
import {
  chooseRansPrecision,
  normalizeFrequencies,
  ransDecode,
  ransDecoderTableBytes,
  ransEncode,
  readRansTable,
  writeRansTable,
} from './rans.js';
import { MAX_RUN_CAP, fromZeroRunTokens, toZeroRunTokens } from './zero-run.js';
import { InternalError, UserError } from '../../../src-shared/errors.js';

export type CodingMethod = 'huffman' | 'rans';

export interface EncodedWeights {
  readonly method: CodingMethod;
  readonly zeroRun: boolean;
  /** Number of symbols encoded. */
  readonly count: number;
  /** The whole self-describing container: header (method, count, tables) then payload. */
  readonly bytes: Uint8Array;
  /** Bytes of bytes[] before the payload (container header + code tables). */
  readonly headerBytes: number;
  /** Bytes of the entropy-coded payload: bytes.length − headerBytes. */
  readonly payloadBytes: number;
}

export interface EncodeWeightsOptions {
  /** Code runs of `zeroSymbol` as run-length tokens (docs/coding.md, "Zero-run mode"). */
  readonly zeroRun?: boolean;
  /** The value that counts as zero for zeroRun (default 0), e.g. the zero-point code of an offset quantizer. */
  readonly zeroSymbol?: number;
}

export interface CodingStats {
  readonly symbols: number;
  /** bytes.length: the real encoded size including tables and header. */
  readonly codedBytes: number;
  readonly headerBytes: number;
  readonly payloadBytes: number;
  /** 8·codedBytes / symbols (0 for an empty tensor). */
  readonly bitsPerSymbol: number;
  /** Order-0 Shannon entropy of the same symbols, before any zero-run transform. */
  readonly entropyBitsPerSymbol: number;
  readonly decoder: { readonly cyclesPerSymbol: number; readonly tableBytes: number; readonly source: string };
}

/** Smallest and largest symbol value admitted: signed and unsigned 16-bit storage codes. */
export const MIN_WEIGHT_SYMBOL = -32768;
export const MAX_WEIGHT_SYMBOL = 65535;

const MAGIC_0 = 0x45; // 'E'
const MAGIC_1 = 0x57; // 'W'
const FORMAT_VERSION = 1;
const METHOD_CODES: Record<CodingMethod, number> = { huffman: 0, rans: 1 };
const FLAG_ZERO_RUN = 0x04;
/** Largest tensor one container holds (an Int32Array of 2^31 − 1 elements is the JS limit anyway). */
const MAX_COUNT = 2 ** 31 - 1;

/** One entropy-coded token stream as the header describes it. */
interface StreamTable {
  readonly values: Int32Array;
  readonly tokenCount: number;
  /** Huffman: code lengths. */
  readonly lengths?: Uint8Array;
  /** rANS: precision and quantized frequencies. */
  readonly precision?: number;
  readonly freqs?: Uint32Array;
}

interface Container {
  readonly method: CodingMethod;
  readonly zeroRun: boolean;
  readonly count: number;
  readonly zeroSymbol: number;
  readonly runCap: number;
  /** One stream (the symbols) or two (runs, then literals). */
  readonly streams: readonly StreamTable[];
  /** Payload byte ranges of the streams, relative to the start of bytes[]. */
  readonly payloadRanges: readonly (readonly [number, number])[];
  readonly headerBytes: number;
}

export function encodeWeights(symbols: Int32Array, method: CodingMethod, options: EncodeWeightsOptions = {}): EncodedWeights {
  if (method !== 'huffman' && method !== 'rans') {
    throw new InternalError('coding-unknown-method', `Unknown weight coding method '${String(method)}'.`, { method });
  }
  const zeroRun = options.zeroRun ?? false;
  const zeroSymbol = options.zeroSymbol ?? 0;
  checkSymbolRange(symbols, zeroSymbol);

  const header = new ByteWriter();
  header.writeByte(MAGIC_0);
  header.writeByte(MAGIC_1);
  header.writeByte(FORMAT_VERSION);
  header.writeByte(METHOD_CODES[method] | (zeroRun ? FLAG_ZERO_RUN : 0));
  header.writeVarUint(symbols.length);

  let payloads: Uint8Array[];
  if (!zeroRun) {
    payloads = [encodeStream(header, symbols, method, false)];
  } else {
    const tokens = toZeroRunTokens(symbols, zeroSymbol);
    header.writeVarInt(zeroSymbol);
    header.writeVarUint(tokens.runCap);
    const runPayload = encodeStream(header, tokens.runs, method, true);
    header.writeVarUint(runPayload.length);
    const literalPayload = encodeStream(header, tokens.literals, method, true);
    payloads = [runPayload, literalPayload];
  }

  const head = header.finish();
  const payloadBytes = payloads.reduce((sum, p) => sum + p.length, 0);
  const bytes = new Uint8Array(head.length + payloadBytes);
  bytes.set(head, 0);
  let offset = head.length;
  for (const p of payloads) {
    bytes.set(p, offset);
    offset += p.length;
  }
  return { method, zeroRun, count: symbols.length, bytes, headerBytes: head.length, payloadBytes };
}

/** Writes one stream's alphabet (and token count when it is not implied) and table; returns its payload. */
function encodeStream(header: ByteWriter, tokens: Int32Array, method: CodingMethod, explicitCount: boolean): Uint8Array {
  const h = histogram(tokens);
  writeAlphabet(header, h.values);
  if (explicitCount) header.writeVarUint(tokens.length);
  const indices = toDenseIndices(tokens, h.values);
  if (method === 'huffman') {
    const lengths = huffmanCodeLengths(h.counts);
    writeHuffmanTable(header, lengths);
    return huffmanEncode(indices, lengths);
  }
  const precision = h.values.length <= 1 ? 0 : chooseRansPrecision(h.values.length, h.total);
  const freqs = normalizeFrequencies(h.counts, precision);
  writeRansTable(header, freqs, precision);
  return ransEncode(indices, freqs, precision);
}

export function decodeWeights(bytes: Uint8Array): Int32Array {
  const c = parseContainer(bytes);
  const decoded = c.streams.map((stream, i) => {
    const [start, end] = c.payloadRanges[i];
    return decodeStream(bytes.subarray(start, end), stream, c.method);
  });
  if (!c.zeroRun) return decoded[0];
  const [runs, literals] = c.streams;
  const zeroPresent = runs.values.length > 0 && runs.values[runs.values.length - 1] > 0;
  const fillValue = zeroPresent ? c.zeroSymbol : literals.values[0];
  return fromZeroRunTokens(decoded[0], decoded[1], c.count, c.zeroSymbol, c.runCap, fillValue);
}

function decodeStream(payload: Uint8Array, stream: StreamTable, method: CodingMethod): Int32Array {
  const indices =
    method === 'huffman'
      ? huffmanDecode(payload, stream.lengths!, stream.tokenCount)
      : ransDecode(payload, stream.freqs!, stream.precision!, stream.tokenCount);
  const out = new Int32Array(stream.tokenCount);
  const values = stream.values;
  if (values.length === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = values[indices[i]];
  return out;
}

function parseContainer(bytes: Uint8Array): Container {
  const input = new ByteReader(bytes);
  if (input.readByte('magic') !== MAGIC_0 || input.readByte('magic') !== MAGIC_1) {
    throw invalidHeader('does not start with the coded-weights magic "EW"');
  }
  const version = input.readByte('version');
  if (version !== FORMAT_VERSION) throw invalidHeader(`has format version ${version}; this build reads version ${FORMAT_VERSION}`);
  const flags = input.readByte('flags');
  const methodCode = flags & 0x03;
  if ((flags & ~(0x03 | FLAG_ZERO_RUN)) !== 0 || methodCode > 1) throw invalidHeader(`has unknown flags 0x${flags.toString(16)}`);
  const method: CodingMethod = methodCode === 0 ? 'huffman' : 'rans';
  const zeroRun = (flags & FLAG_ZERO_RUN) !== 0;
  const count = input.readVarUint('symbol count');
  if (count > MAX_COUNT) throw invalidHeader(`declares ${count} symbols (at most ${MAX_COUNT})`);

  if (!zeroRun) {
    const stream = readStream(input, method, 'symbol table', count);
    checkValueRange(stream.values, MIN_WEIGHT_SYMBOL, MAX_WEIGHT_SYMBOL, 'symbol table');
    const headerBytes = input.position;
    return {
      method, zeroRun, count, zeroSymbol: 0, runCap: 0, streams: [stream],
      payloadRanges: [[headerBytes, bytes.length]], headerBytes,
    };
  }

  const zeroSymbol = input.readVarInt('zero symbol');
  if (zeroSymbol < MIN_WEIGHT_SYMBOL || zeroSymbol > MAX_WEIGHT_SYMBOL) throw invalidHeader(`has zero symbol ${zeroSymbol} outside [${MIN_WEIGHT_SYMBOL}, ${MAX_WEIGHT_SYMBOL}]`);
  const runCap = input.readVarUint('run cap');
  if (runCap < 1 || runCap > MAX_RUN_CAP) throw invalidHeader(`has run cap ${runCap} outside [1, ${MAX_RUN_CAP}]`);
  const runs = readStream(input, method, 'run table', null);
  if (runs.tokenCount > count + Math.floor(count / runCap) + 1) throw invalidHeader(`declares ${runs.tokenCount} run tokens for ${count} symbols`);
  checkValueRange(runs.values, 0, runCap, 'run table');
  const runPayloadBytes = input.readVarUint('run payload size');
  const literals = readStream(input, method, 'literal table', null);
  if (literals.tokenCount > count) throw invalidHeader(`declares ${literals.tokenCount} literals for ${count} symbols`);
  checkValueRange(literals.values, MIN_WEIGHT_SYMBOL, MAX_WEIGHT_SYMBOL, 'literal table');
  if (literals.values.includes(zeroSymbol)) throw invalidHeader(`lists the zero symbol ${zeroSymbol} among the literals`);
  if (count > 0 && (runs.values.length === 0 || runs.tokenCount === 0)) throw invalidHeader(`declares ${count} symbols but no run tokens`);
  const zeroPresent = runs.values.length > 0 && runs.values[runs.values.length - 1] > 0;
  if (count > 0 && !zeroPresent && literals.values.length === 0) throw invalidHeader(`declares ${count} symbols but neither zeros nor literals`);
  const headerBytes = input.position;
  if (runPayloadBytes > bytes.length - headerBytes) throw invalidHeader(`declares a run payload of ${runPayloadBytes} bytes, longer than the data`);
  const split = headerBytes + runPayloadBytes;
  return {
    method, zeroRun, count, zeroSymbol, runCap, streams: [runs, literals],
    payloadRanges: [[headerBytes, split], [split, bytes.length]], headerBytes,
  };
}

function readStream(input: ByteReader, method: CodingMethod, field: string, impliedCount: number | null): StreamTable {
  const values = readAlphabet(input, field);
  const tokenCount = impliedCount ?? input.readVarUint(`${field} token count`);
  if (tokenCount > MAX_COUNT) throw invalidHeader(`${field} declares ${tokenCount} tokens`);
  if (tokenCount > 0 && values.length === 0) throw invalidHeader(`${field} declares ${tokenCount} tokens but no symbols`);
  if (method === 'huffman') return { values, tokenCount, lengths: readHuffmanTable(input, values.length, field) };
  const { precision, freqs } = readRansTable(input, values.length, field);
  return { values, tokenCount, precision, freqs };
}

// Decoder cost model (docs/coding.md, "Decoder cost model"). FiniteStateEntropy README
// (github.com/Cyan4973/FiniteStateEntropy, Intel Core i5-3340M at 2.7 GHz, file proba70.bin):
// Huff0 decodes 190 M symbols/s, FSE (tANS) 210 M symbols/s → 2.7e9 / 190e6 ≈ 14.2 and
// 2.7e9 / 210e6 ≈ 12.9 cycles/symbol [derived].
const REFERENCE_CLOCK_HZ = 2.7e9;
const HUFFMAN_CYCLES_PER_SYMBOL = REFERENCE_CLOCK_HZ / 190e6;
const TANS_CYCLES_PER_SYMBOL = REFERENCE_CLOCK_HZ / 210e6;
/** [assumption] rANS over tANS: one multiply and a second table load (f, c) per symbol. */
const RANS_EXTRA_CYCLES = 2;
/** [assumption] Each bit of a Huffman code beyond the primary table costs one compare-and-branch step. */
const HUFFMAN_LONG_PATH_CYCLES_PER_BIT = 2;
/** [assumption] Storing one zero of a run (a memset-like loop). */
const ZERO_STORE_CYCLES = 1;

const DECODER_SOURCE =
  'Huffman 14.2 and tANS 12.9 cycles/symbol, derived from the FiniteStateEntropy README ' +
  '(Huff0 ~190 vs FSE ~210 M symbols/s decode on an Intel Core i5-3340M at 2.7 GHz; decode tables ' +
  '~3 kB vs ~6 kB; ../shared/REFERENCE-FIGURES.md §3). Assumptions: rANS = tANS + 2 cycles (multiply, ' +
  'second table load); +2 cycles per Huffman code bit beyond the 11-bit primary table (weighted by ' +
  'the code\'s implied probability 2^-length); zero-run mode adds 1 cycle per zero stored. ' +
  'Table bytes: Huffman 4 B × 2^min(L,11) primary entries + 8 B per longer length + 2 B per symbol; ' +
  'rANS 2^n slot entries of 1/2/4 B + 3 × 2 B per symbol.';

export function codingStats(symbols: Int32Array, encoded: EncodedWeights): CodingStats {
  const c = parseContainer(encoded.bytes);
  if (c.count !== symbols.length) {
    throw new InternalError(
      'coding-stats-mismatch',
      `codingStats got ${symbols.length} symbols for a container of ${c.count}.`,
      { symbols: symbols.length, count: c.count },
    );
  }
  const h = histogram(symbols);
  let cycles = 0;
  let tableBytes = 0;
  for (const stream of c.streams) {
    if (stream.values.length <= 1) continue;
    if (c.method === 'huffman') {
      cycles += stream.tokenCount * huffmanCyclesPerToken(stream.lengths!);
      tableBytes += huffmanDecoderTableBytes(stream.lengths!);
    } else {
      cycles += stream.tokenCount * (TANS_CYCLES_PER_SYMBOL + RANS_EXTRA_CYCLES);
      tableBytes += ransDecoderTableBytes(stream.values.length, stream.precision!);
    }
  }
  if (c.zeroRun) {
    const literalCount = c.streams[1].tokenCount;
    cycles += (c.count - literalCount) * ZERO_STORE_CYCLES;
  }
  const n = symbols.length;
  return {
    symbols: n,
    codedBytes: encoded.bytes.length,
    headerBytes: c.headerBytes,
    payloadBytes: encoded.bytes.length - c.headerBytes,
    bitsPerSymbol: n === 0 ? 0 : (8 * encoded.bytes.length) / n,
    entropyBitsPerSymbol: entropyOfCounts(h.counts, h.total),
    decoder: { cyclesPerSymbol: n === 0 ? 0 : cycles / n, tableBytes, source: DECODER_SOURCE },
  };
}

function huffmanCyclesPerToken(lengths: Uint8Array): number {
  let extra = 0;
  for (let i = 0; i < lengths.length; i++) {
    const beyond = lengths[i] - HUFFMAN_PRIMARY_BITS;
    if (beyond > 0) extra += 2 ** -lengths[i] * beyond * HUFFMAN_LONG_PATH_CYCLES_PER_BIT;
  }
  return HUFFMAN_CYCLES_PER_SYMBOL + extra;
}

function checkSymbolRange(symbols: Int32Array, zeroSymbol: number): void {
  if (!Number.isInteger(zeroSymbol) || zeroSymbol < MIN_WEIGHT_SYMBOL || zeroSymbol > MAX_WEIGHT_SYMBOL) {
    throw new InternalError('coding-symbol-out-of-range', `The zero symbol ${zeroSymbol} is outside [${MIN_WEIGHT_SYMBOL}, ${MAX_WEIGHT_SYMBOL}].`, { zeroSymbol });
  }
  for (let i = 0; i < symbols.length; i++) {
    const v = symbols[i];
    if (v < MIN_WEIGHT_SYMBOL || v > MAX_WEIGHT_SYMBOL) {
      throw new InternalError(
        'coding-symbol-out-of-range',
        `Weight symbol ${v} at index ${i} is outside [${MIN_WEIGHT_SYMBOL}, ${MAX_WEIGHT_SYMBOL}]; storage codes are 1–16-bit integers.`,
        { index: i, value: v },
      );
    }
  }
}

function checkValueRange(values: Int32Array, min: number, max: number, field: string): void {
  if (values.length === 0) return;
  if (values[0] < min || values[values.length - 1] > max) {
    throw invalidHeader(`${field} holds values ${values[0]} … ${values[values.length - 1]} outside [${min}, ${max}]`);
  }
}

function invalidHeader(problem: string): UserError {
  return new UserError('coded-weights-invalid-header', `The coded weights ${problem}.`);
}
