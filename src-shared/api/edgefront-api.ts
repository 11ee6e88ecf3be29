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
