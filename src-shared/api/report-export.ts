/**
 * Exporting the open project's report from the GUI (exportReport): the format, which parts of the
 * HTML/PDF report to include, and where to write it. The report service does the work; this is
 * only the contract.
 */
import { z } from 'zod';

export const EXPORT_FORMATS = ['html', 'pdf', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Optional parts of the HTML and PDF report. The header, the summary and the lists of infeasible
 * and stale results are always in it: without them a reader could not tell what was left out.
 */
export const REPORT_SECTIONS = ['charts', 'front-table', 'layers', 'assumptions', 'reproduce'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const REPORT_SECTION_LABELS: Readonly<Record<ReportSection, string>> = {
  charts: 'Pareto charts',
  'front-table': 'Front points table',
  layers: 'Knee points layer by layer',
  assumptions: 'Assumptions (hardware profiles, seeds, faults)',
  reproduce: 'How to reproduce',
};

export const exportReportRequestSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** HTML/PDF parts to include; absent = all of them. CSV and JSON always hold every point. */
    sections: z.array(z.enum(REPORT_SECTIONS)).max(REPORT_SECTIONS.length).optional(),
    /** Where to write (must end in .FORMAT); absent = NAME.report.FORMAT beside the project, as the CLI does. */
    path: z.string().trim().min(1).max(4096).optional(),
  })
  .strict();

export const exportedReportSchema = z
  .object({
    /** Absolute path written. */
    path: z.string(),
    bytes: z.number().int().min(0),
    format: z.enum(EXPORT_FORMATS),
    /** Browser mode serves the file at /download/<id> (same token and origin checks as the page). */
    downloadId: z.string(),
  })
  .strict();

export type ExportReportRequest = z.input<typeof exportReportRequestSchema>;
export type ExportedReport = z.infer<typeof exportedReportSchema>;
