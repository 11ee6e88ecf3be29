import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { constants as bufferConstants } from 'node:buffer';
import { UserError } from '../../src-shared/errors.js';
import { MAX_DECODED_BYTES } from './limits.js';

const gunzipAsync = promisify(gunzip);

/** True when the bytes start with the gzip magic number 1f 8b (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Returns the bytes unchanged, or gunzipped when they start with the gzip magic number. The file
 * name is not consulted: MNIST files are often renamed, and a `.gz` that was already unpacked by a
 * browser is common. The decoded size is capped so a gzip bomb fails cleanly.
 */
export async function gunzipIfNeeded(bytes: Uint8Array, source: string, maxBytes = MAX_DECODED_BYTES): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const limit = Math.min(maxBytes, bufferConstants.MAX_LENGTH);
  try {
    const out = await gunzipAsync(bytes, { maxOutputLength: limit });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UserError(
        'gzip-too-large',
        `The gzip file '${source}' decompresses to more than ${limit} bytes, the limit for a dataset file. Use a smaller dataset or pass --limit on an uncompressed copy.`,
        { file: source, limit },
      );
    }
    throw new UserError(
      'gzip-corrupt',
      `The file '${source}' starts like a gzip file but cannot be decompressed (${(err as Error).message}). Re-download it or decompress it yourself and pass the result.`,
      { file: source },
    );
  }
}
