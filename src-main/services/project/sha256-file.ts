/**
 * Content hashes of a project's inputs. Files are streamed, so a multi-gigabyte dataset is hashed
 * without being read into memory. An image-folder dataset is hashed as the sorted list of its
 * files (relative path with `/` and each file's hash, in `sha256sum` layout), so renaming, adding
 * or changing an image changes the hash while the folder's location and the files' timestamps do
 * not. Hidden files (`.DS_Store`, …) are skipped, as the image-folder reader skips them.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Lower-case hex sha256 of a file's bytes. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(path);
    stream.on('error', reject);
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}

/** sha256 of a string or bytes. */
export function sha256Bytes(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every non-hidden file under `dir`, as paths relative to it with `/`, sorted by code unit. */
export async function listFolderFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(rel ? join(dir, rel) : dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

/** Hash of a folder: sha256 of the lines `<file sha256>  <relative path>\n` in sorted path order. */
export async function sha256Folder(dir: string): Promise<string> {
  let manifest = '';
  for (const rel of await listFolderFiles(dir)) manifest += `${await sha256File(join(dir, ...rel.split('/')))}  ${rel}\n`;
  return sha256Bytes(manifest);
}

/** Hash of a project input: a file, or a folder (image-folder datasets). */
export async function sha256Input(path: string): Promise<string> {
  return (await stat(path)).isDirectory() ? sha256Folder(path) : sha256File(path);
}
