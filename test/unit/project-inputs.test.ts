// A project's inputs: createProject records relative paths and hashes (the MNIST labels sibling
// included); checkInputs reports a changed model (with the results it makes stale) and a missing
// dataset; folder datasets are hashed by content.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { checkInputs, createProject, describeInputsReport, loadProject, saveProject } from '../../src-main/services/project/project-store.js';
import { sha256File, sha256Folder, sha256Input } from '../../src-main/services/project/sha256-file.js';
import { projectRelativePath } from '../../src-main/services/project/create-project.js';
import { fullProject, tempDir, writeFakeInputs } from '../helpers/project-fixtures.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('createProject', () => {
  it('records paths relative to the project folder with / and the inputs’ hashes', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const inputs = await writeFakeInputs(t.dir);
    await mkdir(join(t.dir, 'projects'));
    const project = await createProject({ projectPath: join(t.dir, 'projects', 'mnist.edgefront'), modelPath: inputs.modelPath, datasetPath: inputs.datasetPath });
    expect(project.name).toBe('mnist');
    expect(project.model).toEqual({ path: '../models/net.onnx', sha256: await sha256File(inputs.modelPath) });
    expect(project.dataset.path).toBe('../data/t10k-images-idx3-ubyte');
    expect(project.dataset.sha256).toBe(await sha256File(inputs.datasetPath));
    // The MNIST-named labels sibling is found and recorded explicitly.
    expect(project.dataset.labels).toEqual({ path: '../data/t10k-labels-idx1-ubyte', sha256: await sha256File(inputs.labelsPath) });
    expect(project.split.calibration).toEqual({ count: 512 });
    expect(projectRelativePath(t.dir, join(t.dir, 'a', 'b.onnx'))).toBe('a/b.onnx');
  });

  it('records a separate calibration set, and refuses a missing input naming it', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const inputs = await writeFakeInputs(t.dir);
    const calib = join(t.dir, 'data', 'calib.npy');
    await writeFile(calib, 'calibration bytes');
    const project = await createProject({ projectPath: join(t.dir, 'p.edgefront'), modelPath: inputs.modelPath, datasetPath: inputs.datasetPath, calibrationPath: calib });
    expect(project.split.calibration).toEqual({ path: 'data/calib.npy', sha256: await sha256File(calib), format: 'auto' });

    const missing = join(t.dir, 'nope.onnx');
    const e = await createProject({ projectPath: join(t.dir, 'p.edgefront'), modelPath: missing, datasetPath: inputs.datasetPath }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toContain(`The model file ${missing} does not exist`);
  });
});

describe('checkInputs', () => {
  it('detects a changed model and counts the results it makes stale', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { project, projectPath, inputs } = await fullProject(t.dir);
    await saveProject(projectPath, project);
    await writeFile(inputs.modelPath, 'retrained weights');

    const loaded = await loadProject(projectPath);
    const report = loaded.staleness!;
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    const problem = report.problems[0];
    expect(problem).toMatchObject({ role: 'model', kind: 'changed', path: 'models/net.onnx', expected: project.model.sha256, actual: await sha256File(inputs.modelPath) });
    expect(problem.message).toContain(inputs.modelPath);
    expect(problem.message).toContain('has changed');
    expect(problem.message).toContain('1 of 1 results were computed on the old file and are stale');
    expect(report.staleResults).toEqual([{ key: project.results[0].key, because: ['model'] }]);
    expect(report.current.model).toBe(await sha256File(inputs.modelPath));
    expect(describeInputsReport(report, 1)).toEqual([problem.message]);
  });

  it('detects a missing dataset and labels file', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { project, inputs } = await fullProject(t.dir);
    await rm(inputs.datasetPath);
    await rename(inputs.labelsPath, `${inputs.labelsPath}.moved`);
    const report = await checkInputs(project, t.dir);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.role, p.kind, p.actual])).toEqual([
      ['dataset', 'missing', null],
      ['labels', 'missing', null],
    ]);
    expect(report.problems[0].message).toContain('data/t10k-images-idx3-ubyte');
    expect(report.problems[0].message).toContain('is missing');
    expect(report.problems[0].message).toContain(inputs.datasetPath);
    // The result was computed on the recorded dataset: not stale, just not reproducible now.
    expect(report.staleResults).toEqual([]);
  });

  it('flags results computed on other inputs even when the files match the project', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { project } = await fullProject(t.dir);
    project.results[0].datasetSha256 = 'c'.repeat(64);
    const report = await checkInputs(project, t.dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.staleResults).toEqual([{ key: project.results[0].key, because: ['dataset'] }]);
    expect(describeInputsReport(report, 1)[0]).toContain('1 of 1 results were computed on other versions');
  });
});

describe('folder hashes', () => {
  it('depend on file names and contents, not on hidden files', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const folder = join(t.dir, 'images');
    await mkdir(join(folder, 'cat'), { recursive: true });
    await mkdir(join(folder, 'dog'), { recursive: true });
    await writeFile(join(folder, 'cat', 'a.png'), 'cat a');
    await writeFile(join(folder, 'dog', 'b.png'), 'dog b');
    const h = await sha256Folder(folder);
    expect(await sha256Input(folder)).toBe(h);
    await writeFile(join(folder, '.DS_Store'), 'finder');
    expect(await sha256Folder(folder)).toBe(h);
    await writeFile(join(folder, 'dog', 'b.png'), 'dog B');
    const changed = await sha256Folder(folder);
    expect(changed).not.toBe(h);
    await rename(join(folder, 'dog', 'b.png'), join(folder, 'cat', 'b.png'));
    expect(await sha256Folder(folder)).not.toBe(changed);
  });
});
