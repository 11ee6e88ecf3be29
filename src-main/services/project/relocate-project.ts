/**
 * Saves a project under another path with its input paths rewritten to point at the same files
 * from the new folder ("Save As" into another folder, or the demo's working copy). The inputs are
 * not copied; `pack` is the tool for moving a project together with its files.
 */
import { dirname, resolve } from 'node:path';
import type { FileRef, ProjectFile } from '../../../src-shared/project-file.js';
import { projectRelativePath } from './create-project.js';
import { loadProject, saveProject } from './project-store.js';

export function relocateProject(project: ProjectFile, fromDir: string, toDir: string): ProjectFile {
  const move = (path: string) => projectRelativePath(toDir, resolve(fromDir, path));
  const ref = <T extends FileRef>(r: T): T => ({ ...r, path: move(r.path) });
  const calibration = project.split.calibration;
  return {
    ...project,
    model: ref(project.model),
    dataset: { ...ref(project.dataset), labels: project.dataset.labels ? ref(project.dataset.labels) : undefined },
    split: {
      ...project.split,
      calibration: 'path' in calibration ? { ...ref(calibration), labels: calibration.labels ? ref(calibration.labels) : undefined } : calibration,
    },
  };
}

/** Loads `from`, rewrites its paths for the folder of `to` and saves it there. */
export async function saveProjectAs(from: string, to: string): Promise<ProjectFile> {
  const loaded = await loadProject(from, { checkInputs: false });
  return saveProject(to, relocateProject(loaded.project, loaded.dir, dirname(resolve(to))));
}
