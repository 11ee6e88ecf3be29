/**
 * The demo's working copy: the bundled example project (assets/examples/*.edgefront, whose paths
 * point into assets/) saved into a folder of the user's with its paths rewritten, so sweeping it
 * writes results there and never into the installation. An existing copy is kept as it is, results
 * and all, so opening the demo again continues where it stopped.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { loadProject, saveProject } from './project-store.js';
import { relocateProject } from './relocate-project.js';

/** Where the working copy of `example` lives inside `dir`. */
export function demoWorkingCopyPath(example: string, dir: string): string {
  return join(resolve(dir), basename(example));
}

/** Creates the working copy unless it exists; returns its path. */
export async function ensureDemoWorkingCopy(example: string, dir: string): Promise<string> {
  const projectPath = demoWorkingCopyPath(example, dir);
  if (existsSync(projectPath)) return projectPath;
  const source = await loadProject(example, { checkInputs: false });
  await mkdir(resolve(dir), { recursive: true });
  await saveProject(projectPath, relocateProject(source.project, source.dir, resolve(dir)));
  return projectPath;
}
