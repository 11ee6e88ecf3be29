/**
 * EdgeFrontApi on top of any transport that can make a call and deliver pushed events: the
 * browser-mode WebSocket client, and later Electron's preload over IPC. Responses and events are
 * checked against the contract's schemas before the renderer sees them, and error replies become
 * EdgeFrontErrors again (same class, code and message as on the backend).
 */
import { deserializeError, InternalError } from '../errors.js';
import { apiEventSchema, type ApiEvent, type ApiEventListener } from './api-events.js';
import { API_METHOD_NAMES, API_METHODS, type ApiMethodName, type EdgeFrontApi } from './edgefront-api.js';
import { issuesOf } from '../project-file.js';
import type { ApiReply } from './wire.js';

export interface ApiTransport {
  /** Sends one call; resolves with the reply (a transport failure rejects). */
  call(method: ApiMethodName, params: unknown): Promise<ApiReply>;
  /** Delivers every pushed event (unvalidated) to `listener`; returns the unsubscribe function. */
  subscribe(listener: (event: unknown) => void): () => void;
}

export interface RemoteApiOptions {
  /** Told about a pushed event that does not match the contract (it is dropped). */
  readonly onInvalidEvent?: (message: string) => void;
}

export function createRemoteApi(transport: ApiTransport, options: RemoteApiOptions = {}): EdgeFrontApi {
  const invoke = async (method: ApiMethodName, params: unknown): Promise<unknown> => {
    const reply = await transport.call(method, params ?? {});
    if (!reply.ok) throw deserializeError(reply.error);
    const parsed = API_METHODS[method].response.safeParse(reply.value);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error).map((i) => `${i.field}: ${i.message}`).join('; ');
      throw new InternalError('api-invalid-response', `The backend's answer to ${method} does not match the API contract (${issues}). The renderer and the backend are from different builds, or this is a bug.`, { method });
    }
    return parsed.data;
  };
  const methods = Object.fromEntries(API_METHOD_NAMES.map((name) => [name, (params?: unknown) => invoke(name, params)]));
  return {
    ...(methods as unknown as Omit<EdgeFrontApi, 'onEvent'>),
    onEvent(listener: ApiEventListener) {
      return transport.subscribe((raw) => {
        const parsed = apiEventSchema.safeParse(raw);
        if (parsed.success) listener(parsed.data as ApiEvent);
        else options.onInvalidEvent?.(issuesOf(parsed.error).map((i) => `${i.field}: ${i.message}`).join('; '));
      });
    },
  };
}
