/**
 * The Start view's API on the real services: a new project is checked before anything is written
 * (a corrupt ONNX file, a dataset whose samples or labels do not fit the model, an existing
 * project file: each a clear error naming the file and its form field), then written and opened;
 * every opened project lands in the recent projects list.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendApi, type BackendApi } from '../../src-main/api/backend-api.js';
import { datasetPath, modelPath, repoRoot } from '../helpers/demo-assets.js';
import { workerScript } from '../helpers/lenet-projects.js';
import { userErrorOf } from '../helpers/project-fixtures.js';
import { tinyClassifierBytes } from '../helpers/tiny-classifier.js';

const DEMO_EXAMPLE = join(repoRoot, 'assets/examples/fashion-mnist.edgefront');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-start-api-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `configDir` null: a backend started without a config folder. */
function makeApi(name: string, configDir: string | null = join(dir, `${name}-config`)): BackendApi {
  return createBackendApi({ version: '0.0.0-test', transport: 'browser', demoExample: DEMO_EXAMPLE, demoDir: join(dir, `${name}-demo`), workers: 1, workerScript, configDir: configDir ?? undefined });
}

async function folderEmpty(path: string): Promise<string[]> {
  return (await readdir(path)).filter((n) => n.endsWith('.edgefront') || n.endsWith('.tmp'));
}

describe('createNewProject', () => {
  it('refuses a corrupt ONNX file with a message naming it, and writes nothing', async () => {
    const api = makeApi('corrupt');
    const work = join(dir, 'corrupt');
    await mkdir(work);
    const bad = join(work, 'broken.onnx');
    await writeFile(bad, Buffer.from('this is not a protobuf at all \x00\x01\x02\xff\xfe', 'latin1'));
    const e = await userErrorOf(api.createNewProject({ modelPath: bad, datasetPath: datasetPath('fashion-mnist', 'test'), projectPath: join(work, 'study.edgefront') }));
    expect(e.message).toContain(bad);
    expect(e.details?.field).toBe('modelPath');
    expect(await folderEmpty(work)).toEqual([]);
    expect(await api.getProject()).toBeNull();
  });

  it('refuses a dataset whose samples do not fit the model input, naming both, and writes nothing', async () => {
    const api = makeApi('shape');
    const work = join(dir, 'shape');
    await mkdir(work);
    const m = join(work, 'rgb32.onnx');
    await writeFile(m, tinyClassifierBytes([3, 32, 32], 10));
    const data = datasetPath('fashion-mnist', 'test');
    const e = await userErrorOf(api.createNewProject({ modelPath: m, datasetPath: data, projectPath: join(work, 'study.edgefront') }));
    expect(e.code).toBe('dataset-shape');
    expect(e.message).toContain(data);
    expect(e.message).toMatch(/3.?×.?32.?×.?32|3×32×32/);
    expect(e.details?.field).toBe('datasetPath');
    expect(await folderEmpty(work)).toEqual([]);
  });

  it('refuses a dataset with more classes than the model predicts', async () => {
    const api = makeApi('classes');
    const work = join(dir, 'classes');
    await mkdir(work);
    const m = join(work, 'four-classes.onnx');
    await writeFile(m, tinyClassifierBytes([1, 28, 28], 4));
    const e = await userErrorOf(api.createNewProject({ modelPath: m, datasetPath: datasetPath('fashion-mnist', 'test'), projectPath: join(work, 'study.edgefront') }));
    expect(e.code).toBe('dataset-classes');
    expect(e.message).toMatch(/labels up to 9.*predicts 4 classes/);
    expect(e.details?.field).toBe('datasetPath');
    expect(await folderEmpty(work)).toEqual([]);
  });

  it('writes and opens a valid project, lists it first among recent projects, and never replaces a file', async () => {
    const api = makeApi('valid');
    const work = join(dir, 'valid');
    await mkdir(work);
    const projectPath = join(work, 'lenet.edgefront');
    const view = await api.createNewProject({ modelPath: modelPath('fmnist-lenet5.onnx'), datasetPath: datasetPath('fashion-mnist', 'test'), projectPath, name: 'LeNet study' });
    expect(view.path).toBe(projectPath);
    expect(view.name).toBe('LeNet study');
    expect(view.missingInputs).toEqual([]);
    expect((await api.getProject())?.path).toBe(projectPath);
    const recent = await api.listRecentProjects();
    expect(recent.projects[0]).toMatchObject({ path: projectPath, name: 'LeNet study', exists: true });
    expect(recent.notice).toBeNull();

    const e = await userErrorOf(api.createNewProject({ modelPath: modelPath('fmnist-lenet5.onnx'), datasetPath: datasetPath('fashion-mnist', 'test'), projectPath }));
    expect(e.code).toBe('new-project-exists');
    expect(e.details?.field).toBe('projectPath');
  });

  it('asks for the .edgefront extension and an existing folder', async () => {
    const api = makeApi('paths');
    const args = { modelPath: modelPath('fmnist-lenet5.onnx'), datasetPath: datasetPath('fashion-mnist', 'test') };
    expect((await userErrorOf(api.createNewProject({ ...args, projectPath: join(dir, 'x.json') }))).code).toBe('new-project-extension');
    const e = await userErrorOf(api.createNewProject({ ...args, projectPath: join(dir, 'no', 'such', 'x.edgefront') }));
    expect(e.code).toBe('new-project-folder');
    expect(e.message).toContain(join(dir, 'no', 'such'));
  });
});

describe('recent projects through the API', () => {
  it('remembers the demo when it is opened, marks a removed file and forgets on request', async () => {
    const api = makeApi('recent');
    const demo = await api.openDemo();
    expect((await api.listRecentProjects()).projects.map((p) => p.path)).toEqual([demo.path]);
    await rm(demo.path);
    expect((await api.listRecentProjects()).projects[0].exists).toBe(false);
    expect((await api.forgetRecentProject({ path: demo.path })).projects).toEqual([]);
  });

  it('says once that a corrupt list was set aside', async () => {
    const config = join(dir, 'corrupt-list-config');
    await mkdir(config);
    await writeFile(join(config, 'recent-projects.json'), '[[[');
    const api = makeApi('corrupt-list', config);
    const first = await api.listRecentProjects();
    expect(first.projects).toEqual([]);
    expect(first.notice).toContain(join(config, 'recent-projects.json'));
    expect((await api.listRecentProjects()).notice).toBeNull();
  });

  it('without a config folder keeps nothing and says so', async () => {
    const api = makeApi('no-config', null);
    await api.openDemo();
    const list = await api.listRecentProjects();
    expect(list.projects).toEqual([]);
    expect(list.notice).toMatch(/not kept/);
    expect(existsSync(join(dir, 'no-config-config'))).toBe(false);
  });
});
