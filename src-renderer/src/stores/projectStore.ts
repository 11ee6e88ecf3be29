/** The open project, what the backend says about itself, the recent projects list and new projects. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiEvent } from '../../../src-shared/api/api-events.js';
import type { AppInfo } from '../../../src-shared/api/app-info.js';
import type { ProjectView } from '../../../src-shared/api/project-view.js';
import type { CreateNewProjectRequest, RecentProject } from '../../../src-shared/api/start-requests.js';
import { EdgeFrontError } from '../../../src-shared/errors.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';
import { unsavedEditsRefusal } from '../composables/useAppCommands.js';

export const useProjectStore = defineStore('project', () => {
  const appInfo = ref<AppInfo | null>(null);
  const project = ref<ProjectView | null>(null);
  /** What is being opened ('demo' or a path), or null. */
  const opening = ref<string | null>(null);
  const error = ref<UiError | null>(null);
  const recent = ref<RecentProject[]>([]);
  /** Said once by the backend (a corrupt list set aside); shown until dismissed. */
  const recentNotice = ref<string | null>(null);
  const recentError = ref<UiError | null>(null);
  /** Why the last new project was refused, and the form field it belongs to (null: the whole form). */
  const newProjectError = ref<{ readonly error: UiError; readonly field: string | null } | null>(null);

  async function load(): Promise<void> {
    try {
      const api = useApi();
      const [info, current] = await Promise.all([api.getAppInfo(), api.getProject()]);
      appInfo.value = info;
      project.value = current;
      error.value = null;
    } catch (err) {
      error.value = toUiError(err);
    }
  }

  /** `discardUnsaved`: the user has already agreed to lose the draft's edits (the File menu asks). */
  async function openWith(what: string, call: () => Promise<ProjectView>, discardUnsaved: boolean): Promise<boolean> {
    const refusal = discardUnsaved ? null : unsavedEditsRefusal(what === 'demo' ? 'open the demo' : 'open another project');
    if (refusal) {
      error.value = refusal;
      return false;
    }
    opening.value = what;
    error.value = null;
    try {
      project.value = await call();
      void loadRecent();
      return true;
    } catch (err) {
      error.value = toUiError(err);
      return false;
    } finally {
      opening.value = null;
    }
  }

  const openDemo = (options: { discardUnsaved?: boolean } = {}) => openWith('demo', () => useApi().openDemo(), options.discardUnsaved ?? false);
  const openProject = (path: string, options: { discardUnsaved?: boolean } = {}) => openWith(path, () => useApi().openProject({ path }), options.discardUnsaved ?? false);

  async function recentCall(call: () => Promise<{ projects: RecentProject[]; notice: string | null }>): Promise<void> {
    try {
      const r = await call();
      recent.value = r.projects;
      if (r.notice !== null) recentNotice.value = r.notice;
      recentError.value = null;
    } catch (err) {
      recentError.value = toUiError(err);
    }
  }
  const loadRecent = () => recentCall(() => useApi().listRecentProjects());
  const forgetRecent = (path: string) => recentCall(() => useApi().forgetRecentProject({ path }));

  /** Creates the project (the backend checks every input first) and opens it; false with `newProjectError` when refused. */
  async function createNewProject(request: CreateNewProjectRequest): Promise<boolean> {
    const refusal = unsavedEditsRefusal('create a new project');
    if (refusal) {
      newProjectError.value = { error: refusal, field: null };
      return false;
    }
    opening.value = request.projectPath;
    newProjectError.value = null;
    try {
      project.value = await useApi().createNewProject(request);
      void loadRecent();
      return true;
    } catch (err) {
      const field = err instanceof EdgeFrontError && typeof err.details?.field === 'string' ? err.details.field : null;
      newProjectError.value = { error: toUiError(err), field };
      return false;
    } finally {
      opening.value = null;
    }
  }

  function applyEvent(event: ApiEvent): void {
    if (event.kind === 'project') project.value = event.project;
  }

  return {
    appInfo,
    project,
    opening,
    error,
    load,
    openDemo,
    openProject,
    applyEvent,
    recent,
    recentNotice,
    recentError,
    loadRecent,
    forgetRecent,
    newProjectError,
    createNewProject,
  };
});
