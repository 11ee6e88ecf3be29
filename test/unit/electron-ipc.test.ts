/**
 * Electron's IPC handlers with a fake ipcMain and the real backend: only the top frame of the
 * main window showing an edgefront://app/ page is served, API calls are validated (unknown method,
 * malformed params) and answered with SerializedErrors, shell messages are validated, and pushed
 * events reach the window.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendApi, type BackendApi } from '../../src-main/api/backend-api.js';
import { forwardApiEvents, isTrustedSender, registerIpcHandlers, type IpcEventLike, type IpcMainLike, type SenderFrame } from '../../src-main/electron/ipc-handlers.js';
import type { ApiEvent } from '../../src-shared/api/api-events.js';
import { IPC_CHANNELS } from '../../src-shared/api/ipc-channels.js';
import type { ApiReply } from '../../src-shared/api/wire.js';
import { repoRoot } from '../helpers/demo-assets.js';
import { workerScript } from '../helpers/lenet-projects.js';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: Listener) {
    this.listeners.set(channel, listener);
  }
  invoke(channel: string, event: IpcEventLike, ...args: unknown[]): Promise<unknown> {
    return Promise.resolve(this.handlers.get(channel)!(event, ...args));
  }
  send(channel: string, event: IpcEventLike, ...args: unknown[]): void {
    this.listeners.get(channel)!(event, ...args);
  }
}

const mainContents = { id: 1 };
const otherContents = { id: 2 };
const appFrame: SenderFrame = { url: 'edgefront://app/index.html', parent: null };
const fromApp: IpcEventLike = { sender: mainContents, senderFrame: appFrame };

let dir: string;
let api: BackendApi;
let ipc: FakeIpcMain;
const refused: string[] = [];
const shellCalls: unknown[] = [];
const afterCalls: unknown[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-electron-ipc-'));
  api = createBackendApi({
    version: '9.9.9',
    transport: 'electron',
    demoExample: join(repoRoot, 'assets/examples/fashion-mnist.edgefront'),
    demoDir: join(dir, 'demo'),
    workers: 1,
    workerScript,
  });
  ipc = new FakeIpcMain();
  registerIpcHandlers({
    ipcMain: ipc,
    api,
    expectedSender: () => mainContents,
    onRefused: (channel) => refused.push(channel),
    afterApiCall: (method) => afterCalls.push(method),
    shell: {
      showOpenDialog: async (request) => (shellCalls.push(['open', request]), '/picked/a.edgefront'),
      showSaveDialog: async (request) => (shellCalls.push(['save', request]), null),
      setUnsavedChanges: (unsaved) => shellCalls.push(['unsaved', unsaved]),
      rendererReady: () => shellCalls.push(['ready']),
    },
  });
});
afterAll(async () => {
  await api.dispose();
  await rm(dir, { recursive: true, force: true });
});

const call = (event: IpcEventLike, method: unknown, params?: unknown) => ipc.invoke(IPC_CHANNELS.apiCall, event, method, params) as Promise<ApiReply>;

describe('the IPC sender check', () => {
  it('accepts only the top frame of the expected webContents on an app page', () => {
    expect(isTrustedSender(fromApp, mainContents)).toBe(true);
    expect(isTrustedSender({ sender: otherContents, senderFrame: appFrame }, mainContents)).toBe(false);
    expect(isTrustedSender({ sender: mainContents, senderFrame: { url: 'edgefront://app/index.html', parent: appFrame } }, mainContents)).toBe(false);
    expect(isTrustedSender({ sender: mainContents, senderFrame: { url: 'https://evil.example/', parent: null } }, mainContents)).toBe(false);
    expect(isTrustedSender({ sender: mainContents, senderFrame: { url: 'file:///tmp/x.html', parent: null } }, mainContents)).toBe(false);
    expect(isTrustedSender({ sender: mainContents, senderFrame: { url: 'edgefront://other/index.html', parent: null } }, mainContents)).toBe(false);
    expect(isTrustedSender({ sender: mainContents, senderFrame: null }, mainContents)).toBe(false);
    // No window (closed): nobody is trusted.
    expect(isTrustedSender(fromApp, null)).toBe(false);
  });
});

describe('API calls over IPC', () => {
  it('answers the main window with the real backend', async () => {
    const reply = await call(fromApp, 'getAppInfo', {});
    expect(reply).toMatchObject({ ok: true, value: { version: '9.9.9', transport: 'electron', workers: 1 } });
    expect(afterCalls).toContain('getAppInfo');
  });

  it('refuses a foreign frame with an error reply, without calling the backend', async () => {
    refused.length = 0;
    const sub = await call({ sender: mainContents, senderFrame: { url: 'edgefront://app/index.html', parent: appFrame } }, 'openDemo', {});
    expect(sub.ok).toBe(false);
    if (!sub.ok) expect(sub.error).toMatchObject({ name: 'InternalError', code: 'ipc-forbidden' });
    const other = await call({ sender: otherContents, senderFrame: appFrame }, 'getProject', {});
    expect(other.ok).toBe(false);
    expect(refused).toEqual([IPC_CHANNELS.apiCall, IPC_CHANNELS.apiCall]);
    expect(await api.getProject()).toBeNull();
  });

  it('answers an unknown method and malformed params with a SerializedError naming them', async () => {
    const unknown = await call(fromApp, 'deleteEverything', {});
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.error).toMatchObject({ name: 'UserError', code: 'api-unknown-method' });
      expect(unknown.error.message).toContain('deleteEverything');
    }
    const notString = await call(fromApp, { toString: 'x' }, {});
    expect(notString.ok).toBe(false);
    const malformed = await call(fromApp, 'openProject', { path: 42 });
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) {
      expect(malformed.error.code).toBe('api-invalid-request');
      expect(malformed.error.message).toContain('path');
    }
    const extra = await call(fromApp, 'getAppInfo', { sneaky: true });
    expect(extra.ok).toBe(false);
  });

  it('pushes backend events to the window', async () => {
    const sent: [string, ApiEvent][] = [];
    const stop = forwardApiEvents(api, (channel, event) => sent.push([channel, event]));
    const reply = await call(fromApp, 'openDemo', {});
    stop();
    expect(reply.ok).toBe(true);
    const projectEvents = sent.filter(([channel, e]) => channel === IPC_CHANNELS.apiEvent && e.kind === 'project');
    expect(projectEvents.length).toBe(1);
    await call(fromApp, 'openDemo', {});
    expect(sent.filter(([, e]) => e.kind === 'project').length).toBe(1);
  });
});

describe('shell messages over IPC', () => {
  it('validates dialog requests and serves only the main window', async () => {
    shellCalls.length = 0;
    expect(await ipc.invoke(IPC_CHANNELS.openDialog, fromApp, { kind: 'project' })).toBe('/picked/a.edgefront');
    expect(await ipc.invoke(IPC_CHANNELS.saveDialog, fromApp, { defaultPath: '/tmp/x.edgefront' })).toBeNull();
    await expect(ipc.invoke(IPC_CHANNELS.openDialog, fromApp, { kind: 'anything' })).rejects.toMatchObject({ code: 'ipc-invalid-message' });
    await expect(ipc.invoke(IPC_CHANNELS.saveDialog, fromApp, { defaultPath: 7 })).rejects.toMatchObject({ code: 'ipc-invalid-message' });
    await expect(ipc.invoke(IPC_CHANNELS.openDialog, { sender: otherContents, senderFrame: appFrame }, { kind: 'project' })).rejects.toMatchObject({ code: 'ipc-forbidden' });
    expect(shellCalls).toEqual([
      ['open', { kind: 'project' }],
      ['save', { defaultPath: '/tmp/x.edgefront' }],
    ]);
  });

  it('takes unsaved state and readiness from the main window only, and booleans only', () => {
    shellCalls.length = 0;
    ipc.send(IPC_CHANNELS.unsaved, fromApp, true);
    ipc.send(IPC_CHANNELS.unsaved, fromApp, 'yes');
    ipc.send(IPC_CHANNELS.unsaved, { sender: otherContents, senderFrame: appFrame }, false);
    ipc.send(IPC_CHANNELS.ready, { sender: mainContents, senderFrame: { url: 'https://evil.example/', parent: null } });
    ipc.send(IPC_CHANNELS.ready, fromApp);
    expect(shellCalls).toEqual([['unsaved', true], ['ready']]);
  });
});
