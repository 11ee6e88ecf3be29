// Atomic saves: a failure at any step (write, flush, rename) or a process killed between write and
// rename leaves the old project file intact and readable; failures are UserErrors naming the file
// and the cause ("the disk is full").
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isAtomicTempName,
  nodeAtomicWriteFs,
  writeFileAtomic,
  type AtomicWriteFs,
  type AtomicWriteHandle,
} from '../../src-main/services/project/atomic-write.js';
import { loadProject, saveProject } from '../../src-main/services/project/project-store.js';
import { fullProject, tempDir, userErrorOf } from '../helpers/project-fixtures.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

type Step = 'open' | 'write' | 'sync' | 'rename';

/** The real file system, with `step` failing with `code` (a failed write leaves half the data behind, as a full disk does). */
function failingFs(step: Step, code: string): AtomicWriteFs {
  return {
    async open(path, flags, mode) {
      if (step === 'open' && flags === 'wx') throw errno(code);
      const h = await nodeAtomicWriteFs.open(path, flags, mode);
      const handle: AtomicWriteHandle = {
        async writeFile(data) {
          if (step !== 'write') return h.writeFile(data);
          await h.writeFile(typeof data === 'string' ? data.slice(0, data.length >> 1) : data.subarray(0, data.length >> 1));
          throw errno(code);
        },
        sync: () => (step === 'sync' && flags === 'wx' ? Promise.reject(errno(code)) : h.sync()),
        close: () => h.close(),
      };
      return handle;
    },
    rename: (from, to) => (step === 'rename' ? Promise.reject(errno(code)) : nodeAtomicWriteFs.rename(from, to)),
    unlink: (path) => nodeAtomicWriteFs.unlink(path),
  };
}

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one, leaving no temp file', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'a.json');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, new TextEncoder().encode('second'));
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(t.dir)).toEqual(['a.json']);
  });

  for (const step of ['open', 'write', 'sync', 'rename'] as const) {
    it(`keeps the old file and removes the temp file when ${step} fails`, async () => {
      const t = await tempDir();
      cleanup = t.cleanup;
      const path = join(t.dir, 'p.edgefront');
      await writeFile(path, 'old content');
      const e = await userErrorOf(writeFileAtomic(path, 'new content that is longer', failingFs(step, 'EIO')));
      expect(e.code).toBe('file-write');
      expect(e.message).toContain(path);
      expect(e.message).toContain('unchanged');
      expect(await readFile(path, 'utf8')).toBe('old content');
      expect(await readdir(t.dir)).toEqual(['p.edgefront']);
    });
  }

  it('says "the disk is full" for ENOSPC, naming the file', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { project, projectPath } = await fullProject(t.dir);
    await saveProject(projectPath, project);
    const before = await readFile(projectPath, 'utf8');
    const e = await userErrorOf(saveProject(projectPath, { ...project, name: 'renamed' }, failingFs('write', 'ENOSPC')));
    expect(e.message).toMatch(/the disk is full/);
    expect(e.message).toContain(projectPath);
    expect(e.details).toMatchObject({ file: projectPath, cause: 'ENOSPC' });
    expect(await readFile(projectPath, 'utf8')).toBe(before);
    expect((await readdir(t.dir)).filter(isAtomicTempName)).toEqual([]);
  });

  it('explains permission and missing-folder failures', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const denied = await userErrorOf(writeFileAtomic(join(t.dir, 'x'), 'x', failingFs('open', 'EACCES')));
    expect(denied.message).toContain('permission denied');
    const missing = await userErrorOf(writeFileAtomic(join(t.dir, 'no', 'such', 'x'), 'x'));
    expect(missing.message).toContain('does not exist');
  });

  it('ignores folders that cannot be flushed (Windows)', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const fs: AtomicWriteFs = {
      ...nodeAtomicWriteFs,
      open: (path, flags, mode) => (flags === 'r' ? Promise.reject(errno('EISDIR')) : nodeAtomicWriteFs.open(path, flags, mode)),
    };
    await writeFileAtomic(join(t.dir, 'x'), 'ok', fs);
    expect(await readFile(join(t.dir, 'x'), 'utf8')).toBe('ok');
  });
});

describe('a crash between write and rename', () => {
  it('leaves the old project loadable; the stray temp file is ignored', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { project, projectPath } = await fullProject(t.dir);
    await saveProject(projectPath, project);
    const before = await readFile(projectPath, 'utf8');

    // Bundle the real writer so a plain `node` child can run it, then kill the child with SIGKILL
    // at the moment it would rename: written and flushed, not yet in place.
    const bundle = join(t.dir, 'atomic-write.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../../src-main/services/project/atomic-write.ts', import.meta.url))],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
    const script = `
      const { writeFileAtomic, nodeAtomicWriteFs } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const fs = { ...nodeAtomicWriteFs, rename: () => { process.kill(process.pid, 'SIGKILL'); return new Promise(() => {}); } };
      await writeFileAtomic(${JSON.stringify(projectPath)}, '{"format": "edgefront-project", "version": 1, "name": "half-saved"}\\n', fs);
      console.log('not killed');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal, output).toBe('SIGKILL');

    expect(await readFile(projectPath, 'utf8')).toBe(before);
    const stray = (await readdir(t.dir)).filter(isAtomicTempName);
    expect(stray).toHaveLength(1);
    expect(stray[0].startsWith('.study.edgefront.')).toBe(true);
    expect(await readFile(join(t.dir, stray[0]), 'utf8')).toContain('half-saved');
    const loaded = await loadProject(projectPath);
    expect(loaded.project).toEqual(project);
    expect(loaded.staleness?.ok).toBe(true);

    // The next save succeeds beside the stray file.
    await saveProject(projectPath, { ...project, name: 'saved again' });
    expect((await loadProject(projectPath)).project.name).toBe('saved again');
  });
});
