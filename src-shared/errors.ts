/**
 * Errors that cross process, IPC and worker boundaries.
 *
 * A `UserError` is something the user can fix (a broken file, a bad flag, a dataset that does not
 * fit the model); its message is a full sentence that names the file, node or field and says what
 * to do. An `InternalError` is a bug in EdgeFront. Both carry a stable `code` so callers and tests
 * can branch on the kind of failure without parsing messages.
 */

/** The serializable shape of an EdgeFront error (what crosses `postMessage` and IPC). */
export interface SerializedError {
  readonly name: 'UserError' | 'InternalError' | 'CancelledError';
  readonly code: string;
  readonly message: string;
  /** Extra structured facts (file, node names, offending values). JSON-safe only. */
  readonly details?: Record<string, unknown>;
}

/** Base class: never thrown directly. */
export abstract class EdgeFrontError extends Error {
  abstract override readonly name: SerializedError['name'];
  readonly code: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }

  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** A mistake in the user's input: a file, a flag, a project. Exit code 1 (runtime) or 2 (usage). */
export class UserError extends EdgeFrontError {
  override readonly name = 'UserError' as const;
}

/** A bug in EdgeFront: an invariant that should have held. */
export class InternalError extends EdgeFrontError {
  override readonly name = 'InternalError' as const;
}

/** The user (or the orchestrator) cancelled the work. */
export class CancelledError extends EdgeFrontError {
  override readonly name = 'CancelledError' as const;
  constructor(message = 'The task was cancelled.') {
    super('cancelled', message);
  }
}

/** Rebuilds an error that was serialized on the other side of a boundary. */
export function deserializeError(e: SerializedError): EdgeFrontError {
  switch (e.name) {
    case 'UserError':
      return new UserError(e.code, e.message, e.details);
    case 'CancelledError':
      return new CancelledError(e.message);
    default:
      return new InternalError(e.code, e.message, e.details);
  }
}

/** Serializes anything thrown; unknown throwables become internal errors. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof EdgeFrontError) return err.toJSON();
  const message = err instanceof Error ? `${err.message}` : String(err);
  const stack = err instanceof Error ? err.stack : undefined;
  return { name: 'InternalError', code: 'internal', message, details: stack ? { stack } : undefined };
}
