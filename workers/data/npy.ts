/**
 * NPY reader and writer, following numpy's format specification
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the magic "\x93NUMPY",
 * a version, a little-endian header length (uint16 in v1, uint32 in v2/v3), a Python-literal dict
 * `{'descr', 'fortran_order', 'shape'}` padded with spaces and a newline, then the raw values.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { UserError } from '../../src-shared/errors.js';
import { BYTES_PER_ELEMENT, formatDims, type DType, type Tensor } from '../engine/tensor.js';
import { decodeElements, littleEndianBytes } from './element-bytes.js';
import { readFileBytes } from './file-bytes.js';
import { halfToNumber } from './float16.js';
import { gunzipIfNeeded } from './gunzip-if-needed.js';
import { parsePythonLiteral, PythonLiteralError, type PythonValue } from './python-literal.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** numpy type character + item size → our dtype. float16 ('f2') is widened to float32 on read. */
const NPY_KINDS: Record<string, DType | 'float16'> = {
  u1: 'uint8',
  i1: 'int8',
  b1: 'bool',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
};

const DESCR_OF: Record<DType, string> = {
  uint8: '|u1',
  int8: '|i1',
  bool: '|b1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
  uint64: '<u8',
  float32: '<f4',
  float64: '<f8',
};

/** True when the bytes start with the NPY magic string (used by format detection). */
export function looksLikeNpy(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

interface NpyHeader {
  readonly dtype: DType | 'float16';
  readonly littleEndian: boolean;
  readonly dims: number[];
  readonly dataOffset: number;
}

function headerError(source: string, detail: string): UserError {
  return new UserError('npy-header', `The NPY file '${source}' has an invalid header: ${detail}. Re-save the array with numpy.save.`, {
    file: source,
  });
}

function parseHeader(bytes: Uint8Array, source: string): NpyHeader {
  if (!looksLikeNpy(bytes)) {
    const start = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new UserError('npy-magic', `The file '${source}' is not an NPY file: it starts with bytes ${start || '(none)'} instead of "\\x93NUMPY". Save the array with numpy.save.`, {
      file: source,
    });
  }
  if (bytes.length < 10) throw new UserError('npy-truncated', `The NPY file '${source}' is truncated inside its header (${bytes.length} bytes). Re-save it.`, { file: source });
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new UserError('npy-truncated', `The NPY file '${source}' is truncated inside its header (${bytes.length} bytes). Re-save it.`, { file: source });
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new UserError('npy-version', `The NPY file '${source}' has format version ${major}.${bytes[7]}; EdgeFront reads versions 1, 2 and 3. Re-save it with numpy.save.`, {
      file: source,
      version: `${major}.${bytes[7]}`,
    });
  }
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) {
    throw new UserError('npy-truncated', `The NPY file '${source}' declares a ${headerLength}-byte header but only ${bytes.length - headerStart} bytes follow. Re-save it.`, {
      file: source,
    });
  }
  // Versions 1 and 2 store the header in latin1, version 3 in UTF-8 (numpy format spec).
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataOffset)).trim();
  let dict: PythonValue;
  try {
    dict = parsePythonLiteral(text);
  } catch (err) {
    if (err instanceof PythonLiteralError) throw headerError(source, err.message);
    throw err;
  }
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) throw headerError(source, `expected a dict, got ${JSON.stringify(text.slice(0, 200))}`);
  const { descr, fortran_order: fortranOrder, shape } = dict;
  if (typeof descr !== 'string') {
    throw new UserError('npy-dtype', `The NPY file '${source}' holds a structured dtype (${JSON.stringify(descr)}); EdgeFront reads plain numeric arrays. Save x and y as separate plain arrays.`, {
      file: source,
    });
  }
  if (typeof fortranOrder !== 'boolean') throw headerError(source, `'fortran_order' is ${JSON.stringify(fortranOrder)}, not True or False`);
  if (fortranOrder) {
    throw new UserError(
      'npy-fortran-order',
      `The NPY file '${source}' stores its array in Fortran (column-major) order; EdgeFront reads C order only. Re-save it with numpy.save(path, numpy.ascontiguousarray(array)).`,
      { file: source },
    );
  }
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)) {
    throw headerError(source, `'shape' is ${JSON.stringify(shape)}, not a tuple of non-negative integers`);
  }
  const match = /^([<>|=])([a-zA-Z]\d+)$/.exec(descr);
  const dtype = match ? NPY_KINDS[match[2]] : undefined;
  if (!match || dtype === undefined) {
    throw new UserError(
      'npy-dtype',
      `The NPY file '${source}' has dtype '${descr}'; EdgeFront reads bool, int8/16/32/64, uint8/16/32/64 and float16/32/64. Convert the array, e.g. array.astype(numpy.float32).`,
      { file: source, descr },
    );
  }
  // '=' means native order of the machine that wrote it; numpy itself never writes it, so treat it as '<' (all common hosts).
  return { dtype, littleEndian: match[1] !== '>', dims: shape as number[], dataOffset };
}

/** Decodes an NPY file held in memory. `source` names the file in error messages. */
export function decodeNpy(bytes: Uint8Array, source: string): Tensor {
  const header = parseHeader(bytes, source);
  const width = header.dtype === 'float16' ? 2 : BYTES_PER_ELEMENT[header.dtype];
  const declaredBytes = header.dims.reduce((acc, d) => acc * BigInt(d), BigInt(width));
  const presentBytes = BigInt(bytes.length - header.dataOffset);
  if (declaredBytes > presentBytes) {
    throw new UserError(
      'npy-truncated',
      `The NPY file '${source}' is truncated or its header is wrong: shape ${formatDims(header.dims)} needs ${declaredBytes} bytes of data but only ${presentBytes} follow the header. Re-save it.`,
      { file: source, dims: header.dims },
    );
  }
  // numpy.save writes exactly the data; extra bytes mean the header and the data disagree.
  if (declaredBytes < presentBytes) {
    throw new UserError(
      'npy-size',
      `The NPY file '${source}' has ${presentBytes - declaredBytes} bytes more than its shape ${formatDims(header.dims)} needs. The file is damaged or its header is wrong; re-save it.`,
      { file: source, dims: header.dims },
    );
  }
  const count = Number(declaredBytes) / width;
  if (header.dtype === 'float16') {
    const bits = decodeElements(bytes, header.dataOffset, 'uint16', count, header.littleEndian) as Uint16Array;
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = halfToNumber(bits[i]);
    return { dtype: 'float32', dims: header.dims, data };
  }
  return { dtype: header.dtype, dims: header.dims, data: decodeElements(bytes, header.dataOffset, header.dtype, count, header.littleEndian) };
}

/** Reads an NPY file (gzipped NPY is accepted too, recognised by its magic bytes). */
export async function readNpy(path: string, what = 'NPY file'): Promise<Tensor> {
  return decodeNpy(await gunzipIfNeeded(await readFileBytes(path, what), path), path);
}

/** Encodes a tensor as an NPY file (version 1.0, or 2.0 when the header exceeds 64 KiB), C order, little endian. */
export function encodeNpy(tensor: Tensor): Uint8Array {
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)` : `(${tensor.dims.join(', ')})`;
  const dict = `{'descr': '${DESCR_OF[tensor.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad with spaces so the data starts on a 64-byte boundary and the header ends in '\n' (numpy ≥ 1.x convention).
  const paddedLength = (prefix: number): number => {
    const unpadded = dict.length + 1;
    return unpadded + ((64 - ((prefix + unpadded) % 64)) % 64);
  };
  const prefix = paddedLength(10) <= 0xffff ? 10 : 12;
  const padded = paddedLength(prefix);
  const header = `${dict}${' '.repeat(padded - dict.length - 1)}\n`;
  const values = littleEndianBytes(tensor.data, BYTES_PER_ELEMENT[tensor.dtype]);
  const out = new Uint8Array(prefix + header.length + values.length);
  out.set(MAGIC, 0);
  out[6] = prefix === 10 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (prefix === 10) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(values, prefix + header.length);
  return out;
}

/**
 * Writes a tensor to `path` as NPY atomically: the bytes go to a temporary file in the same folder,
 * are flushed, and then renamed over `path`, so a reader never sees a half-written file.
 */
export async function writeNpy(path: string, tensor: Tensor): Promise<void> {
  const bytes = encodeNpy(tensor);
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError('npy-write', `Cannot write the NPY file '${path}' (${code}). Check that its folder exists and is writable.`, { file: path });
  }
}
