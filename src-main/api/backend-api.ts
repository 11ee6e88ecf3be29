/**
 * EdgeFrontApi implemented on the services (project store, sweep orchestrator, model summary),
 * independent of any transport: browser mode's server and Electron's IPC both serve this object.
 * Every method validates its request against the contract's schema first, whoever calls it.
 * One project is open at a time and one sweep runs at a time, as in a desktop application.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiEvent, ApiEventListener } from '../../src-shared/api/api-events.js';
import type { AppInfo } from '../../src-shared/api/app-info.js';
import type { EdgeFrontApi } from '../../src-shared/api/edgefront-api.js';
import type { ModelSummaryView } from '../../src-shared/api/model-summary-view.js';
import { parseApiRequest } from '../../src-shared/api/parse-request.js';
import type { ProjectView } from '../../src-shared/api/project-view.js';
import type { OpenProjectRequest, StartSweepRequest } from '../../src-shared/api/requests.js';
import { idleSweepStatus, isSweepActive, type SweepStatus } from '../../src-shared/api/sweep-status.js';
import { UserError } from '../../src-shared/errors.js';
import { demoWorkingCopyPath, ensureDemoWorkingCopy } from '../services/project/demo-working-copy.js';
import { loadProject, saveProject } from '../services/project/project-store.js';
import { createExploreMethods } from './explore-api.js';
import { ExportedFiles, type ExportedFile } from './exported-files.js';
import { memoPromise } from './memo-promise.js';
import { modelSummaryOf } from './model-summary-of.js';
import { createReportMethods } from './report-api.js';
import { projectViewOf } from './project-view-of.js';
import { SweepSession } from './sweep-session.js';
import { RecentProjectsKeeper } from './recent-projects-keeper.js';
import { createStartMethods } from './start-api.js';
import { createModelAnalysisMethods } from './model-analysis-api.js';
import { createDesignMethods } from './design-api.js';
import { createHardwareMethods } from './hardware-api.js';
import { createSaveAsMethods } from './save-as-api.js';

export interface BackendApiOptions {
  readonly version: string;
  readonly transport: AppInfo['transport'];
  /** The bundled demo project (assets/examples/fashion-mnist.edgefront). */
  readonly demoExample: string;
  /** Folder of the demo's working copy. */
  readonly demoDir: string;
  /** Worker threads per sweep. */
  readonly workers: number;
  /** The worker entry (dist/worker.js); the services' default suits the bundled CLI. */
  readonly workerScript?: string;
  /** Folder of per-user state (the recent projects list); none = nothing is remembered. */
  readonly configDir?: string;
}

/** The API plus what its host needs to shut down cleanly. */
export interface BackendApi extends EdgeFrontApi {
  /** Cancels a running sweep (its finished points are saved) and waits for it to stop. */
  dispose(): Promise<void>;
  /** A report exportReport wrote, by its download id (browser mode's /download route), or null. */
  exportedFile(id: string): ExportedFile | null;
}

/**
 * What the methods of one area (src-main/api/<area>-api.ts) may use of the backend's state: the
 * open project, the sweep guard, the event stream. Each area builds its methods from this, so
 * the areas do not reach into each other.
 */
export interface BackendContext {
  readonly options: BackendApiOptions;
  /** Path of the demo's working copy. */
  readonly demoPath: string;
  /** The open project, or null. */
  currentProject(): ProjectView | null;
  /** The open project; a UserError naming `action` when none is open. */
  requireProject(action: string): ProjectView;
  /** Throws a UserError while a sweep runs ("… `what` once it has finished, or cancel it first"). */
  refuseWhileSweeping(what: string): void;
  /** Opens (or re-opens) the project file at an absolute path, makes it current and publishes it. */
  openProjectFile(path: string): Promise<ProjectView>;
  /** Reads the open project again after its file changed, and publishes it. */
  refreshProject(path: string): Promise<void>;
  publish(event: ApiEvent): void;
  /** The recent projects list; every opened project is remembered in it. */
  readonly recentProjects: RecentProjectsKeeper;
  /** Aborted when the backend shuts down: background work (an analysis on a worker pool) stops. */
  readonly disposing: AbortSignal;
  /** Reports exported from the GUI, which browser mode lets the page download. */
  readonly exportedFiles: ExportedFiles;
}

export function createBackendApi(options: BackendApiOptions): BackendApi {
  const listeners = new Set<ApiEventListener>();
  const publish = (event: ApiEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed connection) must not stop the others or the sweep.
      }
    }
  };
  const demoPath = demoWorkingCopyPath(options.demoExample, options.demoDir);
  let project: ProjectView | null = null;
  let session: SweepSession | null = null;
  /** The status of the last sweep once its session is gone, or of none. */
  let lastStatus: SweepStatus = idleSweepStatus();
  let revision = lastStatus.revision;
  const nextRevision = () => ++revision;
  const modelSummaries = new Map<string, Promise<ModelSummaryView>>();
  const recentProjects = new RecentProjectsKeeper(options.configDir);
  const disposal = new AbortController();

  const sweepStatus = (): SweepStatus => session?.status ?? lastStatus;

  const refuseWhileSweeping = (what: string) => {
    if (session && isSweepActive(session.status.phase)) {
      throw new UserError('sweep-running', `A sweep of ${session.projectPath} is running; ${what} once it has finished, or cancel it first.`, { project: session.projectPath });
    }
  };

  const open = async (path: string): Promise<ProjectView> => {
    refuseWhileSweeping('open another project');
    const view = await projectViewOf(await loadProject(path), demoPath);
    project = view;
    // Opening (again) is how a user says "look at the files as they are now".
    modelSummaries.clear();
    if (session && !isSweepActive(session.status.phase)) {
      lastStatus = session.status;
      session = null;
    }
    publish({ kind: 'project', project: view });
    // The one place every opening passes (demo, path, new project, Save As): the Recent list.
    await recentProjects.remember(view.path, view.name);
    return view;
  };

  const requireProject = (action: string): ProjectView => {
    if (project === null) throw new UserError('no-project', `Open a project (or the demo) before you ${action}.`);
    return project;
  };

  const requireSession = (action: string): SweepSession => {
    if (!session || !isSweepActive(session.status.phase)) throw new UserError('sweep-not-running', `No sweep is running, so there is nothing to ${action}.`);
    return session;
  };

  const notNow = (s: SweepSession, what: string) =>
    new UserError('sweep-phase', `The sweep is ${s.status.phase}; it can be ${what} only while it runs.`, { phase: s.status.phase });

  /** Saves the test-sample limit into the project (results are reused only at the same test size). */
  const setTestLimit = async (path: string, limit: number | null): Promise<void> => {
    const loaded = await loadProject(path, { checkInputs: false });
    const current = loaded.project.split.test.limit ?? null;
    if (current === limit) return;
    await saveProject(path, { ...loaded.project, split: { ...loaded.project.split, test: limit === null ? {} : { limit } } });
  };

  /** Reads the project again after its results changed, unless another one was opened meanwhile. */
  const refreshProject = async (path: string) => {
    try {
      const view = await projectViewOf(await loadProject(path), demoPath);
      if (project?.path !== path) return;
      project = view;
      publish({ kind: 'project', project });
    } catch {
      // The file vanished or broke after the sweep; the next open reports why.
    }
  };

  const context: BackendContext = {
    options,
    demoPath,
    currentProject: () => project,
    requireProject,
    refuseWhileSweeping,
    openProjectFile: open,
    refreshProject,
    publish,
    recentProjects,
    disposing: disposal.signal,
    exportedFiles: new ExportedFiles(),
  };

  return {
    ...createExploreMethods(context),
    ...createReportMethods(context),
    exportedFile: (id: string) => context.exportedFiles.get(id),
    ...createDesignMethods(context),
    ...createHardwareMethods(context),
    ...createStartMethods(context),
    ...createModelAnalysisMethods(context),
    ...createSaveAsMethods(context),
    async getAppInfo(request?: unknown) {
      parseApiRequest('getAppInfo', request);
      return { version: options.version, transport: options.transport, demoAvailable: existsSync(options.demoExample), demoPath, workers: options.workers };
    },

    async openDemo(request?: unknown) {
      parseApiRequest('openDemo', request);
      refuseWhileSweeping('open the demo');
      if (!existsSync(options.demoExample)) {
        throw new UserError('demo-missing', `The bundled demo project ${options.demoExample} is missing from this installation; reinstall EdgeFront, or open a project of your own.`, {
          file: options.demoExample,
        });
      }
      return open(await ensureDemoWorkingCopy(options.demoExample, options.demoDir));
    },

    async openProject(request: OpenProjectRequest) {
      const { path } = parseApiRequest('openProject', request);
      return open(resolve(path));
    },

    async getProject(request?: unknown) {
      parseApiRequest('getProject', request);
      return project;
    },

    async getModelSummary(request?: unknown) {
      parseApiRequest('getModelSummary', request);
      const { modelPath } = requireProject('look at its model');
      return memoPromise(modelSummaries, modelPath, () => modelSummaryOf(modelPath));
    },

    async startSweep(request: StartSweepRequest) {
      const { sampleLimit, resume } = parseApiRequest('startSweep', request);
      const { path } = requireProject('start a sweep');
      refuseWhileSweeping('start another');
      if (sampleLimit !== undefined) {
        await setTestLimit(path, sampleLimit);
        await refreshProject(path);
      }
      const previous = sweepStatus();
      const started = new SweepSession({ projectPath: path, workers: options.workers, resume: resume ?? false, workerScript: options.workerScript, publish, nextRevision });
      session = started;
      void started.finished.then((summary) => {
        if (summary) void refreshProject(path);
      });
      try {
        await started.started;
      } catch (err) {
        // It never ran: the Run view goes back to what it showed, and the caller gets the reason.
        if (session === started) session = null;
        lastStatus = { ...previous, revision: nextRevision() };
        publish({ kind: 'sweep-status', status: lastStatus });
        throw err;
      }
      return started.status;
    },

    async pauseSweep(request?: unknown) {
      parseApiRequest('pauseSweep', request);
      const s = requireSession('pause');
      if (s.status.phase === 'running') s.pause();
      else if (s.status.phase !== 'paused') throw notNow(s, 'paused');
      return s.status;
    },

    async resumeSweep(request?: unknown) {
      parseApiRequest('resumeSweep', request);
      const s = requireSession('resume');
      if (s.status.phase === 'paused') s.resume();
      else if (s.status.phase !== 'running') throw notNow(s, 'resumed');
      return s.status;
    },

    async cancelSweep(request?: unknown) {
      parseApiRequest('cancelSweep', request);
      const s = requireSession('cancel');
      s.cancel();
      return s.status;
    },

    async getSweepStatus(request?: unknown) {
      parseApiRequest('getSweepStatus', request);
      return sweepStatus();
    },

    onEvent(listener: ApiEventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async dispose() {
      disposal.abort();
      const s = session;
      if (s && isSweepActive(s.status.phase)) s.cancel();
      if (s) await s.finished;
      listeners.clear();
    },
  };
}
