/**
 * `edgefront demo` (what `npm run demo` runs): sweeps a working copy of the bundled demo project and
 * writes its report; a second run reuses every result.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('edgefront demo', () => {
  it('sweeps the 24-point demo grid into a working copy, writes the report, and reuses results', async () => {
    const first = await runCli(['demo', '--limit', '50', '--workers', '2', '--dir', dir], 300_000);
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout).toMatch(/accuracy vs weight memory front/);
    expect(first.stderr).toMatch(/sweep completed: 24 evaluated, 0 cached, 0 failed/);
    const html = await readFile(join(dir, 'fashion-mnist.report.html'), 'utf8');
    expect(html).toContain('fashion-mnist demo');
    const project = JSON.parse(await readFile(join(dir, 'fashion-mnist.edgefront'), 'utf8')) as { results: unknown[]; model: { path: string } };
    expect(project.results).toHaveLength(24);
    const again = await runCli(['demo', '--limit', '50', '--dir', dir], 120_000);
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stderr).toMatch(/0 evaluated, 24 cached/);
  });
});
