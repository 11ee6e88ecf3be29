/**
 * Turns what piscina rejects with when a worker thread dies mid-task into one readable clause.
 * piscina reports `process.exit(n)` as "worker exited with code: n", an uncaught exception as
 * that exception, and a `resourceLimits` overflow as an error with code `ERR_WORKER_OUT_OF_MEMORY`.
 */
export function describeWorkerDeath(reason: unknown): string {
  if (!(reason instanceof Error)) return `it failed with ${String(reason)}`;
  const code = (reason as NodeJS.ErrnoException).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `it ran out of memory (${reason.message})`;
  const exit = /worker exited with code: (-?\d+)/.exec(reason.message);
  if (exit) return `it exited with code ${exit[1]}`;
  return `it threw an uncaught ${reason.name}: ${reason.message}`;
}
