/**
 * The app-level File commands: Open (a path, the native dialog in the desktop app, or the Start
 * view's path field in browser mode), Open Recent, Open the Demo and Save As. Opening another
 * project drops unsaved edits of the current one, so it asks first.
 */
import { nextTick, ref } from 'vue';
import type { EdgeFrontShell } from '../../../src-shared/api/shell-api.js';
import { EdgeFrontError } from '../../../src-shared/errors.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';
import { useProjectStore } from '../stores/projectStore.js';
import { registerAppCommand, unsavedChanges, unsavedEditsRefusal } from './useAppCommands.js';
import { useNavigation } from './useNavigation.js';
import { dismissNotice, showNotice } from './useNotice.js';

/** Browser mode's Save As form: open, and the last refusal (a `file-exists` one offers to replace). */
export const saveAsForm = ref<{ open: boolean; saving: boolean; error: UiError | null; replaceable: boolean }>({ open: false, saving: false, error: null, replaceable: false });

export interface FileCommandOptions {
  readonly shell: EdgeFrontShell | null;
  /** Asks the user to confirm (window.confirm by default). */
  readonly confirm?: (question: string) => boolean;
}

/** Saves the copy and reports it; false (with the reason in `saveAsForm`/the notice) when refused. */
export async function saveProjectAs(path: string, overwrite: boolean): Promise<boolean> {
  const refusal = unsavedEditsRefusal('save a copy (the copy is written from the saved file)');
  if (refusal) {
    saveAsForm.value = { ...saveAsForm.value, saving: false, error: refusal, replaceable: false };
    showNotice(refusal.message, 'error');
    return false;
  }
  saveAsForm.value = { ...saveAsForm.value, saving: true, error: null, replaceable: false };
  try {
    const view = await useApi().saveProjectAs({ path, overwrite });
    useProjectStore().project = view;
    void useProjectStore().loadRecent();
    saveAsForm.value = { open: false, saving: false, error: null, replaceable: false };
    showNotice(`Saved a copy as ${view.path}; it is now the open project.`, 'success');
    return true;
  } catch (err) {
    const replaceable = err instanceof EdgeFrontError && err.code === 'file-exists';
    saveAsForm.value = { ...saveAsForm.value, saving: false, error: toUiError(err), replaceable };
    return false;
  }
}

export function registerFileCommands(options: FileCommandOptions): () => void {
  const { shell } = options;
  const confirm = options.confirm ?? ((question: string) => window.confirm(question));
  const projects = useProjectStore();
  const { go } = useNavigation();

  const mayDiscard = () => !unsavedChanges.value || confirm('The open project has edits that are not saved. Discard them?');

  const openPath = async (path: string) => {
    if (!mayDiscard()) return;
    await projects.openProject(path, { discardUnsaved: true });
    // The Start view shows the opened project, or why it could not be opened.
    go('start');
  };

  const focusPathField = async (message: string) => {
    go('start');
    await nextTick();
    document.getElementById('project-path')?.focus();
    showNotice(message, 'info');
  };

  const unregister = [
    registerAppCommand('open-project', async ({ path }) => {
      if (path) return openPath(path);
      if (!shell) return focusPathField('Browser mode has no file dialog: type the path of a .edgefront file in "Open a project".');
      const chosen = await shell.showOpenDialog({ kind: 'project' });
      if (chosen) await openPath(chosen);
    }),
    registerAppCommand('open-recent', async ({ path }) => {
      if (path) return openPath(path);
      go('start');
    }),
    registerAppCommand('open-demo', async () => {
      if (!mayDiscard()) return;
      go((await projects.openDemo({ discardUnsaved: true })) ? 'run' : 'start');
    }),
    registerAppCommand('save-as', async () => {
      const project = projects.project;
      if (!project) return showNotice('Open a project first: Save As copies the open project.', 'info');
      if (unsavedChanges.value) return showNotice('Save or discard your edits first: Save As copies the project as it is saved.', 'info');
      if (!shell) {
        dismissNotice();
        saveAsForm.value = { open: true, saving: false, error: null, replaceable: false };
        return;
      }
      const chosen = await shell.showSaveDialog({ defaultPath: project.path });
      // The native dialog has already asked before replacing an existing file.
      if (chosen && !(await saveProjectAs(chosen, true))) showNotice(saveAsForm.value.error?.message ?? 'The copy could not be saved.', 'error');
    }),
  ];
  return () => unregister.forEach((off) => off());
}
