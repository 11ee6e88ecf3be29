/**
 * What a design-space draft would sweep, answered before anything runs: the points its strategy
 * evaluates (enumerated or drawn with the sweep's own code, src-main/services/sweep/), how many of
 * them the project already holds (same point key and the same reuse rule as the orchestrator), the
 * problems of the draft by field, and an estimated run time from the project's own measurements.
 *
 * Exactness: grid, random and Latin-hypercube points are the very points the sweep runs. NSGA-II
 * never asks a point twice and tops every generation up to its population, so it evaluates exactly
 * min(population × (generations + 1), grid) points; only its first generation is known in advance,
 * so "cached" counts that generation. Sensitivity evaluates a reference, one probe per weight layer
 * and narrower width, then one allocation per budget — at most that many, since a budget below the
 * narrowest allocation is skipped and two budgets can share an allocation.
 */
import type { DesignPreview, FieldIssueView } from '../../src-shared/api/project-edit.js';
import { designSpaceSize, type DesignSpace } from '../../src-shared/design-space.js';
import { EdgeFrontError } from '../../src-shared/errors.js';
import { issuesOf, projectFileSchema, type ProjectFile, type ProjectResult } from '../../src-shared/project-file.js';
import type { EvalResult } from '../../src-shared/eval-result.js';
import { BUILTIN_PROFILE_IDS } from '../../workers/cost/profiles.js';
import { pointKey } from '../services/project/point-key.js';
import { pointAt, sweepAxes, type DesignPoint, type SweepAxis } from '../services/sweep/design-points.js';
import { isCompleteResult, MAX_GRID_POINTS, NSGA_SENSES } from '../services/sweep/orchestrator.js';
import { sensitivityProbes, sensitivityReference, sensitivityWidths } from '../services/sweep/sensitivity.js';
import { createNsga2, gridCandidates, gridSize, latinHypercube, randomCandidates, type Candidate } from '../services/sweep/strategies/index.js';

export interface DesignDraft {
  readonly designSpace: unknown;
  readonly strategy: unknown;
  readonly seeds: unknown;
}

export interface PreviewSources {
  /** Worker threads a sweep runs on. */
  readonly workers: number;
  /** Names of the model's weight layers (Conv/Gemm/MatMul with constant weights), in model order. */
  readonly weightLayers: () => Promise<readonly string[]>;
  /** Samples of the whole test set; asked only when no sample limit applies. */
  readonly datasetCount: () => Promise<number>;
}

const invalid = (issues: FieldIssueView[]): DesignPreview => ({
  valid: false,
  issues,
  gridPoints: null,
  points: null,
  pointsExact: false,
  pointsNote: null,
  cached: null,
  testSamples: null,
  estimate: { seconds: null, basis: 'No estimate: fix the fields marked first.' },
});

/**
 * Problems the project schema cannot see: profile ids, layer names, strategy-specific limits.
 * The model's layers are read only when the space has per-layer axes.
 */
export async function semanticIssues(project: ProjectFile, weightLayers: () => Promise<readonly string[]>): Promise<FieldIssueView[]> {
  const issues: FieldIssueView[] = [];
  const space = project.designSpace;
  const known = new Set<string>([...BUILTIN_PROFILE_IDS, ...project.hardware.profiles.filter((p) => p.embedded).map((p) => p.id)]);
  const unknownProfile = (id: string) => `"${id}" is neither a profile embedded in this project nor a built-in (${[...known].join(', ')})`;
  if (space.base.hardware !== undefined && !known.has(space.base.hardware)) issues.push({ field: 'designSpace.base.hardware', message: unknownProfile(space.base.hardware) });
  (space.axes.hardware ?? []).forEach((id, i) => {
    if (!known.has(id)) issues.push({ field: `designSpace.axes.hardware[${i}]`, message: unknownProfile(id) });
  });
  const layerNames = Object.keys(space.axes.layers);
  const layers = layerNames.length > 0 ? await weightLayers() : [];
  for (const layer of layerNames) {
    if (!layers.includes(layer)) issues.push({ field: `designSpace.axes.layers.${layer}`, message: `"${layer}" is not a weight layer of the model (see the Model view)` });
  }
  const axes = sweepAxes(space);
  if (project.strategy.kind === 'sensitivity' && axes.length > 0) {
    issues.push({
      field: 'designSpace.axes',
      message: `the sensitivity strategy chooses per-layer weight bits itself from the base settings; remove the axes (${axes.map((a) => a.name).join(', ')}) or pick another strategy`,
    });
  }
  if (project.strategy.kind === 'grid' && designSpaceSize(space) > MAX_GRID_POINTS) {
    issues.push({
      field: 'strategy.kind',
      message: `the grid has ${designSpaceSize(space).toLocaleString('en-US')} points; a full grid is limited to ${MAX_GRID_POINTS.toLocaleString('en-US')}: sample it with random, lhs or nsga2`,
    });
  }
  return issues;
}

interface PlannedPoints {
  readonly count: number;
  readonly exact: boolean;
  readonly note: string | null;
  /** The points known before anything runs (all of them, or a first part), checked against the cache; null when too many to check. */
  readonly known: readonly DesignPoint[] | null;
}

/**
 * Most points whose keys a preview computes (about 25 µs each): a preview runs on every pause in
 * typing, and beyond this the cached count would hold up the backend for seconds.
 */
export const PREVIEW_POINT_LIMIT = 20_000;

function candidatesToPoints(space: DesignSpace, axes: readonly SweepAxis[], candidates: Iterable<Candidate>, seeds: number): DesignPoint[] {
  const points: DesignPoint[] = [];
  for (const c of candidates) points.push(pointAt(space, axes, c, seeds));
  return points;
}

async function plannedPoints(project: ProjectFile, sources: PreviewSources): Promise<PlannedPoints> {
  const space = project.designSpace;
  const axes = sweepAxes(space);
  const strategy = project.strategy;
  const seeds = project.seeds;
  switch (strategy.kind) {
    case 'grid': {
      const count = gridSize(axes);
      const known = count <= PREVIEW_POINT_LIMIT ? candidatesToPoints(space, axes, gridCandidates(axes), seeds) : null;
      return { count, exact: true, note: 'every point of the grid', known };
    }
    case 'random': {
      // Without replacement: all distinct, every point when the grid is smaller (strategies/random.ts).
      const count = Math.min(strategy.samples, gridSize(axes));
      const known = count <= PREVIEW_POINT_LIMIT ? candidatesToPoints(space, axes, randomCandidates(axes, strategy.samples, strategy.seed), seeds) : null;
      const note = count < strategy.samples ? `the grid has only ${count} points, so all of them` : `${count} distinct points drawn with seed ${strategy.seed}`;
      return { count, exact: true, note, known };
    }
    case 'lhs': {
      const candidates = latinHypercube(axes, strategy.samples, strategy.seed);
      const known = candidates.length <= PREVIEW_POINT_LIMIT ? candidatesToPoints(space, axes, candidates, seeds) : null;
      const repeats = strategy.samples - candidates.length;
      const note = repeats > 0 ? `${strategy.samples} samples, of which ${repeats} repeat a point` : `${candidates.length} points covering every axis evenly`;
      return { count: candidates.length, exact: true, note, known };
    }
    case 'nsga2': {
      const count = Math.min(strategy.populationSize * (strategy.generations + 1), gridSize(axes));
      const first = createNsga2({ axes, objectives: [...NSGA_SENSES], populationSize: strategy.populationSize, seed: strategy.seed }).ask();
      const note = `${strategy.generations + 1} generations of ${strategy.populationSize}${count < strategy.populationSize * (strategy.generations + 1) ? ', capped at the grid size' : ''}; cached counts the first generation (the later ones depend on results)`;
      return { count, exact: true, note, known: candidatesToPoints(space, axes, first, seeds) };
    }
    case 'sensitivity': {
      const layers = await sources.weightLayers();
      const widths = sensitivityWidths(strategy.bitWidths);
      const base = pointAt(space, [], [], seeds);
      const known = [sensitivityReference(base, widths), ...sensitivityProbes(base, widths, layers).map((p) => p.point)];
      const probes = known.length - 1;
      return {
        count: known.length + strategy.budgets.length,
        exact: false,
        note: `1 reference + ${probes} layer probes (${layers.length} weight layers × ${widths.length - 1} narrower widths) + at most ${strategy.budgets.length} budget allocations`,
        known,
      };
    }
  }
}

/**
 * The orchestrator's reuse rule: computed on the current inputs (not stale), on the whole test-set
 * size (an early-stopped result only under early stop).
 */
function reusableResults(project: ProjectFile, stale: ReadonlySet<string>, testCount: number): Set<string> {
  const complete = (m: EvalResult) => isCompleteResult(m, testCount, project.evaluation.earlyStop);
  return new Set(project.results.filter((r) => !stale.has(r.key) && complete(r.metrics as unknown as EvalResult)).map((r) => r.key));
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Seconds per point scaled to `testCount` samples: the median over the project's measured, current results. */
function measuredSecondsPerPoint(results: readonly ProjectResult[], current: (r: ProjectResult) => boolean, testCount: number): { seconds: number; measured: number } | null {
  const perPoint = results
    .filter(current)
    .map((r) => r.metrics as unknown as Partial<EvalResult>)
    .filter((m) => typeof m.samples === 'number' && m.samples > 0 && typeof m.timing?.seconds === 'number' && m.timing.seconds > 0)
    .map((m) => (m.timing!.seconds * testCount) / m.samples!);
  return perPoint.length === 0 ? null : { seconds: median(perPoint), measured: perPoint.length };
}

/**
 * `saved` is the project as saved; `stale` the keys of its results computed on other versions of
 * its inputs (the open project's view knows them, so a preview does not rehash the inputs).
 */
export async function previewDesign(saved: ProjectFile, stale: ReadonlySet<string>, draft: DesignDraft, sampleLimit: number | null | undefined, sources: PreviewSources): Promise<DesignPreview> {
  const parsed = projectFileSchema.safeParse({ ...saved, designSpace: draft.designSpace, strategy: draft.strategy, seeds: draft.seeds });
  if (!parsed.success) return invalid(issuesOf(parsed.error));
  const project = parsed.data;
  const semantic = await semanticIssues(project, sources.weightLayers);
  if (semantic.length > 0) return invalid(semantic);

  let planned: PlannedPoints;
  try {
    planned = await plannedPoints(project, sources);
  } catch (err) {
    // A combination of base and axis values that yields an invalid point (pointAt says which).
    if (err instanceof EdgeFrontError) return invalid([{ field: 'designSpace', message: err.message }]);
    throw err;
  }
  const limit = sampleLimit === undefined ? (project.split.test.limit ?? null) : sampleLimit;
  // A limit above the dataset's size counts as the limit: reading the dataset only for that case is not worth it.
  let testCount: number;
  try {
    testCount = limit ?? (await sources.datasetCount());
  } catch (err) {
    if (!(err instanceof EdgeFrontError)) throw err;
    return { ...counted(project, planned, null, null), estimate: { seconds: null, basis: `No estimate: the test set could not be read (${err.message})` } };
  }
  const reusable = reusableResults(saved, stale, testCount);
  const cached = planned.known === null ? null : reusable.size === 0 ? 0 : planned.known.filter((p) => reusable.has(pointKey(p.config, p.target))).length;
  const toRun = planned.count - (cached ?? 0);
  const workers = Math.max(1, Math.floor(sources.workers));
  const measured = measuredSecondsPerPoint(saved.results, (r) => !stale.has(r.key), testCount);
  const estimate =
    toRun === 0
      ? { seconds: 0, basis: 'Every point is already in the project: the sweep only collects them.' }
      : measured === null
        ? { seconds: null, basis: 'No measurement yet: the estimate appears once the project holds an evaluated point (run a few with a small sample limit).' }
        : {
            seconds: (measured.seconds * toRun) / workers,
            basis: `${toRun} point${toRun === 1 ? '' : 's'} to evaluate × ${measured.seconds.toPrecision(3)} s each (median of ${measured.measured} measured point${measured.measured === 1 ? '' : 's'}, scaled to ${testCount} samples) ÷ ${workers} worker${workers === 1 ? '' : 's'}`,
          };
  return { ...counted(project, planned, cached, testCount), estimate };
}

function counted(project: ProjectFile, planned: PlannedPoints, cached: number | null, testSamples: number | null): Omit<DesignPreview, 'estimate'> {
  return {
    valid: true,
    issues: [],
    gridPoints: designSpaceSize(project.designSpace),
    points: planned.count,
    pointsExact: planned.exact,
    pointsNote: planned.note,
    cached,
    testSamples,
  };
}
