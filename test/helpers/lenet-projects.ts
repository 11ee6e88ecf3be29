/**
 * The small real projects the sweep tests run: the demo LeNet-5 on the Fashion-MNIST test split
 * (weights only unless asked, so no calibration), saved under a test's temp folder, plus the
 * built worker script the orchestrator runs them on and the accuracy-vs-memory front they compare.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalResult } from '../../src-shared/eval-result.js';
import { paretoFront } from '../../src-shared/pareto/index.js';
import { createProject, saveProject, type CreateProjectOptions } from '../../src-main/services/project/project-store.js';
import { metricsOf, type SweepSummary } from '../../src-main/services/sweep/orchestrator.js';
import { datasetPath, modelPath } from './demo-assets.js';

/** dist/worker.js, built by `npm test`'s pretest. */
export const workerScript = fileURLToPath(new URL('../../dist/worker.js', import.meta.url));

/** Saves `dir/name.edgefront` over LeNet-5 and the Fashion-MNIST test split; returns its path. */
export async function saveLenetProject(
  dir: string,
  name: string,
  options: Pick<CreateProjectOptions, 'testLimit' | 'designSpace' | 'strategy' | 'evaluation'>,
): Promise<string> {
  const projectPath = join(dir, `${name}.edgefront`);
  await saveProject(
    projectPath,
    await createProject({ projectPath, modelPath: modelPath('fmnist-lenet5.onnx'), datasetPath: datasetPath('fashion-mnist', 'test'), ...options }),
  );
  return projectPath;
}

export interface SummaryRow {
  readonly key: string;
  readonly m: EvalResult;
}

/** Every point of a finished sweep with its metrics. */
export const summaryRows = (s: SweepSummary): SummaryRow[] => s.points.map((p) => ({ key: p.key, m: metricsOf(p.result!) }));

/** The rows on the accuracy-vs-weight-memory front. */
export function accuracyMemoryFront(rows: readonly SummaryRow[]): SummaryRow[] {
  return paretoFront(
    rows.map((r) => ({ a: r.m.accuracy, b: r.m.memory.weightBytes })),
    [
      { key: 'a', sense: 'max' },
      { key: 'b', sense: 'min' },
    ],
  ).map((i) => rows[i]);
}
