/**
 * NPZ reader: a ZIP archive of NPY files, one per array, named `NAME.npy` (numpy.savez and
 * numpy.savez_compressed). Arrays are exposed by NAME without the suffix.
 */
import { UserError } from '../../src-shared/errors.js';
import type { Tensor } from '../engine/tensor.js';
import { readFileBytes } from './file-bytes.js';
import { decodeNpy } from './npy.js';
import { readZipEntries } from './zip-entries.js';

function arrayName(entryName: string): string {
  return entryName.endsWith('.npy') ? entryName.slice(0, -4) : entryName;
}

/**
 * Decodes the named arrays of an NPZ file held in memory (all arrays when `names` is omitted).
 * Every requested name must be present; a missing one is a `UserError` listing what the file holds.
 */
export function decodeNpz(bytes: Uint8Array, source: string, names?: readonly string[]): Map<string, Tensor> {
  const wanted = names ? new Set(names) : undefined;
  const zip = readZipEntries(bytes, source, 'NPZ file', { select: (entry) => !wanted || wanted.has(arrayName(entry)) });
  const present = zip.names.map(arrayName);
  for (const name of wanted ?? []) {
    if (!present.includes(name)) {
      throw new UserError(
        'npz-missing-array',
        `The NPZ file '${source}' has no array '${name}'; it holds ${present.length ? present.map((n) => `'${n}'`).join(', ') : 'no arrays'}. Save it with numpy.savez(path, x=images, y=labels).`,
        { file: source, missing: name, present },
      );
    }
  }
  const arrays = new Map<string, Tensor>();
  for (const [entry, data] of zip.entries) arrays.set(arrayName(entry), decodeNpy(data, `${source}:${entry}`));
  return arrays;
}

/** Reads the named arrays of an NPZ file (all arrays when `names` is omitted). */
export async function readNpz(path: string, names?: readonly string[]): Promise<Map<string, Tensor>> {
  return decodeNpz(await readFileBytes(path, 'NPZ file'), path, names);
}
