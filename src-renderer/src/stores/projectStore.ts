/** The open project and what the backend says about itself. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiEvent } from '../../../src-shared/api/api-events.js';
import type { AppInfo } from '../../../src-shared/api/app-info.js';
import type { ProjectView } from '../../../src-shared/api/project-view.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';

export const useProjectStore = defineStore('project', () => {
  const appInfo = ref<AppInfo | null>(null);
  const project = ref<ProjectView | null>(null);
  /** What is being opened ('demo' or a path), or null. */
  const opening = ref<string | null>(null);
  const error = ref<UiError | null>(null);

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

  async function openWith(what: string, call: () => Promise<ProjectView>): Promise<boolean> {
    opening.value = what;
    error.value = null;
    try {
      project.value = await call();
      return true;
    } catch (err) {
      error.value = toUiError(err);
      return false;
    } finally {
      opening.value = null;
    }
  }

  const openDemo = () => openWith('demo', () => useApi().openDemo());
  const openProject = (path: string) => openWith(path, () => useApi().openProject({ path }));

  function applyEvent(event: ApiEvent): void {
    if (event.kind === 'project') project.value = event.project;
  }

  return { appInfo, project, opening, error, load, openDemo, openProject, applyEvent };
});
