/**
 * The state of the sweep a backend runs, as the Run view shows it: phase, progress, ETA, what each
 * worker is doing, the points finished so far and what went wrong. The backend keeps one and
 * answers `getSweepStatus` with it; the renderer keeps its own copy current by folding the same
 * SweepEvents into it with `applySweepEvent`, so both sides agree by construction.
 */
import { z } from 'zod';
import type { SerializedError } from '../errors.js';
import type { SweepEvent } from '../sweep-events.js';
import { pointDoneEventSchema, pointFailedEventSchema, sweepSlotSchema } from './sweep-event-schema.js';

export const SWEEP_PHASES = ['idle', 'starting', 'running', 'paused', 'cancelling', 'completed', 'cancelled', 'failed'] as const;
export type SweepPhase = (typeof SWEEP_PHASES)[number];

export const serializedErrorSchema = z
  .object({
    name: z.enum(['UserError', 'InternalError', 'CancelledError']),
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** A point the sweep finished (evaluated now, or found among the project's results), as its 'point-done' event said. */
export const livePointSchema = pointDoneEventSchema.omit({ type: true });

/** A point the sweep could not evaluate, as its 'point-failed' event said. */
export const pointFailureSchema = pointFailedEventSchema.omit({ type: true });

export const sweepStatusSchema = z
  .object({
    /**
     * Counts every change the backend made to the status (across sweeps). Pushed events carry the
     * revision they lead to, so a copy can tell which events a snapshot already contains.
     */
    revision: z.number().int().min(0),
    phase: z.enum(SWEEP_PHASES),
    /** The project being swept (null before the first sweep). */
    projectPath: z.string().nullable(),
    strategy: z.string().nullable(),
    workers: z.number().int().min(0),
    /** Points the strategy plans (may grow: the sensitivity strategy learns it once the layers are known). */
    total: z.number().int().min(0),
    done: z.number().int().min(0),
    /** Seconds left at the current rate; null until a point has been evaluated. */
    etaSeconds: z.number().nullable(),
    slots: z.array(sweepSlotSchema),
    /** Finished points in the order they finished; a point measured again replaces its row. */
    points: z.array(livePointSchema),
    failures: z.array(pointFailureSchema),
    notices: z.array(z.string()),
    /** Set when the phase is 'failed': why the sweep stopped. */
    error: serializedErrorSchema.nullable(),
    /** Set when the sweep ended ('completed' or 'cancelled'). */
    summary: z
      .object({ evaluated: z.number().int(), cached: z.number().int(), failed: z.number().int(), seconds: z.number() })
      .strict()
      .nullable(),
  })
  .strict();

export type LivePoint = z.infer<typeof livePointSchema>;
export type PointFailure = z.infer<typeof pointFailureSchema>;
export type SweepStatus = z.infer<typeof sweepStatusSchema>;

/** Nothing has run yet. */
export function idleSweepStatus(): SweepStatus {
  return {
    revision: 0,
    phase: 'idle',
    projectPath: null,
    strategy: null,
    workers: 0,
    total: 0,
    done: 0,
    etaSeconds: null,
    slots: [],
    points: [],
    failures: [],
    notices: [],
    error: null,
    summary: null,
  };
}

/** A sweep of `projectPath` was asked for; events follow. */
export function startingSweepStatus(projectPath: string, revision: number): SweepStatus {
  return { ...idleSweepStatus(), revision, phase: 'starting', projectPath };
}

/** The sweep stopped with an error before finishing. */
export function failedSweepStatus(status: SweepStatus, error: SerializedError): SweepStatus {
  return { ...status, phase: 'failed', error, slots: status.slots.map((s) => ({ ...s, label: null, key: null })), etaSeconds: null };
}

/** Whether a sweep is under way (a new one cannot start, the project cannot change). */
export function isSweepActive(phase: SweepPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'paused' || phase === 'cancelling';
}

/** At most this many notices are kept (a sweep of thousands of points may say a lot). */
const MAX_NOTICES = 200;

/**
 * A copy's status after a snapshot arrived (a reply, or a pushed 'sweep-status'): the snapshot
 * wins unless the copy has already applied later events.
 */
export function acceptSweepSnapshot(current: SweepStatus, snapshot: SweepStatus): SweepStatus {
  return snapshot.revision >= current.revision ? snapshot : current;
}

/**
 * A copy's status after a pushed SweepEvent that led the backend to `revision`: applied unless
 * the copy's snapshot already contains it.
 */
export function applyPushedSweepEvent(current: SweepStatus, event: SweepEvent, revision: number): SweepStatus {
  if (revision <= current.revision) return current;
  return { ...applySweepEvent(current, event), revision };
}

/** The status after one SweepEvent (revision unchanged). Pure: returns a new object, never edits `status`. */
export function applySweepEvent(status: SweepStatus, event: SweepEvent): SweepStatus {
  switch (event.type) {
    case 'start':
      return { ...status, phase: status.phase === 'cancelling' ? 'cancelling' : 'running', total: event.total, workers: event.workers, strategy: event.strategy, slots: Array.from({ length: event.workers }, (_, slot) => ({ slot, label: null, key: null })) };
    case 'notice':
      return { ...status, notices: [...status.notices, event.message].slice(-MAX_NOTICES) };
    case 'point-start':
      return { ...status, slots: status.slots.map((s) => (s.slot === event.slot ? { slot: s.slot, label: event.label, key: event.key } : s)) };
    case 'point-done': {
      const row: LivePoint = {
        key: event.key,
        label: event.label,
        cached: event.cached,
        accuracy: event.accuracy,
        weightBytes: event.weightBytes,
        energyJoules: event.energyJoules,
        seconds: event.seconds,
      };
      const i = status.points.findIndex((p) => p.key === event.key);
      const points = i >= 0 ? status.points.map((p, j) => (j === i ? row : p)) : [...status.points, row];
      return { ...status, points };
    }
    case 'point-failed':
      return { ...status, failures: [...status.failures, { key: event.key, label: event.label, code: event.code, message: event.message }] };
    case 'progress':
      return { ...status, done: event.done, total: event.total, etaSeconds: event.etaSeconds, slots: event.slots.map((s) => ({ ...s })) };
    case 'paused':
      return status.phase === 'running' ? { ...status, phase: 'paused' } : status;
    case 'resumed':
      return status.phase === 'paused' ? { ...status, phase: 'running' } : status;
    case 'finished':
      return {
        ...status,
        phase: event.status,
        etaSeconds: null,
        slots: status.slots.map((s) => ({ ...s, label: null, key: null })),
        summary: { evaluated: event.evaluated, cached: event.cached, failed: event.failed, seconds: event.seconds },
      };
  }
}
