/**
 * `edgefront demo`: what `npm run demo` runs (`npm start` opens the GUI on the demo) — the bundled demo
 * project (assets/examples/fashion-mnist.edgefront: the residual CNN on Fashion-MNIST, weight bits
 * × activation bits × pruning) swept in a working copy, then its HTML report. The working copy
 * keeps its results, so running the demo again reuses them; an interrupted run resumes.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultWorkerCount } from '../../services/evaluation-service.js';
import { loadProject, saveProject } from '../../services/project/project-store.js';
import { ensureDemoWorkingCopy } from '../../services/project/demo-working-copy.js';
import { writeReport } from '../../services/report/index.js';
import { runSweep } from '../../services/sweep/orchestrator.js';
import { readResultsLog, resultsLogPath } from '../../services/sweep/results-log.js';
import type { CommandIo } from '../command-io.js';
import { intFlag } from '../flag-values.js';
import { engineVersion } from './report.js';
import { memoryFront, progressReporter } from './sweep.js';

/** The bundled demo project, beside dist/ (this module is bundled into dist/cli.js). */
export const DEMO_EXAMPLE = fileURLToPath(new URL('../assets/examples/fashion-mnist.edgefront', import.meta.url));

export const DEMO_HELP = `Usage: edgefront demo [--limit N] [--workers N] [--dir DIR]

Sweeps the bundled demo project (assets/examples/fashion-mnist.edgefront: the residual CNN on
Fashion-MNIST, weight bits {2,3,4,8} x activation bits {4,8} x pruning {0,0.5,0.8}, integer mode,
rANS-coded weights on the bit-serial profile) in a working copy DIR/fashion-mnist.edgefront
(default DIR: ./edgefront-demo), then writes DIR/fashion-mnist.report.html.

  --limit N     evaluate on the first N test images (default: all 10,000)
  --workers N   worker threads (default ${defaultWorkerCount()})
  --dir DIR     where the working copy and the report go`;

export async function demoCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { limit: { type: 'string' }, workers: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    io.out(DEMO_HELP);
    return 0;
  }
  const limit = intFlag('limit', values.limit, 1, 10000);
  const projectPath = await ensureDemoWorkingCopy(DEMO_EXAMPLE, resolve(values.dir ?? 'edgefront-demo'));
  const working = (await loadProject(projectPath, { checkInputs: false })).project;
  await saveProject(projectPath, { ...working, split: { ...working.split, test: limit === undefined ? {} : { limit } } });
  io.out(`EdgeFront demo: ${projectPath}`);
  const resume = (await readResultsLog(resultsLogPath(projectPath))).entries.length > 0;
  const summary = await runSweep({
    projectPath,
    workers: intFlag('workers', values.workers, 1, 64) ?? defaultWorkerCount(),
    resume,
    onEvent: progressReporter(io),
  });
  const front = memoryFront(summary);
  io.out('');
  io.out('accuracy vs weight memory front (rANS-coded weights, bit-serial profile):');
  io.out('  accuracy   95 % CI            weight bytes  bits/param  energy µJ  point');
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  for (const { label, metrics: m } of front) {
    io.out(
      `  ${pct(m.accuracy).padStart(8)}   ${`${pct(m.accuracyCI95[0])}–${pct(m.accuracyCI95[1])}`.padEnd(17)} ${String(m.memory.weightBytes).padStart(12)}  ${m.memory.bitsPerParam.toFixed(2).padStart(10)}  ${(m.energy.perInferenceJoules * 1e6).toFixed(3).padStart(9)}  ${label}`,
    );
  }
  const loaded = await loadProject(projectPath, { checkInputs: false });
  const report = await writeReport(loaded.project, { format: 'html', projectPath, engineVersion: engineVersion() });
  io.out('');
  io.out(`report: ${report}`);
  io.out('The desktop GUI arrives in a later release; meanwhile see `edgefront sweep --help` and docs/sweeps.md.');
  return summary.status === 'completed' ? 0 : 1;
}
