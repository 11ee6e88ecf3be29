/**
 * Subset evaluation (evaluation.subset): every point of a 30-point grid is explored on the first 500 of
 * 2,000 test samples, then the points on or near the fronts (interval-aware) are measured on all of them. The
 * final accuracy-vs-memory front equals that of the sweep measured in full, every point on it is
 * measured in full, and the points the subset rules out are not measured again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep, type SweepSummary } from '../../src-main/services/sweep/orchestrator.js';
import { accuracyMemoryFront, saveLenetProject, summaryRows, workerScript } from '../helpers/lenet-projects.js';

let dir: string;

async function sweep(name: string, subset: number | undefined): Promise<SweepSummary> {
  const projectPath = await saveLenetProject(dir, name, {
    testLimit: 2000,
    designSpace: { axes: { weightBits: [2, 3, 4, 5, 6, 8], pruneRatio: [0, 0.3, 0.5, 0.7, 0.9] } },
    evaluation: subset === undefined ? {} : { subset },
  });
  return runSweep({ projectPath, workers: 2, workerScript });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-subset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rowsOf = summaryRows;
const front = accuracyMemoryFront;

describe('subset evaluation', () => {
  it('explores on the subset, measures the fronts in full, and finds the full run front', async () => {
    const full = rowsOf(await sweep('full', undefined));
    const explored = rowsOf(await sweep('subset', 500));
    expect(explored).toHaveLength(30);
    expect(explored.some((r) => r.m.samples === 500)).toBe(true);
    const subsetFront = front(explored);
    for (const r of subsetFront) expect(r.m.samples).toBe(2000);
    expect(subsetFront.map((r) => r.key).sort()).toEqual(front(full).map((r) => r.key).sort());
    // Measured in full, a point agrees exactly with the full run.
    for (const r of explored.filter((x) => x.m.samples === 2000)) expect(r.m.correct).toBe(full.find((f) => f.key === r.key)!.m.correct);
    // Only the points the subset cannot rule out are measured again (here most of them: LeNet-5's
    // points lie within a few accuracy points of each other; docs/sweeps.md).
    const measuredInFull = explored.filter((r) => r.m.samples === 2000).length;
    expect(measuredInFull).toBeGreaterThanOrEqual(front(full).length);
    expect(measuredInFull).toBeLessThan(30);
  });
});
