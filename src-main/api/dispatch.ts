/**
 * Turns one call that arrived over a transport (method name + params, both untrusted) into a
 * reply: the method name is checked against the contract, the implementation validates the
 * request and runs it, and anything thrown becomes a SerializedError with its code. Browser
 * mode's WebSocket uses it; Electron's ipcMain handlers will too.
 */
import type { EdgeFrontApi } from '../../src-shared/api/edgefront-api.js';
import { parseApiMethod } from '../../src-shared/api/parse-request.js';
import type { ApiReply } from '../../src-shared/api/wire.js';
import { serializeError } from '../../src-shared/errors.js';

export async function dispatchApiCall(api: EdgeFrontApi, method: unknown, params: unknown): Promise<ApiReply> {
  try {
    const name = parseApiMethod(method);
    const call = api[name] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await call.call(api, params) };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  }
}
