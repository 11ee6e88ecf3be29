/** A wrong command line: exit code 2, message on stderr with a hint to `--help`. */
import { UserError } from '../../src-shared/errors.js';

export class UsageError extends UserError {
  constructor(message: string) {
    super('usage', message);
  }
}
