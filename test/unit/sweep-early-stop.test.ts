/**
 * Early stop on LeNet-5 (weights only, 2,000 samples): points that a finished point beats for sure
 * stop after ≥ 500 samples; compared with the same sweep measured in full, every stopped point is
 * really dominated, the accuracy-vs-memory front is the same, and fewer samples were evaluated.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_SAMPLES } from '../../src-main/services/sweep/early-stop.js';
import { runSweep, type SweepSummary } from '../../src-main/services/sweep/orchestrator.js';
import { accuracyMemoryFront, saveLenetProject, summaryRows, workerScript, type SummaryRow } from '../helpers/lenet-projects.js';

let dir: string;

async function sweep(name: string, earlyStop: boolean): Promise<SweepSummary> {
  const projectPath = await saveLenetProject(dir, name, {
    testLimit: 2000,
    // Widest first, so good points finish early and the later, weaker ones can be stopped.
    designSpace: { axes: { weightBits: [8, 4, 3, 2], pruneRatio: [0, 0.5, 0.9] } },
    evaluation: { earlyStop },
  });
  return runSweep({ projectPath, workers: 1, workerScript });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-early-stop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rowsOf = summaryRows;
const frontKeys = (rows: SummaryRow[]) =>
  accuracyMemoryFront(rows)
    .map((r) => r.key)
    .sort();

describe('early stop', () => {
  it('stops only dominated points, keeps the front, and saves samples', async () => {
    const full = rowsOf(await sweep('full', false));
    const early = rowsOf(await sweep('early', true));
    const stopped = early.filter((r) => r.m.earlyStopped);
    expect(stopped.length).toBeGreaterThan(0);
    for (const r of stopped) {
      expect(r.m.samples).toBeGreaterThanOrEqual(MIN_SAMPLES);
      expect(r.m.samples).toBeLessThan(2000);
      // Really dominated: some fully measured point is no costlier and more accurate in full.
      const truth = full.find((f) => f.key === r.key)!.m;
      const beaten = full.some((f) => f.key !== r.key && f.m.memory.weightBytes <= truth.memory.weightBytes && f.m.energy.perInferenceJoules <= truth.energy.perInferenceJoules && f.m.accuracy > truth.accuracy);
      expect(beaten, `stopped point ${r.key.slice(0, 8)}`).toBe(true);
    }
    expect(frontKeys(early)).toEqual(frontKeys(full));
    const samples = (rows: typeof full) => rows.reduce((a, r) => a + r.m.samples, 0);
    expect(samples(early)).toBeLessThan(samples(full));
    // Points measured in full agree exactly with the full run.
    for (const r of early.filter((x) => !x.m.earlyStopped)) expect(r.m.correct).toBe(full.find((f) => f.key === r.key)!.m.correct);
  });
});
