/**
 * What the desktop shell (Electron) offers the renderer besides the EdgeFrontApi: menu commands
 * delivered to the renderer, the renderer's unsaved state, the path of a dropped file, and the
 * native file dialogs. Electron's preload exposes it as `window.edgefrontShell`; browser mode has
 * none of it, and the renderer says so where it matters. Every message that crosses IPC is
 * validated by these schemas on the receiving side.
 */
import { z } from 'zod';

/** Commands of the File menu (and their shortcuts), carried out by the renderer. */
export const APP_COMMANDS = ['new-project', 'open-project', 'open-recent', 'save', 'save-as', 'export-report', 'open-demo'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

const pathSchema = z.string().min(1).max(4096);

export const appCommandArgsSchema = z.object({ path: pathSchema.optional() }).strict();
/** What a command may carry (Open Recent: the path chosen in the menu; a dropped or opened file). */
export type AppCommandArgs = z.infer<typeof appCommandArgsSchema>;

export const appCommandMessageSchema = z.object({ command: z.enum(APP_COMMANDS), args: appCommandArgsSchema }).strict();
export type AppCommandMessage = z.infer<typeof appCommandMessageSchema>;

/** Which files an open dialog offers. */
export const openDialogRequestSchema = z.object({ kind: z.enum(['project', 'model']) }).strict();
export type OpenDialogRequest = z.infer<typeof openDialogRequestSchema>;

export const saveDialogRequestSchema = z.object({ defaultPath: pathSchema.optional() }).strict();
export type SaveDialogRequest = z.infer<typeof saveDialogRequestSchema>;

/** A dialog's answer: the chosen path, or null when the user cancelled. */
export const dialogResultSchema = pathSchema.nullable();

export const unsavedMessageSchema = z.boolean();

export interface EdgeFrontShell {
  /** Receives menu commands and files opened from outside (command line, second instance, Finder). */
  onCommand(listener: (message: AppCommandMessage) => void): () => void;
  /** Tells the shell whether closing the window would lose edits. */
  setUnsavedChanges(unsaved: boolean): void;
  /** Command handlers are registered: commands queued before (a file on the command line) may come now. */
  ready(): void;
  /** The file-system path of a File dropped on the page ('' if it has none). */
  pathForFile(file: unknown): string;
  showOpenDialog(request: OpenDialogRequest): Promise<string | null>;
  showSaveDialog(request: SaveDialogRequest): Promise<string | null>;
}
