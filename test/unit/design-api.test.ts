/**
 * The Design space and Hardware API on the real services: the point count a preview announces is
 * the number of points the orchestrator then runs (every strategy, on the demo project), the
 * cached count and the estimate follow the project's results, a save is validated, atomic and
 * refused during a sweep, invalid edits name their field, and the BER curve is the fault model's.
 */
import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendApi, type BackendApi } from '../../src-main/api/backend-api.js';
import { loadProject, projectFileText, saveProject } from '../../src-main/services/project/project-store.js';
import { runSweep } from '../../src-main/services/sweep/orchestrator.js';
import type { ApiEvent } from '../../src-shared/api/api-events.js';
import type { ProjectView } from '../../src-shared/api/project-view.js';
import type { DesignSpaceInput } from '../../src-shared/design-space.js';
import type { Strategy } from '../../src-shared/project-file.js';
import { weightBitErrorRate } from '../../workers/cost/design-point-cost.js';
import { loadHardwareProfile } from '../../workers/cost/profiles.js';
import { probitBer } from '../../workers/engine/faults/ber-curve.js';
import { repoRoot } from '../helpers/demo-assets.js';
import { workerScript } from '../helpers/lenet-projects.js';
import { edgeFrontFailure } from '../helpers/edgefront-failure.js';

const DEMO_EXAMPLE = join(repoRoot, 'assets/examples/fashion-mnist.edgefront');
/** Few samples per point: the counts, not the accuracies, are under test. */
const SAMPLE_LIMIT = 60;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-design-api-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function makeApi(name: string): BackendApi {
  return createBackendApi({ version: '0.0.0-test', transport: 'browser', demoExample: DEMO_EXAMPLE, demoDir: join(dir, name), workers: 2, workerScript });
}

const failure = edgeFrontFailure;

/** Opens the demo's working copy with a small test limit saved in it. */
async function openDemo(api: BackendApi): Promise<ProjectView> {
  const view = await api.openDemo();
  const loaded = await loadProject(view.path, { checkInputs: false });
  await saveProject(view.path, { ...loaded.project, split: { ...loaded.project.split, test: { limit: SAMPLE_LIMIT } } });
  return api.openProject({ path: view.path });
}

const SMALL_SPACE: DesignSpaceInput = { base: { coding: 'rans', hardware: 'bit-serial', mode: 'integer', activationBits: 8 }, axes: { weightBits: [2, 4, 8], pruneRatio: [0, 0.5] } };

describe('previewDesign counts what the orchestrator runs (demo project)', () => {
  let api: BackendApi;
  let path: string;
  beforeAll(async () => {
    api = makeApi('counts');
    path = (await openDemo(api)).path;
  });
  afterAll(async () => {
    await api.dispose();
  });

  const cases: { name: string; space: DesignSpaceInput; strategy: Strategy }[] = [
    { name: 'grid', space: SMALL_SPACE, strategy: { kind: 'grid' } },
    { name: 'random', space: SMALL_SPACE, strategy: { kind: 'random', samples: 4, seed: 3 } },
    { name: 'lhs', space: SMALL_SPACE, strategy: { kind: 'lhs', samples: 4, seed: 5 } },
    { name: 'nsga2', space: SMALL_SPACE, strategy: { kind: 'nsga2', populationSize: 4, generations: 1, seed: 2 } },
  ];
  for (const c of cases) {
    it(`${c.name}: the announced points are the points swept, and they are cached afterwards`, async () => {
      await api.updateProject({ designSpace: c.space, strategy: c.strategy });
      const before = await api.previewDesign({ designSpace: c.space, strategy: c.strategy, seeds: 1 });
      expect(before.valid).toBe(true);
      expect(before.pointsExact).toBe(true);
      expect(before.testSamples).toBe(SAMPLE_LIMIT);
      const summary = await runSweep({ projectPath: path, workers: 2, workerScript });
      expect(summary.points).toHaveLength(before.points!);
      expect(summary.total).toBe(before.points);
      expect(summary.evaluated + summary.cached).toBe(before.points);
      if (c.strategy.kind === 'nsga2') expect(summary.cached).toBeGreaterThanOrEqual(before.cached!);
      else expect(summary.cached).toBe(before.cached);
      await api.openProject({ path });
      const after = await api.previewDesign({ designSpace: c.space, strategy: c.strategy, seeds: 1 });
      // NSGA-II's later generations depend on results: only its first generation is known ahead.
      expect(after.cached).toBe(c.strategy.kind === 'nsga2' ? c.strategy.populationSize : before.points);
      // At another test-set size nothing is reusable.
      expect((await api.previewDesign({ designSpace: c.space, strategy: c.strategy, seeds: 1, sampleLimit: SAMPLE_LIMIT + 1 })).cached).toBe(0);
    });
  }

  it('sensitivity: the reference and the layer probes exactly, the budgets as an upper bound', async () => {
    const space: DesignSpaceInput = { base: { coding: 'rans', hardware: 'bit-serial', mode: 'integer', activationBits: 8 } };
    const strategy: Strategy = { kind: 'sensitivity', budgetMetric: 'memory.weightBytes', bitWidths: [8, 4], budgets: [1, 1e9] };
    await api.updateProject({ designSpace: space, strategy });
    const preview = await api.previewDesign({ designSpace: space, strategy, seeds: 1 });
    expect(preview.valid).toBe(true);
    expect(preview.pointsExact).toBe(false);
    const summary = await runSweep({ projectPath: path, workers: 2, workerScript });
    const probes = summary.points.filter((p) => p.label.startsWith('sensitivity')).length;
    expect(probes).toBe(preview.points! - strategy.budgets.length);
    expect(summary.points.length).toBeLessThanOrEqual(preview.points!);
    expect(summary.total).toBe(preview.points);
  });

  it('estimates the run time from the measured points, scaled to the sample limit and the workers', async () => {
    const space: DesignSpaceInput = { ...SMALL_SPACE, axes: { weightBits: [2, 3, 4, 8], pruneRatio: [0, 0.5] } };
    const preview = await api.previewDesign({ designSpace: space, strategy: { kind: 'grid' }, seeds: 1 });
    expect(preview.points).toBe(8);
    expect(preview.cached).toBe(6);
    expect(preview.estimate.seconds).toBeGreaterThan(0);
    expect(preview.estimate.basis).toContain('2 points to evaluate');
    expect(preview.estimate.basis).toContain('÷ 2 workers');
    const twice = await api.previewDesign({ designSpace: space, strategy: { kind: 'grid' }, seeds: 1, sampleLimit: 2 * SAMPLE_LIMIT });
    // Twice the samples, and no point cached at that size: 8 points instead of 2, each twice as long.
    expect(twice.estimate.seconds! / preview.estimate.seconds!).toBeCloseTo(8, 6);
  });
});

describe('previewDesign reports problems by field', () => {
  it('names schema errors, unknown profiles and layers, and strategy limits', async () => {
    const api = makeApi('issues');
    const view = await openDemo(api);
    const fields = async (designSpace: unknown, strategy: unknown, seeds: unknown = 1) => {
      const p = await api.previewDesign({ designSpace, strategy, seeds });
      expect(p.valid).toBe(p.issues.length === 0);
      return p.issues.map((i) => i.field);
    };
    expect(await fields({ axes: { weightBits: [4, 4] } }, { kind: 'grid' })).toEqual(['designSpace.axes.weightBits[1]']);
    expect(await fields({}, { kind: 'random', samples: 0 })).toEqual(['strategy.samples']);
    expect(await fields({}, { kind: 'grid' }, 0)).toEqual(['seeds']);
    expect(await fields({ axes: { hardware: ['bit-serial', 'my-chip'] } }, { kind: 'grid' })).toEqual(['designSpace.axes.hardware[1]']);
    expect(await fields({ axes: { layers: { '/no/such/Conv': { weightBits: [2, 4] } } } }, { kind: 'grid' })).toEqual(['designSpace.axes.layers./no/such/Conv']);
    expect(await fields({ axes: { weightBits: [2, 4] } }, { kind: 'sensitivity', budgetMetric: 'memory.weightBytes', bitWidths: [8, 4], budgets: [1] })).toEqual(['designSpace.axes']);
    const huge = { axes: { weightBits: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], activationBits: [2, 3, 4, 5, 6, 7, 8, 9, 10, 12], pruneRatio: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], vdd: [0.6, 0.7, 0.8, 0.9], protectMsb: [0, 1, 2, 3], coding: ['none', 'huffman', 'rans'], storage: ['dense', 'csr', 'relative', 'auto'] } };
    expect(await fields(huge, { kind: 'grid' })).toEqual(['strategy.kind']);
    const sampled = await api.previewDesign({ designSpace: huge, strategy: { kind: 'random', samples: 50 }, seeds: 1 });
    expect(sampled).toMatchObject({ valid: true, gridPoints: 192_000, points: 50, cached: 0 });
    // A real layer of the model is accepted.
    expect(await fields({ axes: { layers: { '/fc/Gemm': { weightBits: [2, 4] } } } }, { kind: 'grid' })).toEqual([]);
    expect(view.name).toBe('fashion-mnist demo');
    await api.dispose();
  });
});

describe('updateProject', () => {
  it('saves the edit atomically in canonical form and publishes the re-opened project', async () => {
    const api = makeApi('save');
    const view = await openDemo(api);
    const events: ApiEvent[] = [];
    api.onEvent((e) => events.push(e));
    const saved = await api.updateProject({ designSpace: { ...view.designSpace, axes: { ...view.designSpace.axes, weightBits: [4, 8] } }, seeds: 3 });
    expect(saved.gridPoints).toBe(12);
    expect(saved.seeds).toBe(3);
    expect(events.filter((e) => e.kind === 'project')).toHaveLength(1);
    const text = await readFile(view.path, 'utf8');
    const loaded = await loadProject(view.path, { checkInputs: false });
    expect(text).toBe(projectFileText(loaded.project));
    expect(loaded.project.designSpace.axes.weightBits).toEqual([4, 8]);
    expect(loaded.project.split.test.limit).toBe(SAMPLE_LIMIT);
    // No temporary file is left beside it.
    expect((await readdir(dirname(view.path))).filter((f) => f.includes('.tmp'))).toEqual([]);

    // Invalid edits name the field and leave the file byte for byte as it was.
    const bad = await failure(api.updateProject({ strategy: { kind: 'lhs', samples: -1 } }));
    expect(bad.code).toBe('api-invalid-request');
    expect(bad.message).toContain('strategy.samples');
    const unknown = await failure(api.updateProject({ designSpace: { base: { hardware: 'my-chip' } } }));
    expect(unknown.code).toBe('project-edit-invalid');
    expect(unknown.message).toContain('designSpace.base.hardware');
    expect(unknown.message).toContain(view.path);
    expect(await readFile(view.path, 'utf8')).toBe(text);
    await api.dispose();
  });

  it('is refused while a sweep runs', async () => {
    const api = makeApi('during-sweep');
    const view = await openDemo(api);
    const before = await readFile(view.path, 'utf8');
    await api.startSweep({});
    const refused = await failure(api.updateProject({ seeds: 2 }));
    expect(refused.code).toBe('sweep-running');
    expect(refused.message).toContain('save changes to the project');
    await api.cancelSweep();
    await api.dispose();
    const after = JSON.parse(await readFile(view.path, 'utf8')) as { seeds: number };
    expect(after.seeds).toBe(JSON.parse(before).seeds);
  });

  it('embeds an edited hardware profile and validates it by field', async () => {
    const api = makeApi('hardware');
    await openDemo(api);
    const listed = await api.listHardwareProfiles();
    expect(listed.projectUses).toEqual(['bit-serial']);
    const builtin = listed.profiles.find((p) => p.id === 'bit-serial')!;
    expect(builtin).toMatchObject({ origin: 'built-in', usedByProject: true, overridesBuiltin: false });
    const edited = { ...builtin.profile, clockHz: { value: 250e6, source: 'assumption: a slower clock for this study' } };
    await api.updateProject({ hardware: { profiles: [{ id: 'bit-serial', embedded: edited }] } });
    const after = (await api.listHardwareProfiles()).profiles.find((p) => p.id === 'bit-serial')!;
    expect(after).toMatchObject({ origin: 'embedded', overridesBuiltin: true });
    expect(after.profile.clockHz.value).toBe(250e6);
    // assets/ is never written: the built-in stays as shipped.
    expect(loadHardwareProfile('bit-serial').clockHz.value).toBe(builtin.profile.clockHz.value);

    const noSource = { ...builtin.profile, clockHz: { value: 1e9, source: '' } };
    const e = await failure(api.updateProject({ hardware: { profiles: [{ id: 'bit-serial', embedded: noSource }] } }));
    expect(e.message).toContain('hardware.profiles[0].embedded.clockHz.source');
    const vmin = { ...builtin.profile, sramVoltage: { ...builtin.profile.sramVoltage!, vmin: { value: 2, source: 'a typo' } } };
    expect((await failure(api.updateProject({ hardware: { profiles: [{ id: 'bit-serial', embedded: vmin }] } }))).message).toContain('hardware.profiles[0].embedded.sramVoltage.vmin');
    await api.dispose();
  });
});

describe('listHardwareProfiles', () => {
  it('charts the BER curve with the fault model and the energies with the cost model', async () => {
    const api = makeApi('ber');
    await openDemo(api);
    const { profiles } = await api.listHardwareProfiles();
    expect(profiles.map((p) => p.id)).toEqual(['cortex-m7', 'eyeriss-int8', 'bit-serial', 'xnor-binary']);
    const bitSerial = profiles.find((p) => p.id === 'bit-serial')!;
    const profile = loadHardwareProfile('bit-serial');
    const ber = bitSerial.ber!;
    expect(ber.weightsOnScaledRail).toBe(true);
    expect(ber.points.length).toBeGreaterThan(50);
    for (const p of ber.points) {
      expect(p.ber).toBe(weightBitErrorRate(profile, p.vdd));
      expect(p.vdd).toBeCloseTo(p.v * profile.sramVoltage!.vmin.value, 12);
    }
    // The profile's probit is the default fit of the fault engine: the same curve.
    const sv = profile.sramVoltage!;
    if (sv.ber.kind === 'probit') for (const p of ber.points) expect(p.ber).toBeCloseTo(probitBer(p.v), 12);
    expect(ber.points.some((p) => p.extrapolated)).toBe(true);
    expect(ber.points.at(-1)!.ber).toBe(0);
    // No voltage model: no curve.
    expect(profiles.find((p) => p.id === 'cortex-m7')!.ber).toBeNull();
    // Bit Fusion: a 2×2-bit MAC costs one brick, an 8×8 one sixteen (plus the same accumulator add).
    const e = (bits: number | null) => bitSerial.macEnergy.find((r) => r.bits === bits)!.pj;
    const energy = profile.compute.energy;
    if (energy.model !== 'bit-bricks') throw new Error('bit-serial is a bit-bricks profile');
    expect(e(8) - e(2)).toBeCloseTo((16 - 1) * energy.brickPj.value, 9);
    expect(bitSerial.levels.map((l) => l.id)).toEqual(profile.memory.levels.map((l) => l.id));
    expect(bitSerial.levels.every((l) => l.source.length >= 3 && l.pjPerBit > 0)).toBe(true);
    await api.dispose();
  });
});
