/**
 * The worker side of the pool. A worker script registers its handlers and default-exports the
 * result, which is the function piscina calls once per task:
 *
 *   export default registerTaskHandlers({ evaluate: async (payload, ctx) => { ... } });
 *
 * One-time setup (loading a model) belongs at the top level of the worker script, which runs
 * once per worker thread. Handlers stop cooperatively by calling `ctx.throwIfCancelled()` between
 * layers or batches, or by passing `ctx.signal` to whatever they await.
 */
import { CancelledError, InternalError, serializeError } from '../../src-shared/errors.js';
import {
  CANCEL_REQUESTED,
  type PoolToWorkerMessage,
  type TaskOutcome,
  type TaskProgress,
  type TaskRequest,
  type WorkerToPoolMessage,
} from './task-protocol.js';

/** What a handler gets besides its payload. */
export interface TaskContext {
  /** Reports progress to the caller's `onProgress`. */
  progress(progress: TaskProgress): void;
  /** Throws `CancelledError` once the pool asked this task to stop. Cheap: one atomic load. */
  throwIfCancelled(): void;
  /** Aborted (with a `CancelledError` reason) when the pool asks this task to stop. */
  readonly signal: AbortSignal;
}

/**
 * A task handler. The payload is whatever the caller passed to `WorkerPool.run`, after a
 * structured clone, so each handler checks its own payload; `any` lets handlers declare the type
 * they expect.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskHandler = (payload: any, context: TaskContext) => unknown;

/** The function a worker script default-exports; piscina calls it once per task attempt. */
export type TaskRunner = (request: TaskRequest) => Promise<TaskOutcome>;

/** Builds the per-task entry point of a worker script from its handlers. */
export function registerTaskHandlers(handlers: Readonly<Record<string, TaskHandler>>): TaskRunner {
  const known = Object.keys(handlers);
  return async function runTask(request: TaskRequest): Promise<TaskOutcome> {
    const { port } = request;
    const flag = new Int32Array(request.cancelFlag);
    const controller = new AbortController();
    const isCancelled = (): boolean => controller.signal.aborted || Atomics.load(flag, 0) === CANCEL_REQUESTED;
    const cancel = (): void => {
      if (!controller.signal.aborted) controller.abort(new CancelledError());
    };
    port.on('message', (message: PoolToWorkerMessage) => {
      if (message.type === 'cancel') cancel();
    });
    const post = (message: WorkerToPoolMessage): void => port.postMessage(message);
    post({ type: 'started' });

    const context: TaskContext = {
      progress: (progress) => post({ type: 'progress', progress }),
      throwIfCancelled: () => {
        if (isCancelled()) {
          cancel();
          throw new CancelledError();
        }
      },
      signal: controller.signal,
    };
    try {
      const handler = Object.hasOwn(handlers, request.task) ? handlers[request.task] : undefined;
      if (!handler) {
        throw new InternalError(
          'unknown-task',
          `The worker has no handler for task "${request.task}"; it knows ${known.map((k) => `"${k}"`).join(', ') || 'none'}.`,
          { task: request.task, known },
        );
      }
      context.throwIfCancelled();
      return { ok: true, value: await handler(request.payload, context) };
    } catch (error) {
      // A handler that stopped because of the cancel request may surface it as an AbortError
      // from an API it passed `ctx.signal` to; the caller should still see a CancelledError.
      if (isCancelled() && !(error instanceof InternalError)) return { ok: false, error: new CancelledError().toJSON() };
      return { ok: false, error: serializeError(error) };
    } finally {
      // The pool closes the channel once it has read `finished`. Closing it here as well can
      // drop the `finished` message that is still in flight (seen with bundled workers), which
      // would leave the task waiting forever.
      post({ type: 'finished' });
    }
  };
}
