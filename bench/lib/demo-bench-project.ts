/**
 * The demo project (assets/examples/fashion-mnist.edgefront) rewritten for a benchmark: absolute
 * input paths, fake-quant mode, optionally fewer test samples, no early stop or subset, no saved
 * results, with any further changes a benchmark asks for (another strategy, other base settings).
 */
import { dirname, join, resolve } from 'node:path';
import type { ProjectFile } from '../../src-shared/project-file.js';
import { loadProject, saveProject } from '../../src-main/services/project/project-store.js';

export async function writeDemoBenchProject(
  demoPath: string,
  dir: string,
  name: string,
  limit: number | null,
  change: (project: ProjectFile) => ProjectFile = (p) => p,
): Promise<string> {
  const demo = (await loadProject(demoPath, { checkInputs: false })).project;
  const base = dirname(demoPath);
  const abs = <T extends { path: string }>(ref: T): T => ({ ...ref, path: resolve(base, ref.path) });
  const calibration = demo.split.calibration;
  const project: ProjectFile = {
    ...demo,
    name: `${name} (fake mode)`,
    model: abs(demo.model),
    dataset: { ...abs(demo.dataset), labels: demo.dataset.labels ? abs(demo.dataset.labels) : undefined },
    split: {
      ...demo.split,
      test: limit === null ? {} : { limit },
      calibration: 'path' in calibration ? { ...abs(calibration), labels: calibration.labels ? abs(calibration.labels) : undefined } : calibration,
    },
    designSpace: { ...demo.designSpace, base: { ...demo.designSpace.base, mode: 'fake' } },
    // A naive sweep: every point over the whole test split, no early stop, no subset.
    evaluation: { earlyStop: false },
    results: [],
  };
  const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.edgefront`);
  await saveProject(path, change(project));
  return path;
}
