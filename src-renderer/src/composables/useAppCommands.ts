/**
 * Application commands that do not belong to one view: the desktop shell's menus (File → Save,
 * Export Report, …) and keyboard shortcuts dispatch them here, and whichever part of the renderer
 * can carry a command out registers its handler. A command nobody handles is reported, never
 * silently dropped. `unsavedChanges` is what the shell asks before a window closes.
 */
import { ref } from 'vue';

export const APP_COMMANDS = ['new-project', 'open-project', 'open-recent', 'save', 'save-as', 'export-report', 'open-demo'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

/** What a command may carry (Open Recent: the path chosen in the menu; Open: a dropped file). */
export interface AppCommandArgs {
  readonly path?: string;
}

type Handler = (args: AppCommandArgs) => void | Promise<void>;

const handlers = new Map<AppCommand, Handler>();

/** True while the open project has edits that are not saved to its file yet. */
export const unsavedChanges = ref(false);

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
