/**
 * Runtime schema of SweepEvent (src-shared/sweep-events.ts), so events crossing a transport are
 * checked like every other message. The type assertions below fail the build if the two drift.
 */
import { z } from 'zod';
import type { SweepEvent, SweepSlot } from '../sweep-events.js';

export const sweepSlotSchema = z.object({ slot: z.number().int().min(0), label: z.string().nullable(), key: z.string().nullable() }).strict();

export const pointDoneEventSchema = z
  .object({
    type: z.literal('point-done'),
    key: z.string(),
    label: z.string(),
    cached: z.boolean(),
    accuracy: z.number(),
    weightBytes: z.number(),
    energyJoules: z.number(),
    seconds: z.number(),
  })
  .strict();

export const pointFailedEventSchema = z.object({ type: z.literal('point-failed'), key: z.string(), label: z.string(), code: z.string(), message: z.string() }).strict();

export const sweepEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), total: z.number(), cached: z.number(), workers: z.number(), strategy: z.string() }).strict(),
  z.object({ type: z.literal('notice'), message: z.string() }).strict(),
  z.object({ type: z.literal('point-start'), key: z.string(), label: z.string(), slot: z.number() }).strict(),
  pointDoneEventSchema,
  pointFailedEventSchema,
  z.object({ type: z.literal('progress'), done: z.number(), total: z.number(), etaSeconds: z.number().nullable(), slots: z.array(sweepSlotSchema) }).strict(),
  z.object({ type: z.literal('paused') }).strict(),
  z.object({ type: z.literal('resumed') }).strict(),
  z
    .object({
      type: z.literal('finished'),
      status: z.enum(['completed', 'cancelled']),
      evaluated: z.number(),
      cached: z.number(),
      failed: z.number(),
      seconds: z.number(),
    })
    .strict(),
]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time: the schema describes exactly SweepEvent and SweepSlot (readonly aside). */
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
const eventsAgree: Same<z.infer<typeof sweepEventSchema>, Mutable<SweepEvent>> = true;
const slotsAgree: Same<z.infer<typeof sweepSlotSchema>, Mutable<SweepSlot>> = true;
void eventsAgree;
void slotsAgree;
