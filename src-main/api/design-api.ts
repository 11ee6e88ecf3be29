/**
 * The Design space view's API: previewing a draft (design-preview.ts) and saving edits of the
 * design space, strategy, seeds and hardware profiles into the open project. A save validates the
 * whole project, writes it atomically (saveProject) and re-opens it, so every view sees the saved
 * file; it is refused while a sweep runs, since the sweep rewrites the file when it ends.
 */
import { parseApiRequest } from '../../src-shared/api/parse-request.js';
import { isWeightLayer, type PreviewDesignRequest, type UpdateProjectRequest } from '../../src-shared/api/project-edit.js';
import type { ProjectView } from '../../src-shared/api/project-view.js';
import { UserError } from '../../src-shared/errors.js';
import { parseProjectFile } from '../../src-shared/project-file.js';
import { loadDataset } from '../../workers/data/dataset.js';
import { loadProject, saveProject, type LoadedProject } from '../services/project/project-store.js';
import { contextRequestOf } from '../services/sweep/project-evaluation.js';
import type { BackendContext } from './backend-api.js';
import { memoPromise } from './memo-promise.js';
import { previewDesign, semanticIssues } from './design-preview.js';
import { modelSummaryOf } from './model-summary-of.js';

export function createDesignMethods(context: BackendContext) {
  // Read once per opening of the project (each open or refresh makes a new view object, and
  // opening again is how a user says "read the files as they are now"): a preview runs on every
  // pause in typing.
  const weightLayerCache = new WeakMap<ProjectView, Promise<readonly string[]>>();
  const datasetCountCache = new WeakMap<ProjectView, Promise<number>>();

  const remember = <T>(cache: WeakMap<ProjectView, Promise<T>>, view: ProjectView, read: () => Promise<T>) => (): Promise<T> => memoPromise(cache, view, read);

  const weightLayers = (view: ProjectView) =>
    remember(weightLayerCache, view, async () => {
      const summary = await modelSummaryOf(view.modelPath);
      return summary.layers.filter(isWeightLayer).map((l) => l.name);
    });

  const datasetCount = (view: ProjectView, loaded: LoadedProject) =>
    remember(datasetCountCache, view, async () => {
      const { data } = contextRequestOf(loaded.project, loaded.dir);
      return (await loadDataset({ ...data, limit: undefined })).count;
    });

  return {
    async previewDesign(request: PreviewDesignRequest) {
      const { designSpace, strategy, seeds, sampleLimit } = parseApiRequest('previewDesign', request);
      const view = context.requireProject('preview its design space');
      const loaded = await loadProject(view.path, { checkInputs: false });
      const stale = new Set(view.results.filter((r) => r.stale).map((r) => r.key));
      return previewDesign(loaded.project, stale, { designSpace, strategy, seeds }, sampleLimit, {
        workers: context.options.workers,
        weightLayers: weightLayers(view),
        datasetCount: datasetCount(view, loaded),
      });
    },

    async updateProject(request: UpdateProjectRequest) {
      const edit = parseApiRequest('updateProject', request);
      const view = context.requireProject('save changes to it');
      const { path } = view;
      context.refuseWhileSweeping('save changes to the project');
      const loaded = await loadProject(path, { checkInputs: false });
      const parts = Object.fromEntries(Object.entries(edit).filter(([, v]) => v !== undefined));
      const next = parseProjectFile({ ...loaded.project, ...parts }, path);
      const issues = await semanticIssues(next, weightLayers(view));
      if (issues.length > 0) {
        throw new UserError(
          'project-edit-invalid',
          `The changes to ${path} were not saved: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}. Correct these fields and save again.`,
          { file: path, field: issues[0].field, issues },
        );
      }
      await saveProject(path, next);
      return context.openProjectFile(path);
    },
  };
}
