/**
 * File → Save As: the open project copied to a new path with its input paths rebased for the new
 * folder (relocateProject; the model and data stay where they are) and written atomically, then
 * opened in place of the original, as in any desktop application.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseApiRequest } from '../../src-shared/api/parse-request.js';
import type { ProjectView } from '../../src-shared/api/project-view.js';
import { UserError } from '../../src-shared/errors.js';
import { saveProjectAs } from '../services/project/relocate-project.js';
import type { BackendContext } from './backend-api.js';

/** What is at `path` now: nothing, a file or something else (a folder, a device). */
async function entryAt(path: string): Promise<'none' | 'file' | 'other'> {
  try {
    return (await stat(path)).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

export function createSaveAsMethods(context: BackendContext) {
  return {
    async saveProjectAs(request: unknown): Promise<ProjectView> {
      const { path, overwrite } = parseApiRequest('saveProjectAs', request);
      const current = context.requireProject('save a copy of it');
      // A running sweep rewrites the project file when it ends; a copy taken now would miss its points.
      context.refuseWhileSweeping('save a copy of the project');
      const target = resolve(path);
      if (target !== current.path) {
        const existing = await entryAt(target);
        if (existing === 'other') {
          throw new UserError('save-as-target', `${target} exists and is not a file (a folder?). Choose a file name ending in .edgefront.`, { file: target });
        }
        if (existing === 'file' && overwrite !== true) {
          throw new UserError('file-exists', `${target} already exists. Choose another name, or confirm that it should be replaced.`, { file: target });
        }
      }
      await saveProjectAs(current.path, target);
      return context.openProjectFile(target);
    },
  };
}
