/**
 * The open project's unsaved edits: its design space, strategy, seeds and hardware profiles as
 * the Design space and Hardware views change them, until Save writes them into the project file
 * (updateProject) or Discard drops them. While the draft differs from the saved project,
 * `unsavedChanges` is set, so the desktop shell asks before closing and the Run view can refuse
 * to sweep the old design silently. A preview of the draft (point count, cached points, problems
 * by field, estimated time) is asked for on every pause in editing.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { HardwareProfilesView } from '../../../src-shared/api/hardware-view.js';
import type { DesignPreview, FieldIssueView } from '../../../src-shared/api/project-edit.js';
import type { ProjectView } from '../../../src-shared/api/project-view.js';
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import type { DesignSpace } from '../../../src-shared/design-space.js';
import { hardwareProfileSchema, type HardwareProfile } from '../../../src-shared/hardware-profile.js';
import { fieldPath, type ProjectProfile, type Strategy } from '../../../src-shared/project-file.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';
import { registerAppCommand, unsavedChanges } from '../composables/useAppCommands.js';
import { useProjectStore } from './projectStore.js';

/** The parts of a project the GUI edits. */
export interface ProjectDraft {
  designSpace: DesignSpace;
  strategy: Strategy;
  seeds: number;
  /** The project's `hardware.profiles`; null until the Hardware data is loaded (then unchanged means "not edited"). */
  hardware: ProjectProfile[] | null;
}

/** Milliseconds without an edit before the draft is previewed. */
export const PREVIEW_DELAY_MS = 300;

/** A deep copy of JSON data (structuredClone refuses Vue's reactive proxies). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The same content whatever the key order (canonical JSON); a draft never holds NaN or Infinity. */
const sameContent = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

export const useDraftStore = defineStore('draft', () => {
  const projects = useProjectStore();
  /** What the project file holds. */
  const saved = ref<ProjectDraft | null>(null);
  /** What the views edit. */
  const draft = ref<ProjectDraft | null>(null);
  const saving = ref(false);
  const error = ref<UiError | null>(null);

  const preview = ref<DesignPreview | null>(null);
  const previewError = ref<UiError | null>(null);
  const previewing = ref(false);
  /** Test samples per point the estimate assumes; undefined = the project's saved limit. */
  const sampleLimit = ref<number | null | undefined>(undefined);

  const hardwareView = ref<HardwareProfilesView | null>(null);
  const hardwareError = ref<UiError | null>(null);

  const dirty = computed(() => saved.value !== null && draft.value !== null && !sameContent(saved.value, draft.value));
  // Synchronously: the shell may ask right after an edit, before Vue's next tick.
  watch(dirty, (d) => (unsavedChanges.value = d), { immediate: true, flush: 'sync' });

  /**
   * Problems of the edited profiles, by field (`hardware.profiles[0].embedded.clockHz.source`):
   * checked here with the profile schema, as a number is typed, since no preview covers them.
   */
  const hardwareIssues = computed<FieldIssueView[]>(() =>
    (draft.value?.hardware ?? []).flatMap((entry, i) => {
      if (!entry.embedded) return [];
      const r = hardwareProfileSchema.safeParse(entry.embedded);
      return r.success ? [] : r.error.issues.map((issue) => ({ field: fieldPath(['hardware', 'profiles', i, 'embedded', ...issue.path]), message: issue.message }));
    }),
  );

  /** The profile `id` as the draft has it: an edited (embedded) copy, else what the backend listed. */
  function profileOf(id: string): HardwareProfile | null {
    const own = draft.value?.hardware?.find((e) => e.id === id)?.embedded;
    return own ?? hardwareView.value?.profiles.find((p) => p.id === id)?.profile ?? null;
  }

  /** Embeds an edited copy of a profile in the draft (a built-in one is shadowed, never changed). */
  function editProfile(profile: HardwareProfile): void {
    if (!draft.value) return;
    const entries = [...(draft.value.hardware ?? saved.value?.hardware ?? [])];
    const i = entries.findIndex((e) => e.id === profile.id);
    if (i >= 0) entries[i] = { id: profile.id, embedded: profile };
    else entries.push({ id: profile.id, embedded: profile });
    draft.value.hardware = entries;
  }

  /** Drops the draft's embedded copy of a profile: the built-in one of that id applies again. */
  function revertProfile(id: string): void {
    if (!draft.value?.hardware) return;
    draft.value.hardware = draft.value.hardware.filter((e) => e.id !== id);
  }

  /** Why a sweep should not start now, or null: it would sweep the saved design, not the edited one. */
  const sweepBlockedReason = computed(() => (dirty.value ? 'The design space or hardware has unsaved edits: save or discard them first (a sweep runs what the project file holds).' : null));

  function fromProject(p: ProjectView, hardware: ProjectProfile[] | null): ProjectDraft {
    return { designSpace: clone(p.designSpace), strategy: clone(p.strategy), seeds: p.seeds, hardware: hardware ? clone(hardware) : null };
  }

  // A newly opened project replaces the draft; the same project saved again (after a save, or a
  // sweep's new results) keeps edits in progress and only moves what they are compared with.
  watch(
    () => projects.project,
    (p, old) => {
      if (!p) {
        saved.value = draft.value = null;
        hardwareView.value = null;
        preview.value = null;
        return;
      }
      const sameProject = old?.path === p.path;
      const hardware = sameProject ? (saved.value?.hardware ?? null) : null;
      const wasDirty = dirty.value;
      saved.value = fromProject(p, hardware);
      if (!sameProject) {
        hardwareView.value = null;
        sampleLimit.value = undefined;
      }
      if (!sameProject || !wasDirty) draft.value = clone(saved.value);
    },
    { immediate: true },
  );

  async function loadHardware(): Promise<void> {
    if (!projects.project) return;
    try {
      const view = await useApi().listHardwareProfiles();
      hardwareView.value = view;
      hardwareError.value = null;
      if (saved.value) {
        const untouched = draft.value?.hardware === null || (draft.value && saved.value.hardware && sameContent(draft.value.hardware, saved.value.hardware));
        saved.value = { ...saved.value, hardware: clone(view.projectEntries) };
        if (draft.value && untouched) draft.value.hardware = clone(view.projectEntries);
      }
    } catch (err) {
      hardwareError.value = toUiError(err);
    }
  }

  async function save(): Promise<boolean> {
    const d = draft.value;
    if (!d || !dirty.value) return true;
    saving.value = true;
    error.value = null;
    try {
      const hardwareChanged = d.hardware !== null && !sameContent(d.hardware, saved.value?.hardware);
      const view = await useApi().updateProject({
        designSpace: d.designSpace,
        strategy: d.strategy,
        seeds: d.seeds,
        ...(hardwareChanged ? { hardware: { profiles: d.hardware! } } : {}),
      });
      // The saved file is now the draft: compare with it from here on.
      saved.value = clone(d);
      projects.project = view;
      if (hardwareChanged || hardwareView.value) await loadHardware();
      return true;
    } catch (err) {
      error.value = toUiError(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  function discard(): void {
    if (saved.value) draft.value = clone(saved.value);
    error.value = null;
  }

  /** Problems the last preview found under a field path ("designSpace.axes.weightBits" also matches "…weightBits[2]"). */
  function issuesAt(prefix: string): FieldIssueView[] {
    const issues = preview.value?.issues ?? [];
    return issues.filter((i) => i.field === prefix || i.field.startsWith(`${prefix}.`) || i.field.startsWith(`${prefix}[`));
  }

  let previewTimer: ReturnType<typeof setTimeout> | null = null;
  let previewSerial = 0;
  async function runPreview(): Promise<void> {
    const d = draft.value;
    if (!d || !projects.project) return;
    const serial = ++previewSerial;
    previewing.value = true;
    try {
      const result = await useApi().previewDesign({ designSpace: d.designSpace, strategy: d.strategy, seeds: d.seeds, ...(sampleLimit.value !== undefined ? { sampleLimit: sampleLimit.value } : {}) });
      // A slower answer to an older draft must not overwrite a newer one.
      if (serial !== previewSerial) return;
      preview.value = result;
      previewError.value = null;
    } catch (err) {
      if (serial === previewSerial) previewError.value = toUiError(err);
    } finally {
      if (serial === previewSerial) previewing.value = false;
    }
  }
  function schedulePreview(): void {
    if (previewTimer !== null) clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      previewTimer = null;
      void runPreview();
    }, PREVIEW_DELAY_MS);
  }
  // Hardware edits change no count, so only the design parts are watched.
  watch(
    () => (draft.value ? [draft.value.designSpace, draft.value.strategy, draft.value.seeds, sampleLimit.value, projects.project?.results.length] : null),
    (parts) => {
      if (parts) schedulePreview();
    },
    { deep: true, immediate: true },
  );

  registerAppCommand('save', async () => {
    await save();
  });

  return {
    saved,
    draft,
    dirty,
    saving,
    error,
    preview,
    previewError,
    previewing,
    sampleLimit,
    hardwareView,
    hardwareError,
    hardwareIssues,
    sweepBlockedReason,
    profileOf,
    editProfile,
    revertProfile,
    loadHardware,
    save,
    discard,
    issuesAt,
    runPreview,
  };
});
