/**
 * The JSON report: the report model itself, with sorted keys and two-space indentation
 * (canonical-json.ts), so two reports of the same project differ only where the study does — easy
 * to diff and to keep under version control — and scripts get exactly what the HTML shows.
 */
import { canonicalStringify } from '../../../src-shared/canonical-json.js';
import type { ReportModel } from './report-data.js';

export function renderJsonReport(model: ReportModel): string {
  return `${canonicalStringify(model)}\n`;
}
