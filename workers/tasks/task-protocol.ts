/**
 * The messages between the worker pool (`src-main/services/worker-pool.ts`) and the worker-side
 * runtime (`worker-runtime.ts`). One attempt of one task is one piscina task whose value is a
 * `TaskRequest` and whose result is a `TaskOutcome`; progress and cancel notices travel over a
 * `MessagePort` created for that attempt. See docs/decisions/worker-pool.md.
 */
import type { SerializedError } from '../../src-shared/errors.js';

/** How far a running task has got: `done` of `total` units (batches, seeds, layers). */
export interface TaskProgress {
  readonly done: number;
  readonly total: number;
  /** What the task is doing now, e.g. `calibrate` or `inference`. */
  readonly stage?: string;
  /** Task-specific data (structured-clone safe), typed by that task's own module. */
  readonly detail?: unknown;
}

/** What the pool hands to a worker for one attempt of a task. */
export interface TaskRequest {
  /** Name of the handler registered with `registerTaskHandlers`. */
  readonly task: string;
  readonly payload: unknown;
  /**
   * Four bytes read as an `Int32Array`; the pool stores `CANCEL_REQUESTED` at index 0. Shared
   * memory because a handler inside a synchronous compute loop never yields to the event loop,
   * so it would never see a `cancel` message — but it does see this flag.
   */
  readonly cancelFlag: SharedArrayBuffer;
  /** This attempt's channel: the worker posts `WorkerToPoolMessage`s, the pool posts `PoolToWorkerMessage`s. */
  readonly port: TaskPort;
}

/**
 * The worker's end of an attempt's channel: the part of a `node:worker_threads` `MessagePort` the
 * runtime uses, stated here so this file needs nothing from Node.
 */
export interface TaskPort {
  postMessage(message: WorkerToPoolMessage): void;
  on(event: 'message', listener: (message: PoolToWorkerMessage) => void): unknown;
  close(): void;
}

/** Value of `cancelFlag[0]` once the pool asked the task to stop. */
export const CANCEL_REQUESTED = 1;

/**
 * The result of one attempt. Errors thrown by a handler come back as a value, not as a rejection,
 * so the pool can tell them apart from a dead worker (which piscina reports as a rejection) and
 * so their `code` and class survive the boundary (a thrown `Error` loses its own properties).
 */
export type TaskOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: SerializedError };

/**
 * Worker → pool, over `TaskRequest.port`. `started` tells the pool the attempt left the queue;
 * `finished` is the last message of an attempt that did not die, so once the pool has seen it,
 * it has seen every progress report (the outcome itself travels on piscina's own channel).
 */
export type WorkerToPoolMessage =
  | { readonly type: 'started' }
  | { readonly type: 'progress'; readonly progress: TaskProgress }
  | { readonly type: 'finished' };

/** Pool → worker, over `TaskRequest.port`: wakes handlers that wait on `ctx.signal`. */
export type PoolToWorkerMessage = { readonly type: 'cancel' };
