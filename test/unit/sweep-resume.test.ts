/**
 * The sweep never loses or repeats a finished point: a run killed with SIGKILL mid-sweep and then
 * resumed ends with exactly the results of an uninterrupted run (same keys, same metrics), the
 * resumed run evaluates only the points the log did not hold, and a plain re-run refuses to start
 * over while an interrupted sweep's log exists; the finished project, packed and unpacked elsewhere,
 * needs no point re-run. Runs the real CLI in child processes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsLogPath } from '../../src-main/services/sweep/results-log.js';
import { saveLenetProject } from '../helpers/lenet-projects.js';
import { describeRun, runCli } from '../helpers/run-cli.js';

const bin = fileURLToPath(new URL('../../bin/edgefront.js', import.meta.url));
let dir: string;

/** LeNet-5 weights-only grid of 8 points on 300 samples: quick, and no calibration needed. */
const makeProject = (name: string) => saveLenetProject(dir, name, { testLimit: 300, designSpace: { axes: { weightBits: [2, 3, 4, 8], pruneRatio: [0, 0.5] } } });

interface SavedResult {
  key: string;
  metrics: { accuracy: number; correct: number; memory: { weightBytes: number } };
}
const resultsOf = async (path: string): Promise<SavedResult[]> => (JSON.parse(await readFile(path, 'utf8')) as { results: SavedResult[] }).results;
const byKey = (rs: SavedResult[]) => new Map(rs.map((r) => [r.key, { correct: r.metrics.correct, weightBytes: r.metrics.memory.weightBytes }]));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-sweep-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts a sweep and SIGKILLs it once its results log holds `lines` finished points. */
function killAfter(projectPath: string, lines: number): Promise<number> {
  const log = resultsLogPath(projectPath);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'sweep', projectPath, '--workers', '1'], { stdio: 'ignore' });
    const poll = setInterval(() => {
      const n = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.trim()).length : 0;
      if (n >= lines) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal !== 'SIGKILL') reject(new Error(`the sweep ended by itself (exit ${code}) before it could be killed`));
      else resolve(readFileSync(log, 'utf8').split('\n').filter((l) => l.trim()).length);
    });
  });
}

describe('kill -9 mid-sweep, then --resume', () => {
  it('ends with the same results as an uninterrupted run, none lost or repeated', async () => {
    const reference = await makeProject('reference');
    const whole = await runCli(['sweep', reference, '--workers', '1', '--json'], 120_000);
    expect(whole.code, describeRun(whole)).toBe(0);
    const expected = await resultsOf(reference);
    expect(expected).toHaveLength(8);
    expect(existsSync(resultsLogPath(reference))).toBe(false);
    // The report of the finished sweep: one HTML file with both Pareto charts.
    const report = await runCli(['report', reference, '--format', 'html']);
    expect(report.code, describeRun(report)).toBe(0);
    const html = await readFile(join(dir, 'reference.report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('edgefront sweep');

    const crashed = await makeProject('crashed');
    const logged = await killAfter(crashed, 3);
    expect(logged).toBeGreaterThanOrEqual(3);
    // Killed before the end: nothing was merged into the project yet, the log holds the work.
    expect(await resultsOf(crashed)).toHaveLength(0);

    const again = await runCli(['sweep', crashed, '--workers', '1'], 60_000);
    expect(again.code, describeRun(again)).toBe(1);
    expect(again.stderr).toMatch(/An interrupted sweep left \d+ finished point\(s\) in .*crashed\.results\.jsonl\. Run `edgefront sweep .* --resume`/);

    const resumed = await runCli(['sweep', crashed, '--workers', '1', '--resume', '--json'], 120_000);
    expect(resumed.code, describeRun(resumed)).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { evaluated: number; cached: number; failed: number };
    expect(summary.cached).toBe(logged);
    expect(summary.evaluated).toBe(8 - logged);
    expect(summary.failed).toBe(0);

    const got = await resultsOf(crashed);
    expect(got).toHaveLength(8);
    expect(new Set(got.map((r) => r.key)).size).toBe(8);
    expect(byKey(got)).toEqual(byKey(expected));
    expect(existsSync(resultsLogPath(crashed))).toBe(false);

    // A colleague unpacks the finished project elsewhere: every point is found, none re-run.
    const archive = join(dir, 'shared.zip');
    const packed = await runCli(['pack', crashed, '-o', archive]);
    expect(packed.code, describeRun(packed)).toBe(0);
    const unpacked = await runCli(['unpack', archive, '-d', join(dir, 'colleague')]);
    expect(unpacked.code, describeRun(unpacked)).toBe(0);
    const theirs = await runCli(['sweep', join(dir, 'colleague', 'crashed.edgefront'), '--json'], 60_000);
    expect(theirs.code, describeRun(theirs)).toBe(0);
    expect(JSON.parse(theirs.stdout)).toMatchObject({ evaluated: 0, cached: 8, failed: 0 });
  });

  it('a torn last line (a crash while appending) is dropped and that point evaluated again', async () => {
    const projectPath = await makeProject('torn');
    const first = await runCli(['sweep', projectPath, '--workers', '1', '--json'], 120_000);
    expect(first.code, describeRun(first)).toBe(0);
    const complete = await resultsOf(projectPath);
    // Fake an interrupted sweep: two points in the log, the second cut short mid-line.
    const project = JSON.parse(await readFile(projectPath, 'utf8')) as { results: unknown[] };
    await writeFile(projectPath, JSON.stringify({ ...project, results: [] }));
    const lines = complete.slice(0, 2).map((r) => JSON.stringify(r));
    await writeFile(resultsLogPath(projectPath), `${lines[0]}\n${lines[1].slice(0, 100)}`);
    const resumed = await runCli(['sweep', projectPath, '--workers', '1', '--resume', '--json'], 120_000);
    expect(resumed.code, describeRun(resumed)).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { evaluated: number; cached: number };
    expect(summary.cached).toBe(1);
    expect(summary.evaluated).toBe(7);
    expect(byKey(await resultsOf(projectPath))).toEqual(byKey(complete));
  });
});
