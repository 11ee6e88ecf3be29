/**
 * The native file dialogs' options and how their answers become a path. Electron's dialog module
 * shows them; these functions decide what they offer.
 */
import type { OpenDialogRequest, SaveDialogRequest } from '../../src-shared/api/shell-api.js';

const PROJECT_FILTER = { name: 'EdgeFront project', extensions: ['edgefront'] };
const MODEL_FILTER = { name: 'ONNX model', extensions: ['onnx'] };

export function openDialogOptions(request: OpenDialogRequest) {
  return request.kind === 'project'
    ? { title: 'Open an EdgeFront project', filters: [PROJECT_FILTER], properties: ['openFile' as const] }
    : { title: 'Choose the ONNX model of a new project', filters: [MODEL_FILTER], properties: ['openFile' as const] };
}

export function saveDialogOptions(request: SaveDialogRequest) {
  return {
    title: 'Save a copy of the project as',
    defaultPath: request.defaultPath,
    filters: [PROJECT_FILTER],
    // Linux's dialog asks before replacing a file only when told to (macOS and Windows always do).
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
  };
}

export function pathFromOpenDialog(result: { readonly canceled: boolean; readonly filePaths: readonly string[] }): string | null {
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

/** The chosen path with `.edgefront` added when the dialog (Linux's, typically) left the extension off. */
export function pathFromSaveDialog(result: { readonly canceled: boolean; readonly filePath?: string }): string | null {
  if (result.canceled || !result.filePath) return null;
  return /\.edgefront$/i.test(result.filePath) ? result.filePath : `${result.filePath}.edgefront`;
}

/** The question asked before the window closes, or null when nothing would be lost. */
export function closeQuestion(state: { readonly unsavedChanges: boolean; readonly sweepRunning: boolean }) {
  if (!state.unsavedChanges && !state.sweepRunning) return null;
  const lost = [
    state.unsavedChanges ? 'The project has edits that are not saved; closing discards them (File → Save keeps them).' : null,
    state.sweepRunning ? 'A sweep is running; closing cancels it. Its finished points are saved, and a later run continues from them.' : null,
  ].filter((line): line is string => line !== null);
  return {
    type: 'warning' as const,
    title: 'Close EdgeFront?',
    message: state.unsavedChanges ? 'Discard the unsaved edits and close EdgeFront?' : 'Cancel the running sweep and close EdgeFront?',
    detail: lost.join('\n'),
    buttons: ['Close EdgeFront', 'Keep it open'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}
