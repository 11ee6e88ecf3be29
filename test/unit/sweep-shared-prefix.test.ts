/**
 * Shared-prefix evaluation in a sweep: the sensitivity strategy's probes differ only in one
 * layer's bits, so the orchestrator sends them to workers in groups that compute the common
 * network prefix once. Every point's result must equal the ungrouped sweep's, and work must
 * actually be skipped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep, type SweepSummary } from '../../src-main/services/sweep/orchestrator.js';
import { saveLenetProject, summaryRows, workerScript } from '../helpers/lenet-projects.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-shared-prefix-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sweep(name: string, sharePrefixes: boolean, activationBits: number | null): Promise<SweepSummary> {
  const projectPath = await saveLenetProject(dir, name, {
    testLimit: 400,
    designSpace: { axes: { layers: {} }, base: activationBits === null ? {} : { activationBits, mode: 'fake' }, constraints: [] },
    strategy: { kind: 'sensitivity', budgetMetric: 'memory.weightBytes', bitWidths: [8, 4, 2], budgets: [30_000] },
  });
  return runSweep({ projectPath, workers: 2, workerScript, noCache: true, sharePrefixes });
}

describe('shared-prefix sweeps', () => {
  for (const activationBits of [null, 8]) {
    it(`give every probe the ungrouped result and skip steps (${activationBits === null ? 'weights only' : `a${activationBits}, calibrated`})`, async () => {
      const alone = await sweep(`alone-${activationBits}`, false, activationBits);
      const grouped = await sweep(`grouped-${activationBits}`, true, activationBits);
      expect(alone.prefixReuse.groups).toBe(0);
      expect(grouped.failed).toBe(0);
      expect(grouped.prefixReuse.groups).toBeGreaterThan(0);
      expect(grouped.prefixReuse.stepsRun).toBeLessThan(grouped.prefixReuse.stepsTotal);
      const a = new Map(summaryRows(alone).map((r) => [r.key, r.m]));
      const g = summaryRows(grouped);
      expect(g.map((r) => r.key).sort()).toEqual([...a.keys()].sort());
      for (const { key, m } of g) {
        const ref = a.get(key)!;
        expect(m.correct, key).toBe(ref.correct);
        expect(m.samples).toBe(ref.samples);
        expect(m.memory.weightBytes).toBe(ref.memory.weightBytes);
        expect(m.energy.perInferenceJoules).toBe(ref.energy.perInferenceJoules);
        expect(m.activations).toEqual(ref.activations);
      }
    });
  }
});
