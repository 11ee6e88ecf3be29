/** The typed API contract between the renderer and the backend (see edgefront-api.ts). */
export * from './app-info.js';
export * from './api-events.js';
export * from './edgefront-api.js';
export * from './model-analysis.js';
export * from './model-summary-view.js';
export * from './parse-request.js';
export * from './point-details.js';
export * from './project-view.js';
export * from './remote-api.js';
export * from './report-export.js';
export * from './requests.js';
export * from './save-as.js';
export * from './shell-api.js';
export * from './start-requests.js';
export * from './sweep-event-schema.js';
export * from './sweep-status.js';
export * from './wire.js';
