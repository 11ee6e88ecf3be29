/**
 * What the backend pushes to the renderer without being asked: every SweepEvent as it happens,
 * a full sweep status when the phase changes outside the event stream (a sweep asked for, a
 * cancel requested, a failure), and the project again when its results changed.
 */
import { z } from 'zod';
import type { SweepEvent } from '../sweep-events.js';
import type { ProjectView } from './project-view.js';
import { projectViewSchema } from './project-view.js';
import { sweepEventSchema } from './sweep-event-schema.js';
import { sweepStatusSchema, type SweepStatus } from './sweep-status.js';

export type ApiEvent =
  /** `revision`: the sweep status's revision once this event is applied (sweep-status.ts). */
  | { readonly kind: 'sweep-event'; readonly event: SweepEvent; readonly revision: number }
  | { readonly kind: 'sweep-status'; readonly status: SweepStatus }
  | { readonly kind: 'project'; readonly project: ProjectView | null };

export const apiEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sweep-event'), event: sweepEventSchema, revision: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('sweep-status'), status: sweepStatusSchema }).strict(),
  z.object({ kind: z.literal('project'), project: projectViewSchema.nullable() }).strict(),
]);

export type ApiEventListener = (event: ApiEvent) => void;
