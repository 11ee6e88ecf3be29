/**
 * The sensitivity strategy end to end on LeNet-5 (weights only, 300 samples): one reference point,
 * one probe per layer and narrower width, then one allocated point per budget whose real weight
 * memory — measured, not predicted — stays within the budget, since memory adds up over layers.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveLenetProject } from '../helpers/lenet-projects.js';
import { describeRun, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-sensitivity-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sensitivity-guided mixed precision', () => {
  it('probes every layer, then allocates bits within each memory budget', async () => {
    const budgets = [22_000, 35_000];
    const projectPath = await saveLenetProject(dir, 'lenet', {
      testLimit: 300,
      strategy: { kind: 'sensitivity', budgetMetric: 'memory.weightBytes', bitWidths: [8, 4, 2], budgets },
    });
    const r = await runCli(['sweep', projectPath, '--workers', '2', '--json'], 180_000);
    expect(r.code, describeRun(r)).toBe(0);
    const summary = JSON.parse(r.stdout) as { evaluated: number; cached: number; failed: number; points: { label: string; weightBytes: number; accuracy: number }[] };
    expect(summary.failed).toBe(0);
    const probes = summary.points.filter((p) => p.label.startsWith('sensitivity /'));
    expect(probes).toHaveLength(5 * 2); // LeNet-5 has 5 weight layers, 2 narrower widths each
    const reference = summary.points.find((p) => p.label.startsWith('sensitivity reference'))!;
    for (const budget of budgets) {
      const allocated = summary.points.find((p) => p.label.startsWith(`budget ${budget}:`));
      expect(allocated, `budget ${budget}`).toBeDefined();
      expect(allocated!.weightBytes).toBeLessThanOrEqual(budget);
      expect(allocated!.weightBytes).toBeLessThan(reference.weightBytes);
    }
    const saved = JSON.parse(await readFile(projectPath, 'utf8')) as { results: unknown[] };
    expect(saved.results.length).toBe(summary.evaluated);
  });
});
