/**
 * The one place the renderer gets its EdgeFrontApi: Electron's preload (when it exists) exposes
 * `window.edgefront`; in browser mode the API runs over the server's WebSocket, authenticated by
 * the token in the page's URL.
 */
import type { EdgeFrontApi } from '../../../src-shared/api/edgefront-api.js';
import { createRemoteApi } from '../../../src-shared/api/remote-api.js';
import { createWebSocketTransport, type ConnectionState } from './websocket-transport.js';

declare global {
  interface Window {
    /** Set by Electron's preload (not built yet). */
    edgefront?: EdgeFrontApi;
  }
}

export interface Backend {
  readonly api: EdgeFrontApi;
  /** Connection state changes (browser mode only; Electron's IPC does not drop). */
  onConnectionChange(listener: (state: ConnectionState) => void): void;
}

export function connectBackend(): Backend {
  if (window.edgefront) return { api: window.edgefront, onConnectionChange: () => undefined };
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const socketUrl = new URL('api', window.location.href);
  socketUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  socketUrl.search = new URLSearchParams({ token }).toString();
  const transport = createWebSocketTransport(socketUrl.toString());
  return {
    api: createRemoteApi(transport, { onInvalidEvent: (message) => console.warn(`EdgeFront: dropped an event that does not match the API contract: ${message}`) }),
    onConnectionChange: (listener) => void transport.onStateChange(listener),
  };
}
