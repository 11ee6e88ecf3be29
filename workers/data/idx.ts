/**
 * IDX reader (the MNIST file format, http://yann.lecun.com/exdb/mnist/ "FILE FORMATS"):
 * two zero bytes, a dtype byte, a rank byte, `rank` big-endian uint32 dims, then the values in
 * big-endian row-major order. Gzipped files are recognised by their magic bytes.
 */
import { UserError } from '../../src-shared/errors.js';
import { BYTES_PER_ELEMENT, formatDims, type DType, type Tensor } from '../engine/tensor.js';
import { decodeElements } from './element-bytes.js';
import { readFileBytes } from './file-bytes.js';
import { gunzipIfNeeded } from './gunzip-if-needed.js';

const IDX_DTYPES: Record<number, DType> = {
  0x08: 'uint8',
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** True when the bytes start like an IDX file (used by format detection). */
export function looksLikeIdx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] in IDX_DTYPES && bytes[3] >= 1;
}

function hex(value: number, digits: number): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

/** Decodes an (already gunzipped) IDX file. `source` names the file in error messages. */
export function decodeIdx(bytes: Uint8Array, source: string): Tensor {
  if (bytes.length < 4) {
    throw new UserError('idx-truncated', `The IDX file '${source}' is only ${bytes.length} bytes long, shorter than the 4-byte magic number. Re-download or re-export it.`, {
      file: source,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new UserError(
      'idx-magic',
      `The file '${source}' is not an IDX file: it starts with ${hex(magic, 8)}, but IDX files start with two zero bytes (e.g. 0x00000803 for MNIST images). Pass an IDX, NPY, NPZ file or an image folder.`,
      { file: source, magic },
    );
  }
  const dtype = IDX_DTYPES[bytes[2]];
  if (dtype === undefined) {
    throw new UserError(
      'idx-dtype',
      `The IDX file '${source}' declares the unknown dtype byte ${hex(bytes[2], 2)} (magic ${hex(magic, 8)}); IDX allows 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32 and 0x0E float64. The file is damaged or not IDX.`,
      { file: source, magic },
    );
  }
  const rank = bytes[3];
  if (rank === 0) {
    throw new UserError('idx-header', `The IDX file '${source}' declares rank 0 (magic ${hex(magic, 8)}); a dataset needs at least one dimension. The file is damaged.`, {
      file: source,
    });
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new UserError(
      'idx-truncated',
      `The IDX file '${source}' is truncated: its rank-${rank} header needs ${headerBytes} bytes but the file has ${bytes.length}. Re-download or re-export it.`,
      { file: source },
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  if (dims.some((d) => d === 0)) {
    throw new UserError('idx-header', `The IDX file '${source}' declares dims ${formatDims(dims)}; every dimension must be at least 1. The file is damaged.`, {
      file: source,
      dims,
    });
  }
  // BigInt keeps the declared size exact even when a damaged header multiplies to beyond 2^53.
  const width = BYTES_PER_ELEMENT[dtype];
  const declaredBytes = dims.reduce((acc, d) => acc * BigInt(d), BigInt(width));
  const presentBytes = BigInt(bytes.length - headerBytes);
  if (declaredBytes > presentBytes) {
    throw new UserError(
      'idx-truncated',
      `The IDX file '${source}' is truncated or its header is wrong: dims ${formatDims(dims)} of ${dtype} need ${declaredBytes} bytes of data but only ${presentBytes} follow the ${headerBytes}-byte header. Re-download or re-export it.`,
      { file: source, dims, declaredBytes: declaredBytes.toString(), presentBytes: Number(presentBytes) },
    );
  }
  if (declaredBytes < presentBytes) {
    throw new UserError(
      'idx-size',
      `The IDX file '${source}' has ${presentBytes - declaredBytes} bytes more than its header declares (dims ${formatDims(dims)} of ${dtype}, ${declaredBytes} bytes of data). The file is damaged or its header is wrong; re-export it.`,
      { file: source, dims, declaredBytes: Number(declaredBytes), presentBytes: Number(presentBytes) },
    );
  }
  const count = Number(declaredBytes) / width;
  return { dtype, dims, data: decodeElements(bytes, headerBytes, dtype, count, false) };
}

/** Reads an IDX file, plain or gzipped. */
export async function readIdx(path: string, what = 'IDX file'): Promise<Tensor> {
  const bytes = await gunzipIfNeeded(await readFileBytes(path, what), path);
  return decodeIdx(bytes, path);
}
