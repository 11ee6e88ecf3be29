/** The EdgeFrontError a promise rejects with (a resolution, or any other error, fails the test). */
import { EdgeFrontError } from '../../src-shared/errors.js';

export async function edgeFrontFailure(p: Promise<unknown>): Promise<EdgeFrontError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof EdgeFrontError)) throw new Error(`expected an EdgeFrontError, got ${String(e)}`);
  return e;
}
