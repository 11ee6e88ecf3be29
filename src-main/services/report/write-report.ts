/**
 * `edgefront report PROJECT --format html|pdf|csv|json [-o FILE]`, service side: builds the report
 * model once, renders the requested format and writes it atomically (a half-written report must
 * never replace a good one, e.g. when Chromium fails midway). The CLI and the UI both call this;
 * neither knows how a format is made.
 */
import { basename, dirname, join, resolve } from 'node:path';
import type { ProjectFile } from '../../../src-shared/project-file.js';
import { PROJECT_EXTENSION } from '../../../src-shared/project-file.js';
import { InternalError } from '../../../src-shared/errors.js';
import { writeFileAtomic } from '../project/atomic-write.js';
import { renderCsvReport } from './csv-report.js';
import { renderHtmlReport } from './html-report.js';
import { renderJsonReport } from './json-report.js';
import { htmlToPdf, type PdfOptions } from './pdf-report.js';
import { buildReportModel, type ReportModel } from './report-data.js';
import type { ProfileLookup } from './profile-lookup.js';
import type { ReportSection } from '../../../src-shared/api/report-export.js';

export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderReportOptions {
  readonly format: ReportFormat;
  /** EdgeFront's version, printed in the report. */
  readonly engineVersion: string;
  /** The project file's path: names it in the reproduction commands and places the default output. */
  readonly projectPath?: string;
  /** Default now; fixed in tests. */
  readonly generatedAt?: Date;
  /** Default: profiles embedded in the project, then the built-ins. */
  readonly lookupProfile?: ProfileLookup;
  /** How to find and run Chromium for `pdf`. */
  readonly pdf?: PdfOptions;
  /** Optional parts of the HTML and PDF report to include; default every one (CSV and JSON ignore it). */
  readonly sections?: readonly ReportSection[];
}

export interface WriteReportOptions extends RenderReportOptions {
  /** Where to write; default next to the project: NAME.report.html|.pdf|.csv|.json. */
  readonly outPath?: string;
}

/** A file-name-safe version of a project name (for projects not read from a file). */
function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return s || 'project';
}

/**
 * NAME.report.EXT beside the project file (NAME = the file's name without `.edgefront`); without a
 * project path, in the current folder after the project's name.
 */
export function defaultReportPath(project: ProjectFile, format: ReportFormat, projectPath?: string): string {
  if (projectPath) {
    const file = basename(projectPath);
    const stem = file.endsWith(PROJECT_EXTENSION) ? file.slice(0, -PROJECT_EXTENSION.length) : file;
    return join(dirname(resolve(projectPath)), `${stem}.report.${format}`);
  }
  return resolve(`${safeName(project.name)}.report.${format}`);
}

/** The report model of a project with the options of a report run. */
export function reportModelOf(project: ProjectFile, options: Omit<RenderReportOptions, 'format' | 'pdf'>): ReportModel {
  return buildReportModel(project, {
    engineVersion: options.engineVersion,
    generatedAt: options.generatedAt,
    lookupProfile: options.lookupProfile,
    projectPath: options.projectPath,
  });
}

/** The report's content in memory: text for html/csv/json, bytes for pdf. */
export async function renderReport(project: ProjectFile, options: RenderReportOptions): Promise<string | Uint8Array> {
  const model = reportModelOf(project, options);
  const sections = options.sections ? new Set(options.sections) : undefined;
  switch (options.format) {
    case 'html':
      return renderHtmlReport(model, undefined, sections);
    case 'pdf':
      return htmlToPdf(renderHtmlReport(model, undefined, sections), options.pdf);
    case 'csv':
      return renderCsvReport(model);
    case 'json':
      return renderJsonReport(model);
    default:
      throw new InternalError('report-format', `Unknown report format ${JSON.stringify(options.format)}; expected one of ${REPORT_FORMATS.join(', ')}.`);
  }
}

/** Renders the report and writes it atomically; returns the absolute path written. */
export async function writeReport(project: ProjectFile, options: WriteReportOptions): Promise<string> {
  const out = resolve(options.outPath ?? defaultReportPath(project, options.format, options.projectPath));
  const content = await renderReport(project, options);
  await writeFileAtomic(out, content);
  return out;
}
