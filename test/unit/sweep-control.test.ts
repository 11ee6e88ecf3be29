/**
 * Pause, resume and cancel of a running sweep through the orchestrator's API (what the GUI's Run
 * view uses): a paused sweep starts no new point until resumed; a cancelled one stops, saves the
 * points that finished into the project and leaves no results log behind.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepEvent } from '../../src-shared/sweep-events.js';
import { runSweep } from '../../src-main/services/sweep/orchestrator.js';
import { resultsLogPath } from '../../src-main/services/sweep/results-log.js';
import { SweepControl } from '../../src-main/services/sweep/sweep-control.js';
import { saveLenetProject, workerScript } from '../helpers/lenet-projects.js';

let dir: string;

const makeProject = (name: string) => saveLenetProject(dir, name, { testLimit: 300, designSpace: { axes: { weightBits: [2, 3, 4, 5, 6, 8], pruneRatio: [0, 0.5] } } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-control-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sweep control', () => {
  it('pause holds new points back until resume; the sweep then completes', async () => {
    const projectPath = await makeProject('paused');
    const control = new SweepControl();
    const events: { e: SweepEvent; paused: boolean }[] = [];
    let pausedOnce = false;
    const done = runSweep({
      projectPath,
      workers: 1,
      workerScript,
      control,
      onEvent: (e) => {
        events.push({ e, paused: control.paused });
        if (e.type === 'point-done' && !pausedOnce) {
          pausedOnce = true;
          control.pause();
          setTimeout(() => control.resume(), 400);
        }
      },
    });
    const summary = await done;
    expect(summary.status).toBe('completed');
    expect(summary.evaluated).toBe(12);
    // While paused, no point started.
    expect(events.filter((x) => x.paused && x.e.type === 'point-start')).toHaveLength(0);
    expect(events.some((x) => x.e.type === 'paused')).toBe(true);
    expect(events.some((x) => x.e.type === 'resumed')).toBe(true);
  });

  it('cancel stops the sweep and saves the finished points', async () => {
    const projectPath = await makeProject('cancelled');
    const abort = new AbortController();
    let finished = 0;
    const summary = await runSweep({
      projectPath,
      workers: 2,
      workerScript,
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'point-done' && ++finished === 3) abort.abort();
      },
    });
    expect(summary.status).toBe('cancelled');
    expect(summary.evaluated).toBeGreaterThanOrEqual(3);
    expect(summary.evaluated).toBeLessThan(12);
    const saved = JSON.parse(await readFile(projectPath, 'utf8')) as { results: unknown[] };
    expect(saved.results).toHaveLength(summary.evaluated);
    expect(existsSync(resultsLogPath(projectPath))).toBe(false);
  });
});
