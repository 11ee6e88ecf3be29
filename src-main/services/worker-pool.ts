/**
 * The evaluation worker pool: runs named tasks on a fixed number of worker threads.
 *
 * Built on piscina (see docs/decisions/worker-pool.md for why), which gives the threads, the
 * queue, replacement of dead workers, `resourceLimits` and hard aborts. This file adds what
 * EdgeFront needs on top: typed task names, progress callbacks, cooperative cancellation with a
 * grace period before the hard abort, one retry of a task whose worker died, and errors that keep
 * their EdgeFront class and code across the thread boundary.
 *
 * The worker script must default-export `registerTaskHandlers(...)` from
 * `workers/tasks/worker-runtime.ts`.
 */
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { CancelledError, InternalError, deserializeError } from '../../src-shared/errors.js';
import {
  CANCEL_REQUESTED,
  type PoolToWorkerMessage,
  type TaskOutcome,
  type TaskProgress,
  type TaskRequest,
  type WorkerToPoolMessage,
} from '../../workers/tasks/task-protocol.js';
import { describeWorkerDeath } from './worker-pool/describe-worker-death.js';

export type { TaskProgress };

export interface PoolOptions {
  /** Absolute path or `file:` URL of an ESM worker script that default-exports `registerTaskHandlers(...)`. */
  readonly workerScript: string | URL;
  /** Number of worker threads, at least 1. They start at once and live until `close()`. */
  readonly size: number;
  /** Cloned into every worker as `workerData` of `node:worker_threads`. */
  readonly workerData?: unknown;
  /** Per-worker V8 limits; a worker that exceeds them dies and counts as a crash. */
  readonly resourceLimits?: ResourceLimits;
  /** How many times a task whose worker died is run again on another worker. Default 1. */
  readonly maxRetries?: number;
  /** How long a cancelled task may keep running before its worker is terminated. Default 2000 ms. */
  readonly cancelGraceMs?: number;
}

export interface RunOptions {
  /** Aborting cancels the task: dropped if queued, asked to stop if running, killed after the grace period. */
  readonly signal?: AbortSignal;
  /** Called on the main thread for every `ctx.progress(...)` of the handler, all before the result. */
  readonly onProgress?: (progress: TaskProgress) => void;
  /**
   * Moved to the worker instead of copied. A task with a transfer list is not retried after a
   * crash: its buffers went to the dead worker. Share big read-only inputs as SharedArrayBuffers
   * in the payload instead; those are neither copied nor lost.
   */
  readonly transferList?: readonly TransferListItem[];
}

export interface PoolStats {
  readonly size: number;
  /** Worker threads alive now (may briefly differ from `size` while a dead one is replaced). */
  readonly liveWorkers: number;
  readonly running: number;
  readonly queued: number;
  readonly completed: number;
  /** Tasks rejected with anything but `CancelledError`. */
  readonly failed: number;
  readonly cancelled: number;
  /** Workers that died during a task (each retry follows one of these). */
  readonly crashes: number;
  readonly retries: number;
  /** Workers terminated because a cancelled task ignored the request for `cancelGraceMs`. */
  readonly killedAfterGrace: number;
}

interface Attempt {
  readonly port: MessagePort;
  /** Resolves on the worker's `finished` message, after which no progress report is in flight. */
  readonly finished: Promise<void>;
  readonly flag: Int32Array;
  /** Aborting this makes piscina drop the queued attempt or terminate its worker. */
  readonly abort: AbortController;
  started: boolean;
  killed: boolean;
  killTimer?: NodeJS.Timeout;
}

interface Job {
  readonly task: string;
  readonly payload: unknown;
  readonly options: RunOptions;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly onAbort: () => void;
  readonly deaths: string[];
  attempt?: Attempt;
  cancelRequested: boolean;
  settled: boolean;
}

type Counter = 'completed' | 'failed' | 'cancelled' | 'crashes' | 'retries' | 'killedAfterGrace';

const DEFAULT_GRACE_MS = 2000;

export class WorkerPool {
  readonly #piscina: Piscina<TaskRequest, TaskOutcome>;
  readonly #script: string;
  readonly #size: number;
  readonly #maxRetries: number;
  readonly #graceMs: number;
  readonly #jobs = new Set<Job>();
  readonly #counts: Record<Counter, number> = {
    completed: 0, failed: 0, cancelled: 0, crashes: 0, retries: 0, killedAfterGrace: 0,
  };
  #closing?: Promise<void>;
  #broken?: InternalError;

  constructor(options: PoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new InternalError('bad-pool-size', `A worker pool needs a whole number of workers ≥ 1, not ${options.size}.`);
    }
    const maxRetries = options.maxRetries ?? 1;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new InternalError('bad-pool-retries', `maxRetries must be a whole number ≥ 0, not ${maxRetries}.`);
    }
    this.#size = options.size;
    this.#maxRetries = maxRetries;
    this.#graceMs = options.cancelGraceMs ?? DEFAULT_GRACE_MS;
    this.#script = scriptUrl(options.workerScript);
    this.#piscina = new Piscina<TaskRequest, TaskOutcome>({
      filename: this.#script,
      minThreads: options.size,
      maxThreads: options.size,
      idleTimeout: Infinity,
      workerData: options.workerData,
      resourceLimits: options.resourceLimits,
    });
    // piscina emits 'error' for a worker that dies while idle (it has already replaced it) or
    // that fails while loading the script; without a listener the emitter would throw.
    this.#piscina.on('error', (reason: unknown) => {
      if (this.#piscina.threads.length === 0) this.#breakPool(reason);
    });
  }

  get size(): number {
    return this.#size;
  }

  /** Runs `task` on the next free worker and resolves with the handler's return value. */
  run<R>(task: string, payload: unknown, options: RunOptions = {}): Promise<R> {
    if (this.#closing) {
      return Promise.reject(new InternalError('pool-closed', `Task "${task}" was submitted after the worker pool was closed.`));
    }
    if (this.#broken) return Promise.reject(this.#broken);
    if (options.signal?.aborted) {
      this.#counts.cancelled++;
      return Promise.reject(new CancelledError(`Task "${task}" was cancelled before it was queued.`));
    }
    return new Promise<R>((resolve, reject) => {
      const job: Job = {
        task,
        payload,
        options,
        resolve: resolve as (value: unknown) => void,
        reject,
        onAbort: () => this.#cancel(job),
        deaths: [],
        cancelRequested: false,
        settled: false,
      };
      this.#jobs.add(job);
      options.signal?.addEventListener('abort', job.onAbort, { once: true });
      this.#dispatch(job);
    });
  }

  stats(): PoolStats {
    let running = 0;
    for (const job of this.#jobs) if (job.attempt?.started) running++;
    return {
      size: this.#size,
      liveWorkers: this.#piscina.threads.length,
      running,
      queued: this.#jobs.size - running,
      ...this.#counts,
    };
  }

  /** Terminates every worker now; queued and running tasks reject with `CancelledError`. */
  close(): Promise<void> {
    this.#closing ??= this.#piscina.destroy().then(() => {
      // piscina rejects every task it holds; this only catches a job between two attempts.
      for (const job of [...this.#jobs]) this.#fail(job, this.#closedError(job), 'cancelled');
    });
    return this.#closing;
  }

  #dispatch(job: Job): void {
    const { port1, port2 } = new MessageChannel();
    let markFinished!: () => void;
    const attempt: Attempt = {
      port: port1,
      finished: new Promise((resolve) => (markFinished = resolve)),
      flag: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)),
      abort: new AbortController(),
      started: false,
      killed: false,
    };
    job.attempt = attempt;
    port1.on('message', (message: WorkerToPoolMessage) => {
      if (message.type === 'started') attempt.started = true;
      else if (message.type === 'finished') markFinished();
      else if (message.type === 'progress' && !job.settled) job.options.onProgress?.(message.progress);
    });
    const request: TaskRequest = {
      task: job.task,
      payload: job.payload,
      cancelFlag: attempt.flag.buffer as SharedArrayBuffer,
      port: port2,
    };
    this.#piscina
      .run(request, { signal: attempt.abort.signal, transferList: [port2, ...(job.options.transferList ?? [])] })
      .then(
        async (outcome) => {
          // The outcome and the progress reports travel on different channels, so either may
          // arrive first; waiting for `finished` delivers every report before the result. (Not
          // the port's 'close' event: piscina parks an idle worker's event loop, which delays
          // the close handshake until the worker is destroyed.)
          if (isTaskOutcome(outcome)) await attempt.finished;
          port1.close();
          this.#onOutcome(job, outcome);
        },
        (reason: unknown) => {
          port1.close();
          this.#onWorkerLost(job, attempt, reason);
        },
      )
      .finally(() => clearTimeout(attempt.killTimer));
  }

  #cancel(job: Job): void {
    const attempt = job.attempt;
    if (job.settled || job.cancelRequested || !attempt) return;
    job.cancelRequested = true;
    if (!attempt.started) {
      // Still in piscina's queue: dropping it touches no worker. (If it started a moment ago,
      // this terminates its worker, which piscina replaces.)
      attempt.abort.abort();
      return;
    }
    Atomics.store(attempt.flag, 0, CANCEL_REQUESTED);
    attempt.port.postMessage({ type: 'cancel' } satisfies PoolToWorkerMessage);
    attempt.killTimer = setTimeout(() => {
      attempt.killed = true;
      this.#counts.killedAfterGrace++;
      attempt.abort.abort();
    }, this.#graceMs);
  }

  #onOutcome(job: Job, outcome: TaskOutcome): void {
    if (job.settled) return;
    if (!isTaskOutcome(outcome)) {
      this.#fail(job, new InternalError(
        'bad-worker-response',
        `The worker script ${this.#script} answered task "${job.task}" with something that is not a task outcome; it must default-export registerTaskHandlers(...).`,
        { task: job.task },
      ));
      return;
    }
    // A caller that cancelled gets CancelledError even if the handler finished inside the grace period.
    if (job.cancelRequested) {
      this.#fail(job, new CancelledError(`Task "${job.task}" was cancelled.`), 'cancelled');
      return;
    }
    if (outcome.ok) {
      this.#settle(job);
      this.#counts.completed++;
      job.resolve(outcome.value);
      return;
    }
    const error = deserializeError(outcome.error);
    this.#fail(job, error, error instanceof CancelledError ? 'cancelled' : 'failed');
  }

  /** piscina rejected the attempt: we aborted it, the pool was closed, or its worker died. */
  #onWorkerLost(job: Job, attempt: Attempt, reason: unknown): void {
    if (job.settled) return;
    if (job.cancelRequested) {
      const how = attempt.killed
        ? ` Its worker was terminated because the task did not stop within ${this.#graceMs} ms.`
        : '';
      this.#fail(job, new CancelledError(`Task "${job.task}" was cancelled.${how}`), 'cancelled');
      return;
    }
    if (this.#closing) {
      this.#fail(job, this.#closedError(job), 'cancelled');
      return;
    }
    this.#counts.crashes++;
    job.deaths.push(describeWorkerDeath(reason));
    // piscina replaces a dead worker before it rejects the task; no worker left means the
    // script cannot even start, and a retry would wait in the queue forever.
    if (this.#piscina.threads.length === 0) {
      this.#breakPool(reason);
      return;
    }
    const transferred = (job.options.transferList?.length ?? 0) > 0;
    if (job.deaths.length <= this.#maxRetries && !transferred) {
      this.#counts.retries++;
      this.#dispatch(job);
      return;
    }
    const times = job.deaths.length === 1 ? 'once' : `${job.deaths.length} times`;
    const note = transferred && job.deaths.length <= this.#maxRetries
      ? ' It was not retried because its transferList moved its buffers to the dead worker.'
      : '';
    this.#fail(job, new InternalError(
      'worker-crashed',
      `Task "${job.task}" failed because its worker died ${times}: ${job.deaths.join('; then ')}.${note}`,
      { task: job.task, attempts: job.deaths.length, deaths: [...job.deaths] },
    ));
  }

  /** The worker script fails while loading: fail everything now rather than queue forever. */
  #breakPool(reason: unknown): void {
    this.#broken ??= new InternalError(
      'worker-failed-to-start',
      `The worker script ${this.#script} failed to start (${describeWorkerDeath(reason)}); no task can run in this pool.`,
      { script: this.#script },
    );
    for (const job of [...this.#jobs]) {
      job.attempt?.abort.abort();
      this.#fail(job, this.#broken);
    }
  }

  #closedError(job: Job): CancelledError {
    return new CancelledError(`Task "${job.task}" was cancelled because the worker pool was closed.`);
  }

  #fail(job: Job, error: Error, counter: Counter = 'failed'): void {
    if (job.settled) return;
    this.#settle(job);
    this.#counts[counter]++;
    job.reject(error);
  }

  #settle(job: Job): void {
    job.settled = true;
    this.#jobs.delete(job);
    job.options.signal?.removeEventListener('abort', job.onAbort);
    if (job.attempt) clearTimeout(job.attempt.killTimer);
  }
}

function scriptUrl(script: string | URL): string {
  if (script instanceof URL) return script.href;
  return script.startsWith('file:') ? script : pathToFileURL(resolvePath(script)).href;
}

function isTaskOutcome(value: unknown): value is TaskOutcome {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
