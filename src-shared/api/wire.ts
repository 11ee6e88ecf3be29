/**
 * Frames of the API over a message channel (browser mode's WebSocket; any ordered channel would
 * do): the renderer sends `call`s, the backend answers each with a `reply` carrying the same id,
 * and pushes `event`s. Errors travel as SerializedError so the caller can branch on `code`.
 */
import { z } from 'zod';
import type { SerializedError } from '../errors.js';
import type { ApiEvent } from './api-events.js';
import { serializedErrorSchema } from './sweep-status.js';

/** Largest frame either side accepts (a project view of thousands of results fits easily). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export const callFrameSchema = z
  .object({
    type: z.literal('call'),
    /** Chosen by the caller, echoed by the reply. */
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    method: z.string().max(100),
    /** The request; absent = {} (argument-less methods). */
    params: z.unknown().optional(),
  })
  .strict();

export const replyFrameSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('reply'), id: z.number().int().min(0), ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ type: z.literal('reply'), id: z.number().int().min(0), ok: z.literal(false), error: serializedErrorSchema }).strict(),
]);

export const eventFrameSchema = z.object({ type: z.literal('event'), event: z.unknown() }).strict();

/** What the backend may send. */
export const serverFrameSchema = z.union([replyFrameSchema, eventFrameSchema]);

export type CallFrame = z.infer<typeof callFrameSchema>;
/** The outcome of one call, before its value is checked against the method's response schema. */
export type ApiReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: SerializedError };
export type ReplyFrame = { readonly type: 'reply'; readonly id: number } & ApiReply;
export type EventFrame = { readonly type: 'event'; readonly event: ApiEvent };
