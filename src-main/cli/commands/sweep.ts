/**
 * `edgefront sweep PROJECT [--workers N] [--resume] [--json]`: runs the project's design-space
 * sweep headless (the same orchestrator the GUI uses), with a progress bar on a terminal and plain
 * progress lines otherwise, and prints the accuracy-vs-memory front at the end. Ctrl-C cancels:
 * the points already finished are saved into the project.
 */
import { parseArgs } from 'node:util';
import type { EvalResult } from '../../../src-shared/eval-result.js';
import { paretoFront } from '../../../src-shared/pareto/index.js';
import type { SweepEvent } from '../../../src-shared/sweep-events.js';
import { defaultWorkerCount } from '../../services/evaluation-service.js';
import { metricsOf, runSweep, type SweepSummary } from '../../services/sweep/orchestrator.js';
import type { CommandIo } from '../command-io.js';
import { intFlag } from '../flag-values.js';
import { UsageError } from '../usage-error.js';

export const SWEEP_HELP = `Usage: edgefront sweep PROJECT.edgefront [options]

Evaluates the project's design space with its strategy (grid, random, lhs, nsga2), appending each
finished point to PROJECT's results log (NAME.results.jsonl, fsynced) and saving the results into
the project file when done. Points already in the project are not evaluated again.

Options:
  --workers N   worker threads (default ${defaultWorkerCount()})
  --resume      continue an interrupted sweep, keeping the points its results log holds
  --json        print one JSON document (summary, points, front) on stdout and nothing else
  --help`;

export async function sweepCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { workers: { type: 'string' }, resume: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(SWEEP_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('sweep needs exactly one PROJECT.edgefront file.');
  const abort = new AbortController();
  const onSigint = () => {
    io.err('Cancelling: waiting for the points in flight to stop; finished points are kept.');
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const summary = await runSweep({
      projectPath: positionals[0],
      workers: intFlag('workers', values.workers, 1, 64) ?? defaultWorkerCount(),
      resume: values.resume ?? false,
      signal: abort.signal,
      onEvent: progressReporter(io),
    });
    if (values.json) io.out(JSON.stringify(jsonSummary(summary), null, 2));
    else printSummary(summary, io);
    return summary.status === 'completed' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function formatEta(seconds: number | null): string {
  if (seconds === null) return 'ETA --';
  const s = Math.round(seconds);
  return s >= 3600 ? `ETA ${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : `ETA ${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function progressReporter(io: CommandIo): (e: SweepEvent) => void {
  let lastLine = 0;
  return (e) => {
    switch (e.type) {
      case 'notice':
        io.err(`Notice: ${e.message}`);
        break;
      case 'start':
        io.err(`sweep: ${e.total} point(s), strategy ${e.strategy}, ${e.workers} worker(s)`);
        break;
      case 'point-failed':
        if (io.interactive) process.stderr.write('\n');
        io.err(`point failed: ${e.label}: ${e.message}`);
        break;
      case 'progress': {
        const busy = e.slots.filter((s) => s.label !== null).map((s) => `[${s.slot}] ${s.label}`).join('  ');
        if (io.interactive) {
          const width = 30;
          const filled = e.total > 0 ? Math.round((width * e.done) / e.total) : width;
          const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.done}/${e.total} ${formatEta(e.etaSeconds)}  ${busy}`;
          process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 120) - 1).padEnd(Math.min(lastLine, (process.stderr.columns || 120) - 1))}`);
          lastLine = line.length;
          if (e.done === e.total) process.stderr.write('\n');
        }
        break;
      }
      case 'point-done':
        if (!io.interactive) {
          const how = e.cached ? 'cached' : `${e.seconds.toFixed(1)} s`;
          io.err(`done ${e.label}: accuracy ${(100 * e.accuracy).toFixed(2)} %, ${e.weightBytes} weight bytes (${how})`);
        }
        break;
      case 'finished':
        io.err(`sweep ${e.status}: ${e.evaluated} evaluated, ${e.cached} cached, ${e.failed} failed in ${e.seconds.toFixed(1)} s`);
        break;
      default:
        break;
    }
  };
}

export interface FrontRow {
  readonly key: string;
  readonly label: string;
  readonly metrics: EvalResult;
}

/** The sweep's accuracy-vs-weight-memory front, cheapest first (what `sweep` and `demo` print). */
export function memoryFront(summary: SweepSummary): FrontRow[] {
  const rows: FrontRow[] = summary.points.filter((p) => p.result !== null).map((p) => ({ key: p.key, label: p.label, metrics: metricsOf(p.result!) }));
  const front = paretoFront(
    rows.map((r) => ({ accuracy: r.metrics.accuracy, weightBytes: r.metrics.memory.weightBytes })),
    [
      { key: 'accuracy', sense: 'max' },
      { key: 'weightBytes', sense: 'min' },
    ],
  );
  return front.map((i) => rows[i]).sort((a, b) => a.metrics.memory.weightBytes - b.metrics.memory.weightBytes);
}

function jsonSummary(summary: SweepSummary) {
  return {
    status: summary.status,
    project: summary.projectPath,
    total: summary.total,
    evaluated: summary.evaluated,
    cached: summary.cached,
    failed: summary.failed,
    seconds: summary.seconds,
    prefixReuse: summary.prefixReuse,
    points: summary.points.map((p) => {
      const m = p.result ? metricsOf(p.result) : null;
      return {
        key: p.key,
        label: p.label,
        error: p.error,
        accuracy: m?.accuracy ?? null,
        accuracyCI95: m?.accuracyCI95 ?? null,
        weightBytes: m?.memory.weightBytes ?? null,
        energyJoules: m?.energy.perInferenceJoules ?? null,
      };
    }),
    frontAccuracyVsMemory: memoryFront(summary).map((r) => r.key),
  };
}

function printSummary(summary: SweepSummary, io: CommandIo): void {
  const front = memoryFront(summary);
  io.out(`project   ${summary.projectPath}`);
  io.out(`points    ${summary.total}: ${summary.evaluated} evaluated, ${summary.cached} cached, ${summary.failed} failed (${summary.status})`);
  io.out('');
  io.out('accuracy vs weight memory front:');
  io.out(`  ${'accuracy'.padStart(9)}  ${'weight bytes'.padStart(12)}  ${'energy/inf'.padStart(10)}  point`);
  for (const { metrics: m, label } of front) {
    io.out(`  ${(100 * m.accuracy).toFixed(2).padStart(7)} %  ${String(m.memory.weightBytes).padStart(12)}  ${m.energy.perInferenceJoules.toExponential(2).padStart(10)}  ${label}`);
  }
  io.out('');
  io.out(`Results are saved in ${summary.projectPath}; \`edgefront report ${summary.projectPath} --format html\` writes the report.`);
}
