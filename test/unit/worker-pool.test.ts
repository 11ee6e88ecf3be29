import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, InternalError, UserError } from '../../src-shared/errors.js';
import { WorkerPool, type PoolOptions, type TaskProgress } from '../../src-main/services/worker-pool.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pool');
let buildDir: string;
let workerScript: string;
const pools: WorkerPool[] = [];

beforeAll(async () => {
  // The fixture imports the TypeScript worker runtime; workers cannot load .ts, so bundle it.
  buildDir = mkdtempSync(join(tmpdir(), 'edgefront-pool-'));
  workerScript = join(buildDir, 'test-worker.mjs');
  await build({
    entryPoints: [join(fixtures, 'test-worker.mjs')],
    outfile: workerScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

function makePool(options: Partial<PoolOptions> = {}): WorkerPool {
  const pool = new WorkerPool({ workerScript, size: 1, ...options });
  pools.push(pool);
  return pool;
}

/** A call counter the worker increments through shared memory, so it survives dead workers. */
function makeCounter(): { buffer: SharedArrayBuffer; read(): number } {
  const buffer = new SharedArrayBuffer(4);
  return { buffer, read: () => Atomics.load(new Int32Array(buffer), 0) };
}

/** Rejects with the error the promise rejected with, or fails the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

interface Echo {
  value: number;
  threadId: number;
  loadedAt: number;
  workerData: unknown;
}

describe('WorkerPool', () => {
  it('returns every result to its caller with 2 workers and 10 tasks, set up once per worker', async () => {
    const pool = makePool({ size: 2, workerData: { model: 'lenet' } });
    const delays = [30, 5, 20, 0, 15, 25, 1, 10, 3, 8];
    const results = await Promise.all(
      delays.map((delayMs, value) => pool.run<Echo>('echo', { value, delayMs })),
    );
    expect(results.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.every((r) => (r.workerData as { model: string }).model === 'lenet')).toBe(true);
    const setupByThread = new Map<number, Set<number>>();
    for (const r of results) setupByThread.set(r.threadId, (setupByThread.get(r.threadId) ?? new Set()).add(r.loadedAt));
    expect(setupByThread.size).toBe(2);
    for (const loads of setupByThread.values()) expect(loads.size).toBe(1);
    expect(pool.size).toBe(2);
    expect(pool.stats()).toMatchObject({ size: 2, liveWorkers: 2, completed: 10, running: 0, queued: 0, crashes: 0 });
  });

  it('delivers every progress report, in order, before the result', async () => {
    const pool = makePool();
    // Enough reports that, without the pool's ordering guard, the result overtakes some of them.
    const steps = 3000;
    const seen: TaskProgress[] = [];
    const result = await pool.run<string>('progress', { steps }, { onProgress: (p) => seen.push(p) });
    expect(result).toBe('done');
    expect(seen).toHaveLength(steps);
    expect(seen.map((p) => p.done)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    expect(seen[steps - 1]).toEqual({ done: steps, total: steps, stage: 'inference' });
  });

  it('rejects a task whose signal is already aborted without running it', async () => {
    const pool = makePool();
    const counter = makeCounter();
    const error = await rejection(
      pool.run('echo', { value: 1, counter: counter.buffer }, { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(CancelledError);
    expect(counter.read()).toBe(0);
    expect(pool.stats().cancelled).toBe(1);
  });

  it('drops a queued task on cancel while the running one finishes', async () => {
    const pool = makePool();
    const counter = makeCounter();
    const running = pool.run<Echo>('echo', { value: 1, delayMs: 200 });
    const controller = new AbortController();
    const queued = pool.run('echo', { value: 2, counter: counter.buffer }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pool.stats()).toMatchObject({ running: 1, queued: 1 });
    const started = Date.now();
    controller.abort();
    expect(await rejection(queued)).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(100);
    expect((await running).value).toBe(1);
    expect(counter.read()).toBe(0);
  });

  it('stops a synchronous handler through the shared cancel flag and keeps its worker', async () => {
    const pool = makePool();
    const before = await pool.run<Echo>('echo', { value: 0 });
    const counter = makeCounter();
    const controller = new AbortController();
    const task = pool.run('cooperative', { counter: counter.buffer }, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const error = await rejection(task);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toContain('"cooperative"');
    expect(error.message).not.toContain('terminated');
    const after = await pool.run<Echo>('echo', { value: 1 });
    expect(after.threadId).toBe(before.threadId);
    expect(pool.stats()).toMatchObject({ cancelled: 1, killedAfterGrace: 0, crashes: 0 });
  });

  it('wakes a handler that awaits ctx.signal', async () => {
    const pool = makePool();
    const controller = new AbortController();
    const started = Date.now();
    const task = pool.run('awaitSignal', {}, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(await rejection(task)).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(pool.stats().killedAfterGrace).toBe(0);
  });

  it('terminates and replaces a worker whose task ignores cancel past the grace period', async () => {
    const pool = makePool({ cancelGraceMs: 200 });
    const before = await pool.run<Echo>('echo', { value: 0 });
    const controller = new AbortController();
    let abortedAt = 0;
    const task = pool.run('stubborn', {}, {
      signal: controller.signal,
      onProgress: () => {
        abortedAt = Date.now();
        controller.abort();
      },
    });
    const error = await rejection(task);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toContain('did not stop within 200 ms');
    expect(Date.now() - abortedAt).toBeGreaterThanOrEqual(190);
    const after = await pool.run<Echo>('echo', { value: 1 });
    expect(after.value).toBe(1);
    expect(after.threadId).not.toBe(before.threadId);
    expect(pool.stats()).toMatchObject({ cancelled: 1, killedAfterGrace: 1, crashes: 0, liveWorkers: 1 });
  });

  it.each(['exit', 'uncaught'])('retries once on a fresh worker after a crash by %s', async (how) => {
    const pool = makePool();
    const counter = makeCounter();
    const before = await pool.run<Echo>('echo', { value: 0 });
    const result = await pool.run<{ attempt: number; threadId: number }>('crashOnce', { counter: counter.buffer, how });
    expect(result.attempt).toBe(2);
    expect(result.threadId).not.toBe(before.threadId);
    expect(pool.stats()).toMatchObject({ completed: 2, crashes: 1, retries: 1, failed: 0 });
  });

  it('reports worker-crashed after the second death while other tasks keep running', async () => {
    const pool = makePool({ size: 2 });
    const counter = makeCounter();
    const crashing = pool.run('crashAlways', { counter: counter.buffer, how: 'exit' });
    const others = Array.from({ length: 6 }, (_, value) => pool.run<Echo>('echo', { value, delayMs: 10 }));
    const error = await rejection(crashing);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as InternalError).code).toBe('worker-crashed');
    expect(error.message).toBe(
      'Task "crashAlways" failed because its worker died 2 times: it exited with code 3; then it exited with code 3.',
    );
    expect((error as InternalError).details).toMatchObject({ task: 'crashAlways', attempts: 2 });
    expect(counter.read()).toBe(2);
    expect((await Promise.all(others)).map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pool.stats()).toMatchObject({ crashes: 2, retries: 1, failed: 1, completed: 6, liveWorkers: 2 });
  });

  it('names the uncaught exception that killed a worker', async () => {
    const pool = makePool({ maxRetries: 0 });
    const counter = makeCounter();
    const error = await rejection(pool.run('crashAlways', { counter: counter.buffer, how: 'uncaught' }));
    expect(error.message).toBe(
      'Task "crashAlways" failed because its worker died once: it threw an uncaught Error: kaboom outside the handler.',
    );
    expect(counter.read()).toBe(1);
  });

  it('treats a worker that exceeds its resourceLimits as crashed', async () => {
    const pool = makePool({ resourceLimits: { maxOldGenerationSizeMb: 32 }, maxRetries: 0 });
    const counter = makeCounter();
    const error = await rejection(pool.run('crashAlways', { counter: counter.buffer, how: 'oom' }));
    expect((error as InternalError).code).toBe('worker-crashed');
    expect(error.message).toMatch(/^Task "crashAlways" failed because its worker died once: it ran out of memory/);
    expect(counter.read()).toBe(1);
    expect((await pool.run<Echo>('echo', { value: 7 })).value).toBe(7);
  });

  it('does not retry a task whose transferList moved its buffers to the dead worker', async () => {
    const pool = makePool();
    const counter = makeCounter();
    const buffer = new ArrayBuffer(16);
    const error = await rejection(
      pool.run('crashAlways', { counter: counter.buffer, how: 'exit', buffer }, { transferList: [buffer] }),
    );
    expect((error as InternalError).code).toBe('worker-crashed');
    expect(error.message).toContain('was not retried because its transferList moved its buffers');
    expect(counter.read()).toBe(1);
  });

  it('passes a UserError through with its code, message and details, without retrying', async () => {
    const pool = makePool();
    const counter = makeCounter();
    const error = await rejection(pool.run('userError', { counter: counter.buffer }));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('bad-bitwidth');
    expect(error.message).toBe('Weight bitwidth 0 in layer "conv1" is out of range; use 1 to 16.');
    expect((error as UserError).details).toEqual({ layer: 'conv1', bits: 0 });
    expect(counter.read()).toBe(1);
    expect(pool.stats()).toMatchObject({ failed: 1, crashes: 0, retries: 0 });
  });

  it('rejects an unknown task name with an internal error naming the known ones', async () => {
    const pool = makePool();
    const error = await rejection(pool.run('evaluateTypo', {}));
    expect(error).toBeInstanceOf(InternalError);
    expect((error as InternalError).code).toBe('unknown-task');
    expect(error.message).toContain('"evaluateTypo"');
    expect(error.message).toContain('"echo"');
  });

  it('shares SharedArrayBuffers in the payload and moves transferred ArrayBuffers', async () => {
    const pool = makePool();
    const shared = new SharedArrayBuffer(4 * 1024);
    await pool.run('fillShared', { buffer: shared, value: 7 });
    expect(new Int32Array(shared).every((v) => v === 7)).toBe(true);

    const moved = new ArrayBuffer(4096);
    expect(await pool.run('byteLength', { buffer: moved }, { transferList: [moved] })).toBe(4096);
    expect(moved.byteLength).toBe(0);
  });

  it('close() terminates the workers and rejects running and queued tasks', async () => {
    const pool = new WorkerPool({ workerScript, size: 1 });
    const running = rejection(pool.run('stubborn', {}));
    const queued = rejection(pool.run('echo', { value: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pool.stats()).toMatchObject({ running: 1, queued: 1 });
    await pool.close();
    for (const task of [running, queued]) {
      const error = await task;
      expect(error).toBeInstanceOf(CancelledError);
      expect(error.message).toContain('worker pool was closed');
    }
    expect(pool.stats()).toMatchObject({ liveWorkers: 0, running: 0, queued: 0, cancelled: 2 });
    const late = await rejection(pool.run('echo', { value: 2 }));
    expect((late as InternalError).code).toBe('pool-closed');
  });

  it('fails tasks instead of hanging when the worker script cannot start', async () => {
    const pool = makePool({ workerScript: join(fixtures, 'broken-worker.mjs'), size: 2 });
    const results = await Promise.allSettled([1, 2, 3].map((value) => pool.run('echo', { value })));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as InternalError;
      expect(error.code).toBe('worker-failed-to-start');
      expect(error.message).toContain('model file missing');
    }
    expect(((await rejection(pool.run('echo', {}))) as InternalError).code).toBe('worker-failed-to-start');
  });

  it('rejects answers from a worker script that does not use registerTaskHandlers', async () => {
    const pool = makePool({ workerScript: new URL(`file://${join(fixtures, 'bare-worker.mjs')}`) });
    const error = await rejection(pool.run('echo', {}));
    expect((error as InternalError).code).toBe('bad-worker-response');
  });

  it('refuses a pool without workers', () => {
    expect(() => new WorkerPool({ workerScript, size: 0 })).toThrow(/whole number of workers ≥ 1, not 0/);
  });
});
