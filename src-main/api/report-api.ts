/**
 * The Report view's backend method: the open project's report written through the report service
 * (the one the CLI's `edgefront report` uses), so the GUI and the CLI cannot write different
 * reports of the same project.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ExportedReport } from '../../src-shared/api/report-export.js';
import { parseApiRequest } from '../../src-shared/api/parse-request.js';
import { UserError } from '../../src-shared/errors.js';
import { loadProject } from '../services/project/project-store.js';
import { writeReport } from '../services/report/write-report.js';
import type { BackendContext } from './backend-api.js';

export function createReportMethods(context: BackendContext) {
  return {
    async exportReport(request: unknown): Promise<ExportedReport> {
      const { format, sections, path } = parseApiRequest('exportReport', request);
      const view = context.requireProject('export its report');
      let outPath: string | undefined;
      if (path !== undefined) {
        outPath = resolve(path);
        // The project file (or another document) must never be overwritten by a report by mistake.
        if (!outPath.toLowerCase().endsWith(`.${format}`)) {
          throw new UserError('report-path', `A ${format.toUpperCase()} report is written to a file ending in .${format}; ${outPath} does not. Choose a name such as report.${format}.`, { path: outPath });
        }
      }
      const loaded = await loadProject(view.path, { checkInputs: false });
      const written = await writeReport(loaded.project, { format, sections, outPath, projectPath: loaded.path, engineVersion: context.options.version });
      const { size } = await stat(written);
      return { path: written, bytes: size, format, downloadId: context.exportedFiles.add(written, format) };
    },
  };
}
