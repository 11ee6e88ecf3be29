/**
 * Electron's preload (bundled to dist/electron/preload.cjs: a sandboxed preload cannot be an ES
 * module). It exposes two narrow objects and never ipcRenderer itself: `edgefrontIpc`, the API
 * transport the renderer wraps with createRemoteApi (so replies are validated and errors rebuilt
 * with their class and code in the page's own world — an error crossing contextBridge would keep
 * only its message), and `edgefrontShell` (menu commands, unsaved state, dropped files' paths,
 * native dialogs). Listeners get the message only, never Electron's event object.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiReply } from '../../src-shared/api/wire.js';
import { IPC_CHANNELS } from '../../src-shared/api/ipc-channels.js';
import type { AppCommandMessage, EdgeFrontShell, OpenDialogRequest, SaveDialogRequest } from '../../src-shared/api/shell-api.js';

function subscribe<T>(channel: string, listener: (message: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, message: T) => listener(message);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const ipcTransport = {
  call: (method: string, params: unknown): Promise<ApiReply> => ipcRenderer.invoke(IPC_CHANNELS.apiCall, method, params),
  subscribe: (listener: (event: unknown) => void) => subscribe(IPC_CHANNELS.apiEvent, listener),
};

const shell: EdgeFrontShell = {
  // The renderer validates each message against appCommandMessageSchema before acting on it.
  onCommand: (listener) => subscribe<AppCommandMessage>(IPC_CHANNELS.command, listener),
  setUnsavedChanges: (unsaved) => ipcRenderer.send(IPC_CHANNELS.unsaved, unsaved === true),
  ready: () => ipcRenderer.send(IPC_CHANNELS.ready),
  pathForFile: (file) => webUtils.getPathForFile(file as File),
  showOpenDialog: (request: OpenDialogRequest) => ipcRenderer.invoke(IPC_CHANNELS.openDialog, request),
  showSaveDialog: (request: SaveDialogRequest) => ipcRenderer.invoke(IPC_CHANNELS.saveDialog, request),
};

contextBridge.exposeInMainWorld('edgefrontIpc', ipcTransport);
contextBridge.exposeInMainWorld('edgefrontShell', shell);
