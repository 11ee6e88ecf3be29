/**
 * The one typed API between the renderer and the backend. The renderer uses only this interface;
 * the browser-mode client (WebSocket) implements it in the renderer, Electron's preload will
 * implement it over IPC, and src-main/api implements it on the services. `API_METHODS` lists each
 * method with the runtime schemas of its request and response, so every transport validates the
 * same way and a method cannot be added to one side only.
 */
import { z } from 'zod';
import { appInfoSchema, type AppInfo } from './app-info.js';
import type { ApiEventListener } from './api-events.js';
import { modelSummaryViewSchema, type ModelSummaryView } from './model-summary-view.js';
import { projectViewSchema, type ProjectView } from './project-view.js';
import { emptyRequestSchema, openProjectRequestSchema, startSweepRequestSchema, type OpenProjectRequest, type StartSweepRequest } from './requests.js';
import { sweepStatusSchema, type SweepStatus } from './sweep-status.js';
import { hardwareProfilesViewSchema, type HardwareProfilesView } from './hardware-view.js';
import { pointDetailsRequestSchema, pointDetailsSchema, type PointDetails, type PointDetailsRequest } from './point-details.js';
import { exportReportRequestSchema, exportedReportSchema, type ExportReportRequest, type ExportedReport } from './report-export.js';
import { saveProjectAsRequestSchema, type SaveProjectAsRequest } from './save-as.js';
import { createNewProjectRequestSchema, forgetRecentProjectRequestSchema, recentProjectsSchema, type CreateNewProjectRequest, type ForgetRecentProjectRequest, type RecentProjects } from './start-requests.js';
import {
  floatAccuracyRequestSchema,
  floatAccuracySchema,
  measureSensitivityRequestSchema,
  sensitivityMeasurementSchema,
  sensitivityViewSchema,
  weightHistogramsRequestSchema,
  weightHistogramsSchema,
  type FloatAccuracy,
  type FloatAccuracyRequest,
  type MeasureSensitivityRequest,
  type SensitivityMeasurement,
  type SensitivityView,
  type WeightHistograms,
  type WeightHistogramsRequest,
} from './model-analysis.js';
import { designPreviewSchema, previewDesignRequestSchema, updateProjectRequestSchema, type DesignPreview, type PreviewDesignRequest, type UpdateProjectRequest } from './project-edit.js';

export interface EdgeFrontApi {
  /** Version, transport, whether the demo is there, worker count. */
  getAppInfo(): Promise<AppInfo>;
  /** Opens the working copy of the bundled demo project, creating it on first use. */
  openDemo(): Promise<ProjectView>;
  /** Opens a project file (validated, migrated; its inputs rehashed). */
  openProject(request: OpenProjectRequest): Promise<ProjectView>;
  /** The open project, or null. */
  getProject(): Promise<ProjectView | null>;
  /** Layer table of the open project's model. */
  getModelSummary(): Promise<ModelSummaryView>;
  /**
   * Starts sweeping the open project's design space. Resolves once the sweep has started (its
   * inputs checked, its workers up) with the status at that moment; progress follows as events.
   * Rejects when it cannot start (no project, a sweep already running, missing inputs, …).
   */
  startSweep(request: StartSweepRequest): Promise<SweepStatus>;
  /** Lets the points in flight finish and starts no new one until resumed. */
  pauseSweep(): Promise<SweepStatus>;
  resumeSweep(): Promise<SweepStatus>;
  /** Stops the sweep; points already finished are saved into the project. */
  cancelSweep(): Promise<SweepStatus>;
  getSweepStatus(): Promise<SweepStatus>;
  /** What a design-space draft would sweep: point count, points already in the project, problems by field, estimated time. */
  previewDesign(request: PreviewDesignRequest): Promise<DesignPreview>;
  /** Saves edits of the design space, strategy, seeds or hardware profiles into the open project (refused while a sweep runs). */
  updateProject(request: UpdateProjectRequest): Promise<ProjectView>;
  /** The built-in profiles and the project's embedded ones, with their BER and energy curves. */
  listHardwareProfiles(): Promise<HardwareProfilesView>;
  /** One evaluated point layer by layer (bits, sparsity, stored bytes, energy), read from the project file; refused for a stale or unknown point. */
  getPointDetails(request: PointDetailsRequest): Promise<PointDetails>;
  /** Writes the open project's report (HTML, PDF, CSV or JSON) through the report service, atomically. */
  exportReport(request: ExportReportRequest): Promise<ExportedReport>;
  /** Saves a copy of the open project under a new path (input paths rebased, atomic) and opens the copy; refuses to replace another file unless `overwrite`. */
  saveProjectAs(request: SaveProjectAsRequest): Promise<ProjectView>;
  /** The recent projects list (most recent first, missing files marked) and a one-time notice about it. */
  listRecentProjects(): Promise<RecentProjects>;
  /** Removes a project from the recent list (its file is not touched). */
  forgetRecentProject(request: ForgetRecentProjectRequest): Promise<RecentProjects>;
  /** Checks the model and that the dataset fits it, writes a new project file (never over an existing one) and opens it. */
  createNewProject(request: CreateNewProjectRequest): Promise<ProjectView>;
  /** Float weight histograms of the open project's model, per layer. */
  getWeightHistograms(request?: WeightHistogramsRequest): Promise<WeightHistograms>;
  /** The model's float accuracy with its 95 % interval on the test split, measured on worker threads (cached). */
  measureFloatAccuracy(request?: FloatAccuracyRequest): Promise<FloatAccuracy>;
  /** The sensitivity heatmap from the project's stored probes, and the state of the Measure sensitivity action. */
  getSensitivity(): Promise<SensitivityView>;
  /** Starts measuring per-layer sensitivity on worker threads in the background (poll getSensitivity). */
  measureSensitivity(request?: MeasureSensitivityRequest): Promise<SensitivityMeasurement>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: ApiEventListener): () => void;
}

/** Every request/response method of EdgeFrontApi with its schemas. */
export const API_METHODS = {
  getAppInfo: { request: emptyRequestSchema, response: appInfoSchema },
  openDemo: { request: emptyRequestSchema, response: projectViewSchema },
  openProject: { request: openProjectRequestSchema, response: projectViewSchema },
  getProject: { request: emptyRequestSchema, response: projectViewSchema.nullable() },
  getModelSummary: { request: emptyRequestSchema, response: modelSummaryViewSchema },
  startSweep: { request: startSweepRequestSchema, response: sweepStatusSchema },
  pauseSweep: { request: emptyRequestSchema, response: sweepStatusSchema },
  resumeSweep: { request: emptyRequestSchema, response: sweepStatusSchema },
  cancelSweep: { request: emptyRequestSchema, response: sweepStatusSchema },
  getSweepStatus: { request: emptyRequestSchema, response: sweepStatusSchema },
  previewDesign: { request: previewDesignRequestSchema, response: designPreviewSchema },
  updateProject: { request: updateProjectRequestSchema, response: projectViewSchema },
  listHardwareProfiles: { request: emptyRequestSchema, response: hardwareProfilesViewSchema },
  getPointDetails: { request: pointDetailsRequestSchema, response: pointDetailsSchema },
  exportReport: { request: exportReportRequestSchema, response: exportedReportSchema },
  saveProjectAs: { request: saveProjectAsRequestSchema, response: projectViewSchema },
  listRecentProjects: { request: emptyRequestSchema, response: recentProjectsSchema },
  forgetRecentProject: { request: forgetRecentProjectRequestSchema, response: recentProjectsSchema },
  createNewProject: { request: createNewProjectRequestSchema, response: projectViewSchema },
  getWeightHistograms: { request: weightHistogramsRequestSchema, response: weightHistogramsSchema },
  measureFloatAccuracy: { request: floatAccuracyRequestSchema, response: floatAccuracySchema },
  getSensitivity: { request: emptyRequestSchema, response: sensitivityViewSchema },
  measureSensitivity: { request: measureSensitivityRequestSchema, response: sensitivityMeasurementSchema },
} as const;

export type ApiMethodName = keyof typeof API_METHODS;
export const API_METHOD_NAMES = Object.keys(API_METHODS) as ApiMethodName[];

/** What a caller passes to method M (before defaults). */
export type ApiRequest<M extends ApiMethodName> = z.input<(typeof API_METHODS)[M]['request']>;
/** What method M resolves to. */
export type ApiResponse<M extends ApiMethodName> = z.infer<(typeof API_METHODS)[M]['response']>;

export function isApiMethodName(name: string): name is ApiMethodName {
  return Object.prototype.hasOwnProperty.call(API_METHODS, name);
}

// Compile-time: the interface and the table list the same methods with the same response types.
type MethodsOf<T> = { [K in keyof T as T[K] extends (...args: never[]) => Promise<unknown> ? K : never]: T[K] };
type TableMatches = { [M in ApiMethodName]: Awaited<ReturnType<EdgeFrontApi[M]>> extends ApiResponse<M> ? (ApiResponse<M> extends Awaited<ReturnType<EdgeFrontApi[M]>> ? true : false) : false };
const tableMatches: false extends TableMatches[ApiMethodName] ? never : true = true;
const noExtraMethods: Exclude<keyof MethodsOf<EdgeFrontApi>, ApiMethodName | 'onEvent'> extends never ? true : false = true;
void tableMatches;
void noExtraMethods;
