/**
 * One renderer's WebSocket: calls in, replies and pushed events out (src-shared/api/wire.ts).
 * A frame that is not JSON or not a call frame closes the socket (policy violation): the only
 * legitimate peer is our own renderer, so a malformed frame means a bug or an intruder.
 */
import type { WebSocket } from 'ws';
import type { EdgeFrontApi } from '../../src-shared/api/edgefront-api.js';
import { callFrameSchema, type EventFrame, type ReplyFrame } from '../../src-shared/api/wire.js';
import { dispatchApiCall } from '../api/dispatch.js';

/** WebSocket close code for a message that breaks the protocol (RFC 6455 §7.4.1). */
const POLICY_VIOLATION = 1008;

export function serveApiSocket(socket: WebSocket, api: EdgeFrontApi): void {
  const send = (frame: ReplyFrame | EventFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = api.onEvent((event) => send({ type: 'event', event }));
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      socket.close(POLICY_VIOLATION, 'binary frames are not part of the API');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      socket.close(POLICY_VIOLATION, 'a frame is not JSON');
      return;
    }
    const frame = callFrameSchema.safeParse(json);
    if (!frame.success) {
      socket.close(POLICY_VIOLATION, 'a frame is not an API call');
      return;
    }
    const { id, method, params } = frame.data;
    void dispatchApiCall(api, method, params).then((reply) => send({ type: 'reply', id, ...reply }));
  });
}
