/**
 * `edgefront report PROJECT --format html|pdf|csv|json [-o FILE]`: the report of a project's
 * evaluated points (src-main/services/report/): Pareto fronts, the front's points, per-layer
 * breakdowns of the knee points, every assumption and how to reproduce it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadProject } from '../../services/project/project-store.js';
import { writeReport } from '../../services/report/index.js';
import type { CommandIo } from '../command-io.js';
import { choiceFlag } from '../flag-values.js';
import { UsageError } from '../usage-error.js';

const FORMATS = ['html', 'pdf', 'csv', 'json'] as const;

export const REPORT_HELP = `Usage: edgefront report PROJECT.edgefront [--format html|pdf|csv|json] [-o FILE]

Writes the report of the project's evaluated points (default format html, default file
NAME.report.EXT beside the project). html is one self-contained file with the Pareto charts;
pdf prints that file with Chromium (set CHROMIUM_PATH if it is not found); csv has one row per
point; json is the whole report model.`;

/** The engine version the report records: this package's version (package.json beside dist/). */
export function engineVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function reportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('report needs exactly one PROJECT.edgefront file.');
  const format = choiceFlag('format', values.format, FORMATS) ?? 'html';
  const loaded = await loadProject(positionals[0]);
  for (const p of loaded.staleness?.problems ?? []) io.err(`Notice: ${p.message}`);
  const path = await writeReport(loaded.project, { format, outPath: values.output, projectPath: loaded.path, engineVersion: engineVersion() });
  io.out(`wrote ${path}`);
  return 0;
}
