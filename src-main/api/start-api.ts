/** The Start view's API: the recent projects list and a new project from a model and a dataset. */
import { parseApiRequest } from '../../src-shared/api/parse-request.js';
import type { ProjectView } from '../../src-shared/api/project-view.js';
import type { CreateNewProjectRequest, ForgetRecentProjectRequest, RecentProjects } from '../../src-shared/api/start-requests.js';
import { createNewProjectFile } from '../services/project/new-project.js';
import type { BackendContext } from './backend-api.js';

export function createStartMethods(context: BackendContext) {
  return {
    async listRecentProjects(request?: unknown): Promise<RecentProjects> {
      parseApiRequest('listRecentProjects', request);
      return context.recentProjects.list();
    },

    async forgetRecentProject(request: ForgetRecentProjectRequest): Promise<RecentProjects> {
      const { path } = parseApiRequest('forgetRecentProject', request);
      return context.recentProjects.forget(path);
    },

    async createNewProject(request: CreateNewProjectRequest): Promise<ProjectView> {
      const r = parseApiRequest('createNewProject', request);
      context.refuseWhileSweeping('create a new project');
      const path = await createNewProjectFile(r);
      return context.openProjectFile(path);
    },
  };
}
