// Packing a project with its inputs into one archive and unpacking it elsewhere: a round trip that
// a colleague can open (hashes verified), deterministic archives, and refusal of unsafe archives
// (zip-slip names, tampered inputs, paths outside the archive, overwriting existing files).
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { packProject, unpackProject, unsafeEntryReason } from '../../src-main/services/project/pack.js';
import { createProject, loadProject, projectFileText, saveProject } from '../../src-main/services/project/project-store.js';
import { fullProject, tempDir, userErrorOf, writeFakeInputs } from '../helpers/project-fixtures.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** A saved full project in `dir/work`, packed to `dir/study.zip`. */
async function packed(dir: string) {
  const work = join(dir, 'work');
  await mkdir(work);
  const { project, projectPath, inputs } = await fullProject(work);
  await saveProject(projectPath, project);
  const archivePath = join(dir, 'study.zip');
  const result = await packProject(projectPath, archivePath);
  return { project, projectPath, inputs, archivePath, result };
}

describe('pack and unpack', () => {
  it('round-trips a project with its inputs; the unpacked project verifies and keeps its results', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { project, inputs, archivePath, result } = await packed(t.dir);
    expect(result.entries).toEqual(['study.edgefront', 'model/net.onnx', 'data/t10k-images-idx3-ubyte', 'data/t10k-labels-idx1-ubyte']);

    const dest = join(t.dir, 'colleague');
    const unpacked = await unpackProject(archivePath, dest);
    expect(unpacked).toBe(join(dest, 'study.edgefront'));
    const loaded = await loadProject(unpacked);
    expect(loaded.staleness).toMatchObject({ ok: true, problems: [], staleResults: [] });
    expect(loaded.project.model.path).toBe('model/net.onnx');
    expect(loaded.project.dataset.path).toBe('data/t10k-images-idx3-ubyte');
    expect(loaded.project.dataset.labels?.path).toBe('data/t10k-labels-idx1-ubyte');
    const expected = structuredClone(project);
    expected.model.path = 'model/net.onnx';
    expected.dataset.path = 'data/t10k-images-idx3-ubyte';
    expected.dataset.labels!.path = 'data/t10k-labels-idx1-ubyte';
    expect(loaded.project).toEqual(expected);
    expect(await readFile(join(dest, 'model', 'net.onnx'))).toEqual(await readFile(inputs.modelPath));
    expect(await readFile(unpacked, 'utf8')).toBe(projectFileText(expected));
  });

  it('produces the same archive bytes when packing the same project twice', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { projectPath, archivePath } = await packed(t.dir);
    const again = join(t.dir, 'again.zip');
    await packProject(projectPath, again);
    expect(await readFile(again)).toEqual(await readFile(archivePath));
  });

  it('packs an image-folder dataset and a separate calibration set', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const inputs = await writeFakeInputs(t.dir);
    const folder = join(t.dir, 'images');
    for (const cls of ['cat', 'dog']) {
      await mkdir(join(folder, cls), { recursive: true });
      await writeFile(join(folder, cls, '1.png'), `${cls} one`);
      await writeFile(join(folder, cls, '2.png'), `${cls} two`);
    }
    const calib = join(t.dir, 'calib');
    await mkdir(join(calib, 'cat'), { recursive: true });
    await writeFile(join(calib, 'cat', '1.png'), 'calibration cat');
    const projectPath = join(t.dir, 'folder.edgefront');
    await saveProject(projectPath, await createProject({ projectPath, modelPath: inputs.modelPath, datasetPath: folder, calibrationPath: calib }));
    const archive = join(t.dir, 'folder.zip');
    const { entries } = await packProject(projectPath, archive);
    expect(entries).toEqual(['folder.edgefront', 'model/net.onnx', 'data/images/cat/1.png', 'data/images/cat/2.png', 'data/images/dog/1.png', 'data/images/dog/2.png', 'calibration/calib/cat/1.png']);
    const loaded = await loadProject(await unpackProject(archive, join(t.dir, 'out')));
    expect(loaded.staleness?.ok).toBe(true);
    expect(loaded.project.dataset.path).toBe('data/images');
    expect(loaded.project.split.calibration).toMatchObject({ path: 'calibration/calib' });
  });

  it('refuses to pack a project whose inputs are missing', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { project, projectPath, inputs } = await fullProject(t.dir);
    await saveProject(projectPath, project);
    await rm(inputs.datasetPath);
    const e = await userErrorOf(packProject(projectPath, join(t.dir, 'x.zip')));
    expect(e.code).toBe('pack-inputs');
    expect(e.message).toContain('is missing');
    expect(await readdir(t.dir)).not.toContain('x.zip');
  });
});

describe('unpack refuses unsafe archives', () => {
  const project = (paths: { model: string; dataset: string }) =>
    strToU8(JSON.stringify({ format: 'edgefront-project', version: 1, name: 'x', model: { path: paths.model, sha256: 'a'.repeat(64) }, dataset: { path: paths.dataset, sha256: 'a'.repeat(64) } }));

  it('names zip-slip entries and extracts nothing', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    for (const evil of ['../evil.txt', 'data/../../evil.txt', '/tmp/evil.txt', 'C:/evil.txt', '..\\evil.txt']) {
      const archive = join(t.dir, 'evil.zip');
      await writeFile(archive, zipSync({ 'x.edgefront': project({ model: 'm', dataset: 'd' }), 'model/m': strToU8('m'), [evil]: strToU8('pwned') }));
      const dest = join(t.dir, 'dest');
      const e = await userErrorOf(unpackProject(archive, dest));
      expect(e.code, evil).toBe('archive-unsafe-path');
      expect(e.message).toContain(`"${evil}"`);
      expect(e.message).toContain('nothing was extracted');
      expect(await readdir(t.dir)).toEqual(['evil.zip']);
    }
    expect(unsafeEntryReason('data/ok..name.npy')).toBeNull();
    expect(unsafeEntryReason('a/../b')).toContain('..');
  });

  it('refuses a project that points outside the archive', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const archive = join(t.dir, 'outside.zip');
    await writeFile(archive, zipSync({ 'x.edgefront': project({ model: '../../etc/passwd', dataset: 'data/d' }), 'data/d': strToU8('d') }));
    const e = await userErrorOf(unpackProject(archive, join(t.dir, 'dest')));
    expect(e.code).toBe('archive-unsafe-path');
    expect(e.message).toContain('../../etc/passwd');
  });

  it('detects an input changed inside the archive', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { archivePath } = await packed(t.dir);
    const files = unzipSync(await readFile(archivePath));
    files['model/net.onnx'] = strToU8('tampered');
    const tampered = join(t.dir, 'tampered.zip');
    await writeFile(tampered, zipSync(files));
    const e = await userErrorOf(unpackProject(tampered, join(t.dir, 'dest')));
    expect(e.code).toBe('archive-hash-mismatch');
    expect(e.message).toContain('model file');
    expect(e.message).toContain('has changed');
  });

  it('never overwrites existing files', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { archivePath } = await packed(t.dir);
    const dest = join(t.dir, 'dest');
    await mkdir(join(dest, 'model'), { recursive: true });
    await writeFile(join(dest, 'model', 'net.onnx'), 'mine');
    const e = await userErrorOf(unpackProject(archivePath, dest));
    expect(e.code).toBe('unpack-exists');
    expect(await readFile(join(dest, 'model', 'net.onnx'), 'utf8')).toBe('mine');
    expect(await readdir(dest)).toEqual(['model']);
  });

  it('refuses archives that are not ZIPs or hold no project', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const junk = join(t.dir, 'junk.zip');
    await writeFile(junk, 'not a zip at all, just text');
    expect((await userErrorOf(unpackProject(junk, join(t.dir, 'a')))).code).toBe('archive-invalid');
    const empty = join(t.dir, 'empty.zip');
    await writeFile(empty, zipSync({ 'readme.txt': strToU8('hi') }));
    expect((await userErrorOf(unpackProject(empty, join(t.dir, 'b')))).code).toBe('archive-no-project');
  });
});
