/** An EdgeFrontApi for renderer tests: answers from overridable handlers and lets a test push events. */
import type { ApiEvent, ApiEventListener } from '../../src-shared/api/api-events.js';
import type { EdgeFrontApi } from '../../src-shared/api/edgefront-api.js';
import type { ProjectView } from '../../src-shared/api/project-view.js';
import { idleSweepStatus } from '../../src-shared/api/sweep-status.js';
import { UserError } from '../../src-shared/errors.js';

export interface FakeApi extends EdgeFrontApi {
  push(event: ApiEvent): void;
}

const notHere = (what: string) => () => Promise.reject(new UserError('fake-unset', `${what} is not set up in this test.`));

export function fakeApi(overrides: Partial<EdgeFrontApi> = {}): FakeApi {
  const listeners = new Set<ApiEventListener>();
  return {
    getAppInfo: async () => ({ version: '0.0.0', transport: 'browser', demoAvailable: true, demoPath: '/tmp/demo/fashion-mnist.edgefront', workers: 2 }),
    openDemo: notHere('openDemo'),
    openProject: notHere('openProject'),
    getProject: async () => null,
    getModelSummary: notHere('getModelSummary'),
    startSweep: notHere('startSweep'),
    pauseSweep: notHere('pauseSweep'),
    resumeSweep: notHere('resumeSweep'),
    cancelSweep: notHere('cancelSweep'),
    getSweepStatus: async () => idleSweepStatus(),
    listRecentProjects: async () => ({ projects: [], notice: null }),
    forgetRecentProject: notHere('forgetRecentProject'),
    createNewProject: notHere('createNewProject'),
    getWeightHistograms: notHere('getWeightHistograms'),
    measureFloatAccuracy: notHere('measureFloatAccuracy'),
    getSensitivity: notHere('getSensitivity'),
    measureSensitivity: notHere('measureSensitivity'),
    getPointDetails: notHere('getPointDetails'),
    exportReport: notHere('exportReport'),
    previewDesign: notHere('previewDesign'),
    updateProject: notHere('updateProject'),
    listHardwareProfiles: notHere('listHardwareProfiles'),
    saveProjectAs: notHere('saveProjectAs'),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(event) {
      for (const l of listeners) l(event);
    },
    ...overrides,
  };
}

/** A small but complete project view. */
export function projectView(over: Partial<ProjectView> = {}): ProjectView {
  return {
    path: '/tmp/p/study.edgefront',
    name: 'study',
    description: null,
    isDemo: false,
    modelPath: '/tmp/p/model.onnx',
    datasetPath: '/tmp/p/data.gz',
    testLimit: null,
    designSpace: { base: {}, axes: { layers: {} }, constraints: [] },
    gridPoints: 1,
    strategy: { kind: 'grid' },
    seeds: 1,
    results: [],
    notices: [],
    missingInputs: [],
    interruptedPoints: 0,
    ...over,
  };
}
