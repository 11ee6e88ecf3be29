/**
 * The API implementation on the real services (src-main/api): every request validated, errors
 * typed, the demo opened as a working copy, the model summarized, and sweeps started, observed
 * through pushed events, cancelled and refused when they cannot run.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendApi, type BackendApi } from '../../src-main/api/backend-api.js';
import { dispatchApiCall } from '../../src-main/api/dispatch.js';
import type { ApiEvent } from '../../src-shared/api/api-events.js';
import { API_METHODS } from '../../src-shared/api/edgefront-api.js';
import { summarizeModel } from '../../workers/engine/model-summary.js';
import { createProject, saveProject } from '../../src-main/services/project/project-store.js';
import { datasetPath, loadDemoModel, modelPath, repoRoot } from '../helpers/demo-assets.js';
import { saveLenetProject, workerScript } from '../helpers/lenet-projects.js';
import { edgeFrontFailure } from '../helpers/edgefront-failure.js';

const DEMO_EXAMPLE = join(repoRoot, 'assets/examples/fashion-mnist.edgefront');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-api-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function makeApi(name: string, demoExample = DEMO_EXAMPLE): BackendApi {
  return createBackendApi({ version: '0.0.0-test', transport: 'browser', demoExample, demoDir: join(dir, `${name}-demo`), workers: 2, workerScript });
}

const failure = edgeFrontFailure;

/**
 * Resolves with the events pushed until the sweep is over: the project pushed again once the
 * finished sweep's results are saved, or a failed status.
 */
function collectUntilDone(api: BackendApi): Promise<ApiEvent[]> {
  return new Promise((resolve) => {
    const seen: ApiEvent[] = [];
    let finished = false;
    const off = api.onEvent((e) => {
      seen.push(e);
      if (e.kind === 'sweep-event' && e.event.type === 'finished') finished = true;
      if ((finished && e.kind === 'project') || (e.kind === 'sweep-status' && e.status.phase === 'failed')) {
        off();
        resolve(seen);
      }
    });
  });
}

describe('backend API: requests and errors', () => {
  it('validates every method, including the argument-less ones', async () => {
    const api = makeApi('validate');
    const bad: Record<string, unknown> = { openProject: { path: 7 }, startSweep: { sampleLimit: -1 } };
    for (const method of Object.keys(API_METHODS) as (keyof typeof API_METHODS)[]) {
      const params = bad[method] ?? { unexpected: true };
      const e = await failure((api[method] as (p: unknown) => Promise<unknown>)(params));
      expect(e.code, method).toBe('api-invalid-request');
      expect(e.message, method).toContain(`The ${method} request is invalid`);
    }
    await api.dispose();
  });

  it('refuses what needs a project before one is open, and sweep controls with no sweep', async () => {
    const api = makeApi('no-project');
    expect(await api.getProject()).toBeNull();
    expect((await failure(api.getModelSummary())).code).toBe('no-project');
    expect((await failure(api.startSweep({}))).code).toBe('no-project');
    for (const m of ['pauseSweep', 'resumeSweep', 'cancelSweep'] as const) expect((await failure(api[m]())).code).toBe('sweep-not-running');
    expect((await api.getSweepStatus()).phase).toBe('idle');
    await api.dispose();
  });

  it('reports a missing or broken project file with the project store’s errors', async () => {
    const api = makeApi('broken');
    const missing = await failure(api.openProject({ path: join(dir, 'nope.edgefront') }));
    expect(missing.code).toBe('project-read');
    expect(missing.message).toContain('nope.edgefront does not exist');
    const garbled = join(dir, 'garbled.edgefront');
    await writeFile(garbled, '{ "format": "edgefront-project", ');
    expect((await failure(api.openProject({ path: garbled }))).code).toBe('project-json');
    expect(await api.getProject()).toBeNull();
    await api.dispose();
  });

  it('dispatch turns unknown methods, bad requests and failures into typed replies', async () => {
    const api = makeApi('dispatch');
    expect(await dispatchApiCall(api, 'getAppInfo', {})).toMatchObject({ ok: true, value: { version: '0.0.0-test', transport: 'browser', demoAvailable: true, workers: 2 } });
    expect(await dispatchApiCall(api, 'dispose', {})).toMatchObject({ ok: false, error: { name: 'UserError', code: 'api-unknown-method' } });
    expect(await dispatchApiCall(api, 'openProject', { path: ['x'] })).toMatchObject({ ok: false, error: { name: 'UserError', code: 'api-invalid-request' } });
    expect(await dispatchApiCall(api, 'openProject', { path: join(dir, 'none.edgefront') })).toMatchObject({ ok: false, error: { name: 'UserError', code: 'project-read' } });
    await api.dispose();
  });
});

describe('backend API: demo and model', () => {
  it('opens the demo as a working copy with its paths rewritten, and summarizes its model', async () => {
    const api = makeApi('demo');
    const pushed: ApiEvent[] = [];
    api.onEvent((e) => pushed.push(e));
    const view = await api.openDemo();
    expect(view.isDemo).toBe(true);
    expect(view.path).toBe(join(dir, 'demo-demo', 'fashion-mnist.edgefront'));
    expect(existsSync(view.path)).toBe(true);
    expect(view.modelPath).toBe(join(repoRoot, 'assets/models/fmnist-rescnn.onnx'));
    expect(view.gridPoints).toBe(24);
    expect(view.missingInputs).toEqual([]);
    expect(pushed).toEqual([{ kind: 'project', project: view }]);
    expect(await api.getProject()).toEqual(view);

    const summary = await api.getModelSummary();
    const reference = summarizeModel(await loadDemoModel('fmnist-rescnn.onnx'));
    expect(summary.totalParams).toBe(reference.totalParams);
    expect(summary.totalMacs).toBe(reference.totalMacs);
    expect(summary.layers.map((l) => l.name)).toEqual(reference.layers.map((l) => l.name));
    expect(summary.layers[0]).toMatchObject({ op: 'Conv', outputShapes: [[1, 16, 28, 28]] });
    expect(summary.opset).toBe(13);
    await api.dispose();
  });

  it('says so when the demo is missing from the installation', async () => {
    const api = makeApi('no-demo', join(dir, 'missing.edgefront'));
    expect((await api.getAppInfo()).demoAvailable).toBe(false);
    expect((await failure(api.openDemo())).code).toBe('demo-missing');
    await api.dispose();
  });
});

describe('backend API: sweeps', () => {
  it('runs a sweep with a sample limit, pushes its events and the updated project', async () => {
    const api = makeApi('sweep');
    const projectPath = await saveLenetProject(dir, 'two-points', { designSpace: { axes: { weightBits: [4, 8] } } });
    await api.openProject({ path: projectPath });
    const done = collectUntilDone(api);
    const started = await api.startSweep({ sampleLimit: 200 });
    expect(started.phase).toBe('running');
    expect(started.projectPath).toBe(projectPath);
    // startSweep resolves once the sweep is under way, long before two points are evaluated.
    expect((await failure(api.openDemo())).code).toBe('sweep-running');
    expect((await failure(api.startSweep({}))).code).toBe('sweep-running');
    const seen = await done;
    const finished = seen.find((e) => e.kind === 'sweep-event' && e.event.type === 'finished');
    expect(finished).toMatchObject({ event: { status: 'completed', evaluated: 2, failed: 0 } });
    const revisions = seen.flatMap((e) => (e.kind === 'sweep-event' ? [e.revision] : []));
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));

    const status = await api.getSweepStatus();
    expect(status.phase).toBe('completed');
    expect(status.points).toHaveLength(2);
    const project = await api.getProject();
    expect(project?.testLimit).toBe(200);
    expect(project?.results).toHaveLength(2);
    expect(project?.results.every((r) => r.metrics.samples === 200 && r.metrics.accuracy !== null && !r.stale)).toBe(true);
    const saved = JSON.parse(await readFile(projectPath, 'utf8')) as { split: { test: { limit: number } } };
    expect(saved.split.test.limit).toBe(200);
    await api.dispose();
  });

  it('cancel stops the sweep and keeps the finished points; a failing start leaves the status as it was', async () => {
    const api = makeApi('cancel');
    const projectPath = await saveLenetProject(dir, 'six-points', { testLimit: 300, designSpace: { axes: { weightBits: [2, 3, 4, 5, 6, 8] } } });
    await api.openProject({ path: projectPath });
    const done = collectUntilDone(api);
    let cancelled = false;
    api.onEvent((e) => {
      if (!cancelled && e.kind === 'sweep-event' && e.event.type === 'point-done') {
        cancelled = true;
        void api.cancelSweep();
      }
    });
    await api.startSweep({});
    await done;
    const status = await api.getSweepStatus();
    expect(status.phase).toBe('cancelled');
    expect(status.summary!.evaluated).toBeGreaterThanOrEqual(1);
    expect(status.summary!.evaluated).toBeLessThan(6);
    expect((await api.getProject())?.results).toHaveLength(status.summary!.evaluated);

    // A project whose model has gone: the sweep cannot start, says why, and the last status stays.
    const modelCopy = join(dir, 'lenet-copy.onnx');
    await copyFile(modelPath('fmnist-lenet5.onnx'), modelCopy);
    const orphan = join(dir, 'orphan.edgefront');
    await saveProject(orphan, await createProject({ projectPath: orphan, modelPath: modelCopy, datasetPath: datasetPath('fashion-mnist', 'test'), testLimit: 100 }));
    await rm(modelCopy);
    const view = await api.openProject({ path: orphan });
    expect(view.missingInputs).toHaveLength(1);
    expect(view.missingInputs[0]).toContain('lenet-copy.onnx');
    const before = await api.getSweepStatus();
    const e = await failure(api.startSweep({}));
    expect(e.code).toBe('sweep-inputs-missing');
    expect(e.message).toContain('lenet-copy.onnx');
    const after = await api.getSweepStatus();
    expect(after.phase).toBe(before.phase);
    expect(after.revision).toBeGreaterThan(before.revision);
    await api.dispose();
  });
});
