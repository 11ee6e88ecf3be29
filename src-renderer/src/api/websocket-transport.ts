/**
 * The browser-mode transport of the API: one WebSocket to `edgefront serve` at /api, calls
 * matched to replies by id, pushed events fanned out to subscribers. Connects on first use; a lost
 * connection fails the calls in flight and every later one with a clear error (the server's token
 * changes when it restarts, so reconnecting would not help: the page must be reopened).
 */
import type { ApiMethodName } from '../../../src-shared/api/edgefront-api.js';
import type { ApiTransport } from '../../../src-shared/api/remote-api.js';
import { serverFrameSchema, type ApiReply, type CallFrame } from '../../../src-shared/api/wire.js';
import { InternalError } from '../../../src-shared/errors.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WebSocketTransport extends ApiTransport {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

function lostConnection(): InternalError {
  return new InternalError('api-disconnected', 'The connection to EdgeFront was lost. If `edgefront serve` stopped, start it again and open the new URL it prints.');
}

export function createWebSocketTransport(url: string): WebSocketTransport {
  let state: ConnectionState = 'connecting';
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const eventListeners = new Set<(event: unknown) => void>();
  const pending = new Map<number, { resolve: (reply: ApiReply) => void; reject: (err: Error) => void }>();
  let nextId = 1;

  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of stateListeners) l(next);
  };

  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      setState('open');
      resolve();
    });
    socket.addEventListener('close', () => reject(lostConnection()));
  });
  // A call made before the socket opens waits for it; if it never opens, that call fails.
  opened.catch(() => undefined);

  socket.addEventListener('message', (message) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(message.data));
    } catch {
      return; // Not a frame of ours.
    }
    const parsed = serverFrameSchema.safeParse(raw);
    if (!parsed.success) {
      // A malformed reply must still settle its call, or the view would wait forever.
      const id = (raw as { id?: unknown } | null)?.id;
      const waiter = typeof id === 'number' ? pending.get(id) : undefined;
      if (waiter) {
        pending.delete(id as number);
        waiter.reject(new InternalError('api-invalid-response', 'The backend sent a reply that is not an API frame; the renderer and the backend are from different builds, or this is a bug.'));
      }
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'event') {
      for (const l of eventListeners) l(frame.event);
      return;
    }
    const waiter = pending.get(frame.id);
    if (!waiter) return;
    pending.delete(frame.id);
    waiter.resolve(frame.ok ? { ok: true, value: frame.value } : { ok: false, error: frame.error });
  });

  socket.addEventListener('close', () => {
    setState('closed');
    for (const waiter of pending.values()) waiter.reject(lostConnection());
    pending.clear();
  });

  return {
    get state() {
      return state;
    },
    async call(method: ApiMethodName, params: unknown): Promise<ApiReply> {
      await opened;
      if (state !== 'open') throw lostConnection();
      const id = nextId++;
      const frame: CallFrame = { type: 'call', id, method, params };
      return new Promise<ApiReply>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify(frame));
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      socket.close();
    },
  };
}
