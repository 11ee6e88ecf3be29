/**
 * Application commands that do not belong to one view: the desktop shell's menus (File → Save,
 * Export Report, …), keyboard shortcuts and dropped files dispatch them here, and whichever part
 * of the renderer can carry a command out registers its handler. A command nobody handles, or
 * whose handler fails, is reported in the notice bar, never silently dropped. `unsavedChanges` is
 * what the shell asks before a window closes.
 */
import { ref } from 'vue';
import { APP_COMMANDS, type AppCommand, type AppCommandArgs } from '../../../src-shared/api/shell-api.js';
import { toUiError } from '../api/ui-error.js';
import { showNotice } from './useNotice.js';

export { APP_COMMANDS, type AppCommand, type AppCommandArgs };

type Handler = (args: AppCommandArgs) => void | Promise<void>;

const handlers = new Map<AppCommand, Handler>();

/** True while the open project has edits that are not saved to its file yet. */
export const unsavedChanges = ref(false);

/** What the user is told when a command has no handler at the moment. */
const UNHANDLED: Readonly<Record<AppCommand, string>> = {
  'new-project': 'New projects are created in the Start view: choose a model and a dataset there.',
  'open-project': 'Open a project from the Start view: type the path of its .edgefront file.',
  'open-recent': 'Recent projects are listed in the Start view.',
  save: 'Nothing to save: each finished point is saved as it completes, and there are no unsaved edits.',
  'save-as': 'Save As is not available right now.',
  'export-report': 'Reports are exported from the Report view.',
  'open-demo': 'The demo opens from the Start view.',
};

export function isAppCommand(name: string): name is AppCommand {
  return (APP_COMMANDS as readonly string[]).includes(name);
}

/** Registers the handler of a command (the last registration wins); returns the unregister function. */
export function registerAppCommand(command: AppCommand, handler: Handler): () => void {
  handlers.set(command, handler);
  return () => {
    if (handlers.get(command) === handler) handlers.delete(command);
  };
}

/** Runs a command; resolves false when no part of the renderer handles it. */
export async function runAppCommand(command: AppCommand, args: AppCommandArgs = {}): Promise<boolean> {
  const handler = handlers.get(command);
  if (!handler) return false;
  await handler(args);
  return true;
}

/**
 * Runs a command for the user (menu, shortcut, dropped file): an unhandled command or a failing
 * handler is said in the notice bar.
 */
export async function dispatchAppCommand(command: AppCommand, args: AppCommandArgs = {}): Promise<void> {
  try {
    if (!(await runAppCommand(command, args))) showNotice(UNHANDLED[command], 'info');
  } catch (err) {
    showNotice(toUiError(err).message, 'error');
  }
}

/**
 * Why `action` must wait while the open project has unsaved edits, or null. Opening another
 * project (or saving a copy of this one) replaces the draft, so the edits would be lost silently.
 */
export function unsavedEditsRefusal(action: string): { readonly code: string; readonly message: string; readonly internal: false } | null {
  if (!unsavedChanges.value) return null;
  return {
    code: 'unsaved-edits',
    message: `The open project has unsaved design-space or hardware edits. Save them (Ctrl+S) or discard them in the Design space or Hardware view before you ${action}; otherwise they would be lost.`,
    internal: false,
  };
}
