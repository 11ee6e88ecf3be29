/** The renderer's ProjectView of a loaded project (src-shared/api/project-view.ts). */
import { resolve } from 'node:path';
import type { PointMetrics, ProjectView, ResultView } from '../../src-shared/api/project-view.js';
import { designSpaceSize } from '../../src-shared/design-space.js';
import type { ProjectResult } from '../../src-shared/project-file.js';
import { describeInputsReport, type LoadedProject } from '../services/project/project-store.js';
import { pointLabel } from '../services/report/format.js';
import { pointFigures } from '../services/report/point-metrics.js';
import { readResultsLog, resultsLogPath } from '../services/sweep/results-log.js';

/** The headline figures of a stored result, read defensively (a missing figure is null). */
export function pointMetricsOf(result: ProjectResult): PointMetrics {
  const f = pointFigures(result.metrics, result.target.vdd);
  return {
    accuracy: f.accuracy,
    accuracyCI95: f.ciLo !== null && f.ciHi !== null ? [f.ciLo, f.ciHi] : null,
    samples: f.samples,
    weightBytes: f.weightBytes,
    bitsPerParam: f.bitsPerParam,
    activationPeakBytes: f.activationPeakBytes,
    energyJoules: f.energyJoules,
    latencyCycles: f.latencyCycles,
  };
}

/**
 * `loaded` must have been loaded with its inputs checked (the default of loadProject): the view
 * reports missing and changed inputs and stale results. `demoPath` is the demo's working copy.
 */
export async function projectViewOf(loaded: LoadedProject, demoPath: string | null): Promise<ProjectView> {
  const { project, path, dir } = loaded;
  const report = loaded.staleness;
  const stale = new Set(report?.staleResults.map((s) => s.key) ?? []);
  const missingInputs = report?.problems.filter((p) => p.kind === 'missing').map((p) => p.message) ?? [];
  const notices = report ? describeInputsReport(report, project.results.length).filter((line) => !missingInputs.includes(line)) : [];
  if (loaded.migratedFrom !== null) notices.unshift(`The project was written by an older EdgeFront (format version ${loaded.migratedFrom}); it is shown migrated and is saved in the current format.`);
  const log = await readResultsLog(resultsLogPath(path));
  const results: ResultView[] = project.results.map((r) => ({
    key: r.key,
    label: pointLabel(r.config, r.target),
    stale: stale.has(r.key),
    evaluatedAt: r.evaluatedAt,
    config: r.config,
    target: r.target,
    metrics: pointMetricsOf(r),
  }));
  return {
    path,
    name: project.name,
    description: project.description ?? null,
    isDemo: demoPath !== null && resolve(demoPath) === path,
    modelPath: resolve(dir, project.model.path),
    datasetPath: resolve(dir, project.dataset.path),
    testLimit: project.split.test.limit ?? null,
    designSpace: project.designSpace,
    gridPoints: designSpaceSize(project.designSpace),
    strategy: project.strategy,
    seeds: project.seeds,
    results,
    notices,
    missingInputs,
    interruptedPoints: log.entries.length,
  };
}
