/**
 * The Report view's state: the format, the sections to include, and the last export (or why it
 * failed). The report is written by the backend's report service, the one the CLI uses.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { REPORT_SECTIONS, type ExportFormat, type ExportedReport, type ReportSection } from '../../../src-shared/api/report-export.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';

export const useReportStore = defineStore('report', () => {
  const format = ref<ExportFormat>('html');
  const sections = ref<ReportSection[]>([...REPORT_SECTIONS]);
  /** Empty = beside the project (NAME.report.EXT). */
  const path = ref('');
  const exporting = ref(false);
  const last = ref<ExportedReport | null>(null);
  const error = ref<UiError | null>(null);

  async function exportReport(): Promise<boolean> {
    exporting.value = true;
    error.value = null;
    try {
      const p = path.value.trim();
      last.value = await useApi().exportReport({
        format: format.value,
        // Kept in the report's order whatever order they were ticked in.
        sections: REPORT_SECTIONS.filter((s) => sections.value.includes(s)),
        ...(p ? { path: p } : {}),
      });
      return true;
    } catch (err) {
      error.value = toUiError(err);
      return false;
    } finally {
      exporting.value = false;
    }
  }

  return { format, sections, path, exporting, last, error, exportReport };
});
