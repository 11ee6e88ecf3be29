/**
 * The one place the renderer gets its EdgeFrontApi and the desktop shell. In Electron the preload
 * exposes `window.edgefrontIpc`, an API transport over IPC, and `window.edgefrontShell`; in
 * browser mode the API runs over the server's WebSocket, authenticated by the token in the page's
 * URL, and there is no shell. Either way createRemoteApi validates every reply and event and
 * rebuilds errors with their class and code.
 */
import type { EdgeFrontApi } from '../../../src-shared/api/edgefront-api.js';
import { createRemoteApi, type ApiTransport } from '../../../src-shared/api/remote-api.js';
import type { EdgeFrontShell } from '../../../src-shared/api/shell-api.js';
import { createWebSocketTransport, type ConnectionState } from './websocket-transport.js';

declare global {
  interface Window {
    /** Set by Electron's preload: the API transport over IPC. */
    edgefrontIpc?: ApiTransport;
    /** Set by Electron's preload: menus, dialogs, dropped files' paths. */
    edgefrontShell?: EdgeFrontShell;
  }
}

export interface Backend {
  readonly api: EdgeFrontApi;
  /** Connection state changes (browser mode only; Electron's IPC does not drop). */
  onConnectionChange(listener: (state: ConnectionState) => void): void;
}

const warnInvalidEvent = (message: string) => console.warn(`EdgeFront: dropped an event that does not match the API contract: ${message}`);

export function connectBackend(): Backend {
  if (window.edgefrontIpc) return { api: createRemoteApi(window.edgefrontIpc, { onInvalidEvent: warnInvalidEvent }), onConnectionChange: () => undefined };
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const socketUrl = new URL('api', window.location.href);
  socketUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  socketUrl.search = new URLSearchParams({ token }).toString();
  const transport = createWebSocketTransport(socketUrl.toString());
  return {
    api: createRemoteApi(transport, { onInvalidEvent: warnInvalidEvent }),
    onConnectionChange: (listener) => void transport.onStateChange(listener),
  };
}

/** The desktop shell, or null in browser mode. */
export function desktopShell(): EdgeFrontShell | null {
  return window.edgefrontShell ?? null;
}
