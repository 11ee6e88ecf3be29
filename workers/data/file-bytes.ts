import { readFile } from 'node:fs/promises';
import { UserError } from '../../src-shared/errors.js';

/**
 * Reads a whole data file. A missing or unreadable file becomes a `UserError` that names the path
 * and the role the file plays (`what`, e.g. "labels file"), so the user knows which flag to fix.
 */
export async function readFileBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UserError('dataset-not-found', `The ${what} '${path}' does not exist. Check the path.`, { file: path });
    }
    if (code === 'EISDIR') {
      throw new UserError('dataset-not-found', `The ${what} '${path}' is a directory, not a file. Pass the file itself.`, {
        file: path,
      });
    }
    throw new UserError('dataset-unreadable', `The ${what} '${path}' cannot be read (${code ?? String(err)}). Check its permissions.`, {
      file: path,
    });
  }
}
