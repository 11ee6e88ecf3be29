/**
 * Replaces a file so that a reader — or the user after a crash or power cut — sees either the old
 * content or the new, never a truncated mix: the project file holds hours of evaluated results.
 *
 * The data goes to a uniquely named temporary file in the same directory (a rename is only atomic
 * within one file system), which is flushed to disk before it is renamed over the target; the
 * directory is then flushed so the rename itself survives a power cut. On any failure the
 * temporary file is removed and the target is left as it was. A process killed between write and
 * rename leaves a hidden `.NAME.*.tmp` file behind, which nothing reads.
 *
 * The file-system calls are injectable so tests can make any step fail.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../../../src-shared/errors.js';

/** The part of a `FileHandle` the writer uses. */
export interface AtomicWriteHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The part of `node:fs/promises` the writer uses. */
export interface AtomicWriteFs {
  open(path: string, flags: string, mode?: number): Promise<AtomicWriteHandle>;
  rename(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeAtomicWriteFs: AtomicWriteFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (oldPath, newPath) => fsp.rename(oldPath, newPath),
  unlink: (path) => fsp.unlink(path),
};

/** Errors from flushing a directory on platforms and file systems that cannot (Windows: EISDIR/EPERM). */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

/** The name of the temporary file written before the rename: hidden, unique, beside the target. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** True for names `tempPathFor` produces (so a folder listing can ignore or clean them). */
export function isAtomicTempName(name: string): boolean {
  return /^\..+\.\d+-[0-9a-f]{12}\.tmp$/.test(name);
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function causeText(err: unknown, target: string): string {
  const dir = dirname(target);
  switch (errorCode(err)) {
    case 'ENOSPC':
      return 'the disk is full. Free some space and save again';
    case 'EDQUOT':
      return 'your disk quota is exhausted. Free some space and save again';
    case 'EACCES':
    case 'EPERM':
      return `permission denied: you may not write in ${dir}. Save to a folder you can write to, or change its permissions`;
    case 'EROFS':
      return `${dir} is on a read-only file system. Save to another folder`;
    case 'ENOENT':
    case 'ENOTDIR':
      return `the folder ${dir} does not exist. Create it or save somewhere else`;
    case 'EISDIR':
      return `${target} is a folder. Choose a file name`;
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open. Close some programs and save again';
    case 'EIO':
      return 'the disk reported an input/output error. Check the disk and save again';
    default:
      return `${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Writes `data` to `path` atomically (see the module comment). Throws a UserError naming the file
 * and the cause; the previous content of `path`, if any, is then unchanged.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, fs: AtomicWriteFs = nodeAtomicWriteFs): Promise<void> {
  const target = resolve(path);
  const temp = tempPathFor(target);
  let handle: AtomicWriteHandle | undefined;
  let created = false;
  try {
    handle = await fs.open(temp, 'wx', 0o666);
    created = true;
    await handle.writeFile(data);
    await handle.sync();
    const h = handle;
    handle = undefined;
    await h.close();
    await fs.rename(temp, target);
    created = false;
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw new UserError('file-write', `Could not save ${target}: ${causeText(err, target)}. The previous version of the file is unchanged.`, {
      file: target,
      cause: errorCode(err) ?? (err instanceof Error ? err.message : String(err)),
    });
  }
  await syncDirectory(dirname(target), target, fs);
}

/** Flushes the directory entry of the rename; skipped where the platform cannot. */
async function syncDirectory(dir: string, target: string, fs: AtomicWriteFs): Promise<void> {
  let handle: AtomicWriteHandle;
  try {
    handle = await fs.open(dir, 'r');
  } catch (err) {
    if (DIR_SYNC_UNSUPPORTED.has(errorCode(err) ?? '')) return;
    throw dirSyncError(target, err);
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!DIR_SYNC_UNSUPPORTED.has(errorCode(err) ?? '')) throw dirSyncError(target, err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function dirSyncError(target: string, err: unknown): UserError {
  return new UserError(
    'file-write',
    `Saved ${target}, but flushing its folder to disk failed: ${causeText(err, target)}. The new content may be lost if the machine loses power now; save again to be sure.`,
    { file: target, cause: errorCode(err) ?? String(err) },
  );
}
