/** The renderer's stores against a fake API: events folded in order, stale replies ignored, errors kept typed. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { applySweepEvent, startingSweepStatus, type SweepStatus } from '../../src-shared/api/sweep-status.js';
import { UserError } from '../../src-shared/errors.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import { useModelStore } from '../../src-renderer/src/stores/modelStore.js';
import { unsavedChanges } from '../../src-renderer/src/composables/useAppCommands.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import { useSweepStore } from '../../src-renderer/src/stores/sweepStore.js';
import { fakeApi, projectView } from './fake-api.js';

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('project store', () => {
  it('loads the app info and the open project, and follows pushed projects', async () => {
    const api = fakeApi({ getProject: async () => projectView({ name: 'first' }) });
    provideApi(api);
    const store = useProjectStore();
    await store.load();
    expect(store.appInfo?.workers).toBe(2);
    expect(store.project?.name).toBe('first');
    store.applyEvent({ kind: 'project', project: projectView({ name: 'second' }) });
    expect(store.project?.name).toBe('second');
  });

  it('keeps the error of a failed open with its code, and the project it had', async () => {
    provideApi(fakeApi({ openProject: async ({ path }) => Promise.reject(new UserError('project-read', `The project file ${path} does not exist. Check the path.`)) }));
    const store = useProjectStore();
    store.project = projectView();
    expect(await store.openProject('/nope.edgefront')).toBe(false);
    expect(store.error).toEqual({ code: 'project-read', message: 'The project file /nope.edgefront does not exist. Check the path.', internal: false });
    expect(store.project?.name).toBe('study');
    expect(store.opening).toBeNull();
  });

  it('refuses to open another project over unsaved edits unless the user agreed to discard them', async () => {
    const opened: string[] = [];
    provideApi(fakeApi({ openProject: async ({ path }) => (opened.push(path), projectView({ name: 'other', path })) }));
    const store = useProjectStore();
    store.project = projectView();
    unsavedChanges.value = true;
    try {
      expect(await store.openProject('/b.edgefront')).toBe(false);
      expect(opened).toEqual([]);
      expect(store.error?.code).toBe('unsaved-edits');
      expect(store.error?.message).toMatch(/unsaved design-space or hardware edits.*Save them/);
      expect(store.project?.name).toBe('study');
      expect(await store.openProject('/b.edgefront', { discardUnsaved: true })).toBe(true);
      expect(opened).toEqual(['/b.edgefront']);
      expect(store.project?.name).toBe('other');
    } finally {
      unsavedChanges.value = false;
    }
  });
});

describe('sweep store', () => {
  it('folds pushed events and ignores a reply older than them', async () => {
    let s: SweepStatus = startingSweepStatus('/p', 5);
    const startReply = { ...applySweepEvent(s, { type: 'start', total: 2, cached: 0, workers: 1, strategy: 'grid' }), revision: 6 };
    const api = fakeApi({
      startSweep: async () => {
        // Events that happened after the reply was taken arrive before it.
        api.push({ kind: 'sweep-status', status: s });
        api.push({ kind: 'sweep-event', revision: 6, event: { type: 'start', total: 2, cached: 0, workers: 1, strategy: 'grid' } });
        api.push({ kind: 'sweep-event', revision: 7, event: { type: 'point-done', key: 'k', label: 'w4', cached: false, accuracy: 0.9, weightBytes: 10, energyJoules: 1, seconds: 1 } });
        return startReply;
      },
    });
    provideApi(api);
    const store = useSweepStore();
    api.onEvent((e) => store.applyEvent(e));
    await store.start({ sampleLimit: 300 });
    expect(store.status.revision).toBe(7);
    expect(store.status.points.map((p) => p.key)).toEqual(['k']);
    expect(store.active).toBe(true);
    s = store.status;
    api.push({ kind: 'sweep-event', revision: 8, event: { type: 'finished', status: 'completed', evaluated: 1, cached: 0, failed: 0, seconds: 1 } });
    expect(store.status.phase).toBe('completed');
    expect(store.active).toBe(false);
  });

  it('keeps a refused control as a typed error', async () => {
    provideApi(fakeApi({ pauseSweep: () => Promise.reject(new UserError('sweep-not-running', 'No sweep is running, so there is nothing to pause.')) }));
    const store = useSweepStore();
    await store.pause();
    expect(store.error?.code).toBe('sweep-not-running');
    expect(store.busy).toBe(false);
  });
});

describe('model store', () => {
  it('fetches once per model and keeps a read error', async () => {
    let calls = 0;
    const summary = { modelPath: '/m.onnx', producer: 'x', opset: 13, inputs: [], outputs: [], layers: [], totalParams: 0, totalMacs: 0, activationBytesFloat: 0 };
    provideApi(fakeApi({ getModelSummary: async () => (calls++, summary) }));
    const store = useModelStore();
    await store.load('/m.onnx');
    await store.load('/m.onnx');
    expect(calls).toBe(1);
    provideApi(fakeApi({ getModelSummary: () => Promise.reject(new UserError('onnx-invalid', 'The file /bad.onnx is not an ONNX model.')) }));
    await store.load('/bad.onnx');
    expect(store.summary).toBeNull();
    expect(store.error?.code).toBe('onnx-invalid');
    // A failed read is not repeated on its own (a view watching the store would loop), only on request.
    let retries = 0;
    provideApi(fakeApi({ getModelSummary: async () => (retries++, { ...summary, modelPath: '/bad.onnx' }) }));
    await store.load('/bad.onnx');
    expect(retries).toBe(0);
    await store.load('/bad.onnx', { retry: true });
    expect(retries).toBe(1);
    expect(store.error).toBeNull();
    expect(store.summary?.modelPath).toBe('/bad.onnx');
  });
});
