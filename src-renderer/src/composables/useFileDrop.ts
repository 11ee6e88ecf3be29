/**
 * Files dropped on the window: a `.edgefront` project opens, a `.onnx` model starts a new project
 * with it. The desktop app learns a dropped file's path from the shell; a browser never tells a
 * page where a dropped file lives, so browser mode says so and leads to the field where the path
 * is typed instead of pretending.
 */
import { ref } from 'vue';
import type { AppCommand, AppCommandArgs } from '../../../src-shared/api/shell-api.js';

export type DropOutcome =
  | { readonly kind: 'command'; readonly command: AppCommand; readonly args: AppCommandArgs }
  /** A message, and optionally the command (without a path) that leads to where the user can type it. */
  | { readonly kind: 'message'; readonly text: string; readonly then: AppCommand | null };

function kindOf(name: string): 'project' | 'model' | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.edgefront')) return 'project';
  if (lower.endsWith('.onnx')) return 'model';
  return null;
}

/**
 * What dropping `files` does. `pathOf` gives a file's path on disk ('' when unknown); null in
 * browser mode, where it is never known. Null when nothing was dropped (e.g. dragged text).
 */
export function dropOutcome<F extends { readonly name: string }>(files: readonly F[], pathOf: ((file: F) => string) | null): DropOutcome | null {
  if (files.length === 0) return null;
  const openable = files.filter((f) => kindOf(f.name) !== null);
  if (openable.length === 0) {
    const names = files.map((f) => f.name).join(', ');
    return { kind: 'message', text: `EdgeFront opens .edgefront projects and .onnx models; ${names} ${files.length === 1 ? 'is' : 'are'} neither.`, then: null };
  }
  if (openable.length > 1) return { kind: 'message', text: `Drop one file at a time: ${openable.map((f) => f.name).join(', ')}.`, then: null };
  const file = openable[0];
  const kind = kindOf(file.name)!;
  const command: AppCommand = kind === 'project' ? 'open-project' : 'new-project';
  const path = pathOf ? pathOf(file) : '';
  if (path === '') {
    const where = kind === 'project' ? 'in "Open a project"' : 'as the model of the new project';
    return {
      kind: 'message',
      text: `The browser does not tell EdgeFront where ${file.name} is on disk, so it cannot be opened by dropping it in browser mode. Type its path ${where} (the desktop app opens dropped files directly).`,
      then: command,
    };
  }
  return { kind: 'command', command, args: { path } };
}

/** True while files are dragged over the window (for the drop hint). */
export const dragActive = ref(false);

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** Handles drag and drop of files on `target`; returns the function that stops it. */
export function installFileDrop(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, pathOf: ((file: File) => string) | null, act: (outcome: DropOutcome) => void): () => void {
  // Counting enter/leave pairs: dragleave fires for every child element crossed.
  let depth = 0;
  const onEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth += 1;
    dragActive.value = true;
  };
  const onLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragActive.value = false;
  };
  const onOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    // Without this the page would not be a drop target, and the browser would open the file itself.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent) => {
    depth = 0;
    dragActive.value = false;
    if (!carriesFiles(event)) return;
    event.preventDefault();
    const outcome = dropOutcome(Array.from(event.dataTransfer?.files ?? []), pathOf);
    if (outcome) act(outcome);
  };
  const listeners = [
    ['dragenter', onEnter],
    ['dragleave', onLeave],
    ['dragover', onOver],
    ['drop', onDrop],
  ] as const;
  for (const [name, listener] of listeners) target.addEventListener(name, listener as EventListener);
  return () => {
    for (const [name, listener] of listeners) target.removeEventListener(name, listener as EventListener);
  };
}
