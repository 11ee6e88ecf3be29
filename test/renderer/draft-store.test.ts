/** The draft store: edits against the saved project, Save / Discard, the Save command, the debounced preview, hardware edits. */
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { DesignPreview, UpdateProjectRequest } from '../../src-shared/api/project-edit.js';
import { UserError } from '../../src-shared/errors.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import { runAppCommand, unsavedChanges } from '../../src-renderer/src/composables/useAppCommands.js';
import { PREVIEW_DELAY_MS, useDraftStore } from '../../src-renderer/src/stores/draftStore.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import { fakeApi, projectView } from './fake-api.js';
import { hardwareFixture } from './hardware-fixture.js';

const preview = (points: number): DesignPreview => ({
  valid: true,
  issues: [],
  gridPoints: points,
  points,
  pointsExact: true,
  pointsNote: 'every point of the grid',
  cached: 0,
  testSamples: 300,
  estimate: { seconds: null, basis: 'No measurement yet.' },
});

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const updates: UpdateProjectRequest[] = [];
  const previews: unknown[] = [];
  const api = fakeApi({
    previewDesign: async (r) => {
      previews.push(r);
      return preview(4);
    },
    updateProject: async (r) => {
      updates.push(r);
      return projectView({ designSpace: { base: {}, axes: { layers: {}, ...(r.designSpace?.axes ?? {}) }, constraints: [] }, seeds: r.seeds ?? 1 });
    },
    listHardwareProfiles: async () => hardwareFixture(),
    ...overrides,
  });
  provideApi(api);
  const projects = useProjectStore();
  projects.project = projectView();
  const drafts = useDraftStore();
  return { api, projects, drafts, updates, previews };
}

describe('draft store', () => {
  it('tracks unsaved edits, discards them, and blocks a sweep of the old design meanwhile', () => {
    const { drafts } = setup();
    expect(drafts.dirty).toBe(false);
    drafts.draft!.designSpace.axes.weightBits = [2, 4];
    expect(drafts.dirty).toBe(true);
    expect(unsavedChanges.value).toBe(true);
    expect(drafts.sweepBlockedReason).toContain('unsaved edits');
    drafts.discard();
    expect(drafts.dirty).toBe(false);
    expect(unsavedChanges.value).toBe(false);
    expect(drafts.draft!.designSpace.axes.weightBits).toBeUndefined();
    expect(drafts.sweepBlockedReason).toBeNull();
  });

  it('saves through updateProject, from a button or the Save command', async () => {
    const { drafts, projects, updates } = setup();
    drafts.draft!.designSpace.axes.weightBits = [2, 4];
    drafts.draft!.seeds = 3;
    expect(await runAppCommand('save')).toBe(true);
    expect(updates).toHaveLength(1);
    expect(updates[0].designSpace?.axes?.weightBits).toEqual([2, 4]);
    expect(updates[0].seeds).toBe(3);
    // Hardware was never loaded or edited: it is not sent.
    expect(updates[0].hardware).toBeUndefined();
    expect(drafts.dirty).toBe(false);
    expect(projects.project?.seeds).toBe(3);
    // Nothing to save: no call.
    expect(await drafts.save()).toBe(true);
    expect(updates).toHaveLength(1);
  });

  it('keeps the edits and the error when the save is refused', async () => {
    const { drafts } = setup({
      updateProject: async () => Promise.reject(new UserError('sweep-running', 'A sweep of /tmp/p/study.edgefront is running; save changes to the project once it has finished, or cancel it first.')),
    });
    drafts.draft!.seeds = 5;
    expect(await drafts.save()).toBe(false);
    expect(drafts.error?.code).toBe('sweep-running');
    expect(drafts.dirty).toBe(true);
  });

  it('previews the draft once editing pauses, and ignores an older answer', async () => {
    let answer = 0;
    const { drafts } = setup({
      previewDesign: async () => {
        const mine = ++answer;
        // The first answer arrives after the second.
        if (mine === 1) await new Promise((r) => setTimeout(r, 1000));
        return preview(mine === 1 ? 99 : 6);
      },
    });
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS + 10);
    expect(answer).toBe(1);
    drafts.draft!.designSpace.axes.weightBits = [2];
    await flushPromises();
    drafts.draft!.designSpace.axes.weightBits = [2, 4];
    await flushPromises();
    drafts.draft!.designSpace.axes.weightBits = [2, 4, 8];
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS + 10);
    // Three quick edits: one preview.
    expect(answer).toBe(2);
    expect(drafts.preview?.points).toBe(6);
    await vi.advanceTimersByTimeAsync(1000);
    expect(drafts.preview?.points).toBe(6);
  });

  it('keeps edits in progress when the same project is pushed again, and starts over for another project', async () => {
    const { drafts, projects } = setup();
    drafts.draft!.seeds = 4;
    projects.project = projectView({ results: [] });
    await nextTick();
    expect(drafts.draft!.seeds).toBe(4);
    expect(drafts.dirty).toBe(true);
    projects.project = projectView({ path: '/tmp/q/other.edgefront', seeds: 2 });
    await nextTick();
    expect(drafts.draft!.seeds).toBe(2);
    expect(drafts.dirty).toBe(false);
  });

  it('embeds an edited profile, checks it by field, and sends the hardware only when it changed', async () => {
    const { drafts, updates } = setup();
    await drafts.loadHardware();
    expect(drafts.dirty).toBe(false);
    const profile = drafts.profileOf('bit-serial')!;
    drafts.editProfile({ ...profile, clockHz: { value: 250e6, source: '' } });
    expect(drafts.dirty).toBe(true);
    expect(drafts.hardwareIssues.map((i) => i.field)).toEqual(['hardware.profiles[0].embedded.clockHz.source']);
    drafts.editProfile({ ...profile, clockHz: { value: 250e6, source: 'assumption: a slower clock' } });
    expect(drafts.hardwareIssues).toEqual([]);
    expect(drafts.profileOf('bit-serial')!.clockHz.value).toBe(250e6);
    await drafts.save();
    expect(updates[0].hardware?.profiles).toEqual([{ id: 'bit-serial', embedded: { ...profile, clockHz: { value: 250e6, source: 'assumption: a slower clock' } } }]);
    drafts.revertProfile('bit-serial');
    expect(drafts.draft!.hardware).toEqual([]);
  });
});
