/**
 * saveProjectAs on the real services with the demo project: the copy lands in another folder with
 * its inputs rebased (it opens and finds the demo model and data), keeps the results, becomes the
 * open project, and never replaces another file unless told to.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendApi, type BackendApi } from '../../src-main/api/backend-api.js';
import { loadProject } from '../../src-main/services/project/project-store.js';
import { dispatchApiCall } from '../../src-main/api/dispatch.js';
import { repoRoot } from '../helpers/demo-assets.js';
import { edgeFrontFailure as failure } from '../helpers/edgefront-failure.js';
import { workerScript } from '../helpers/lenet-projects.js';

const DEMO_EXAMPLE = join(repoRoot, 'assets/examples/fashion-mnist.edgefront');

let dir: string;
let api: BackendApi;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-save-as-'));
  api = createBackendApi({ version: '0.0.0-test', transport: 'browser', demoExample: DEMO_EXAMPLE, demoDir: join(dir, 'demo'), workers: 1, workerScript });
});
afterAll(async () => {
  await api.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('saveProjectAs', () => {
  it('needs an open project', async () => {
    const e = await failure(api.saveProjectAs({ path: join(dir, 'x.edgefront') }));
    expect(e.code).toBe('no-project');
  });

  it('copies the demo into another folder with rebased inputs and opens the copy', async () => {
    const original = await api.openDemo();
    await mkdir(join(dir, 'elsewhere', 'deeper'), { recursive: true });
    const target = join(dir, 'elsewhere', 'deeper', 'copy.edgefront');
    const events: string[] = [];
    const off = api.onEvent((e) => {
      if (e.kind === 'project' && e.project) events.push(e.project.path);
    });
    const view = await api.saveProjectAs({ path: target });
    off();
    expect(view.path).toBe(target);
    expect(events).toEqual([target]);
    expect((await api.getProject())?.path).toBe(target);
    // The same model and data, found from the new folder.
    expect(view.modelPath).toBe(original.modelPath);
    expect(view.datasetPath).toBe(original.datasetPath);
    expect(view.missingInputs).toEqual([]);
    expect(view.results.length).toBe(original.results.length);
    const copy = await loadProject(target);
    expect(copy.project.model.path.startsWith('..')).toBe(true);
    expect(copy.project.designSpace).toEqual((await loadProject(original.path, { checkInputs: false })).project.designSpace);
  });

  it('refuses to replace another existing file unless overwrite is set, and then replaces it', async () => {
    await api.openDemo();
    const target = join(dir, 'taken.edgefront');
    await writeFile(target, 'someone else\'s file');
    const e = await failure(api.saveProjectAs({ path: target }));
    expect(e.code).toBe('file-exists');
    expect(e.message).toContain(target);
    expect(await readFile(target, 'utf8')).toBe('someone else\'s file');
    const view = await api.saveProjectAs({ path: target, overwrite: true });
    expect(view.path).toBe(target);
    expect(JSON.parse(await readFile(target, 'utf8')).name).toBe(view.name);
  });

  it('refuses a folder and a name without the .edgefront extension, over the transport too', async () => {
    await api.openDemo();
    await mkdir(join(dir, 'a-folder.edgefront'));
    expect((await failure(api.saveProjectAs({ path: join(dir, 'a-folder.edgefront'), overwrite: true }))).code).toBe('save-as-target');
    const reply = await dispatchApiCall(api, 'saveProjectAs', { path: join(dir, 'copy.json') });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('api-invalid-request');
      expect(reply.error.message).toContain('.edgefront');
    }
    const extra = await dispatchApiCall(api, 'saveProjectAs', { path: join(dir, 'c.edgefront'), force: true });
    expect(extra.ok).toBe(false);
  });
});
