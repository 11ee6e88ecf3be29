/**
 * The main process's side of IPC. Every message is checked twice: its sender must be the main
 * frame of the app's own window showing an edgefront://app/ page (not a sub-frame, not another
 * window, not a page it navigated to), and its content is validated — API calls by
 * dispatchApiCall against API_METHODS, shell messages by the schemas of shell-api.ts. A refused
 * API call gets an error reply like any other failure, so the renderer shows it instead of hanging.
 */
import type { ZodError } from 'zod';
import type { ApiEvent } from '../../src-shared/api/api-events.js';
import type { EdgeFrontApi } from '../../src-shared/api/edgefront-api.js';
import { IPC_CHANNELS } from '../../src-shared/api/ipc-channels.js';
import { openDialogRequestSchema, saveDialogRequestSchema, unsavedMessageSchema, type OpenDialogRequest, type SaveDialogRequest } from '../../src-shared/api/shell-api.js';
import type { ApiReply } from '../../src-shared/api/wire.js';
import { InternalError, serializeError } from '../../src-shared/errors.js';
import { issuesOf } from '../../src-shared/project-file.js';
import { dispatchApiCall } from '../api/dispatch.js';
import { isAppUrl } from './app-protocol.js';

/** The parts of Electron's WebFrameMain and IPC event the checks read. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: SenderFrame | null;
}
export interface IpcEventLike {
  readonly sender: unknown;
  readonly senderFrame: SenderFrame | null;
}
type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: Listener): void;
  on(channel: string, listener: Listener): unknown;
}

/** True when `event` comes from the top frame of `expectedSender` (the main window's webContents) showing an app page. */
export function isTrustedSender(event: IpcEventLike, expectedSender: unknown): boolean {
  if (expectedSender === null || expectedSender === undefined || event.sender !== expectedSender) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export interface ShellHandlers {
  showOpenDialog(request: OpenDialogRequest): Promise<string | null>;
  showSaveDialog(request: SaveDialogRequest): Promise<string | null>;
  setUnsavedChanges(unsaved: boolean): void;
  rendererReady(): void;
}

export interface IpcOptions {
  readonly ipcMain: IpcMainLike;
  readonly api: EdgeFrontApi;
  /** The webContents of the main window now (null before it exists or after it closed). */
  readonly expectedSender: () => unknown;
  readonly shell: ShellHandlers;
  /** Called after every API call that was carried out (e.g. to refresh Open Recent after an opening). */
  readonly afterApiCall?: (method: unknown, reply: ApiReply) => void;
  /** Told about every refused message (logged by the caller). */
  readonly onRefused?: (channel: string, reason: string) => void;
}

function forbidden(channel: string): InternalError {
  return new InternalError('ipc-forbidden', `EdgeFront refused a ${channel} message from a frame that is not its own window's page.`, { channel });
}

function invalid(channel: string, error: ZodError): InternalError {
  return new InternalError('ipc-invalid-message', `EdgeFront refused an invalid ${channel} message: ${issuesOf(error).map((i) => `${i.field}: ${i.message}`).join('; ')}.`, { channel });
}

export function registerIpcHandlers(options: IpcOptions): void {
  const { ipcMain, api, shell } = options;
  const trusted = (channel: string, event: IpcEventLike): boolean => {
    if (isTrustedSender(event, options.expectedSender())) return true;
    options.onRefused?.(channel, `sender frame ${event.senderFrame?.url ?? '(gone)'}`);
    return false;
  };

  ipcMain.handle(IPC_CHANNELS.apiCall, async (event, method, params): Promise<ApiReply> => {
    if (!trusted(IPC_CHANNELS.apiCall, event)) return { ok: false, error: serializeError(forbidden(IPC_CHANNELS.apiCall)) };
    const reply = await dispatchApiCall(api, method, params);
    options.afterApiCall?.(method, reply);
    return reply;
  });

  ipcMain.handle(IPC_CHANNELS.openDialog, async (event, request) => {
    if (!trusted(IPC_CHANNELS.openDialog, event)) throw forbidden(IPC_CHANNELS.openDialog);
    const parsed = openDialogRequestSchema.safeParse(request);
    if (!parsed.success) throw invalid(IPC_CHANNELS.openDialog, parsed.error);
    return shell.showOpenDialog(parsed.data);
  });

  ipcMain.handle(IPC_CHANNELS.saveDialog, async (event, request) => {
    if (!trusted(IPC_CHANNELS.saveDialog, event)) throw forbidden(IPC_CHANNELS.saveDialog);
    const parsed = saveDialogRequestSchema.safeParse(request);
    if (!parsed.success) throw invalid(IPC_CHANNELS.saveDialog, parsed.error);
    return shell.showSaveDialog(parsed.data);
  });

  ipcMain.on(IPC_CHANNELS.unsaved, (event, unsaved) => {
    const parsed = unsavedMessageSchema.safeParse(unsaved);
    if (trusted(IPC_CHANNELS.unsaved, event) && parsed.success) shell.setUnsavedChanges(parsed.data);
  });

  ipcMain.on(IPC_CHANNELS.ready, (event) => {
    if (trusted(IPC_CHANNELS.ready, event)) shell.rendererReady();
  });
}

/** Pushes every API event to the renderer while `send` can (the window may be gone); returns the unsubscribe function. */
export function forwardApiEvents(api: EdgeFrontApi, send: (channel: string, event: ApiEvent) => void): () => void {
  return api.onEvent((event) => send(IPC_CHANNELS.apiEvent, event));
}
