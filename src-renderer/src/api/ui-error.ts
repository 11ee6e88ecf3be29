/** What a view shows of a failed call: the sentence, and the stable code for bug reports. */
import { EdgeFrontError } from '../../../src-shared/errors.js';

export interface UiError {
  readonly code: string;
  readonly message: string;
  /** A bug in EdgeFront rather than something the user can fix. */
  readonly internal: boolean;
}

export function toUiError(err: unknown): UiError {
  if (err instanceof EdgeFrontError) return { code: err.code, message: err.message, internal: err.name === 'InternalError' };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err), internal: true };
}
