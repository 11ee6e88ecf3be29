/**
 * `npm run bench:prefix [-- --limit N --workers W]`: what shared-prefix evaluation saves on the
 * sweeps it is for. The sensitivity strategy on the demo study (fmnist-rescnn, fake-quant mode,
 * 8-bit activations; a reference at 8-bit weights, one probe per layer at 4 and 2 bits, then one
 * bit allocation per memory budget) over the Fashion-MNIST test split, swept twice with the same
 * worker count: points one by one (`sharePrefixes: false`) and points that differ only in
 * per-layer settings grouped so their common network prefix runs once (the default). Both runs
 * must give every point the same correct count; the bench fails otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metricsOf, runSweep, type SweepSummary } from '../src-main/services/sweep/orchestrator.js';
import { writeDemoBenchProject } from './lib/demo-bench-project.js';
import { describeLoad, foreignLoad, loadAverages, sampleCpu, waitForQuiet } from './lib/cpu-load.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const WORKER_SCRIPT = `${root}dist/worker.js`;
const DEMO_PROJECT = `${root}assets/examples/fashion-mnist.edgefront`;

function parseArgs(argv: readonly string[]): { limit: number | null; workers: number } {
  let limit: number | null = null;
  let workers = 2;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--limit') limit = Number(argv[++i]);
    else if (argv[i] === '--workers') workers = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node dist/bench/prefix-reuse.js [--limit N] [--workers W]`);
  }
  return { limit, workers };
}

async function main(): Promise<void> {
  const { limit, workers } = parseArgs(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'edgefront-bench-prefix-'));
  try {
    const projectPath = await writeDemoBenchProject(DEMO_PROJECT, dir, 'bench-prefix', limit, (p) => ({
      ...p,
      designSpace: { ...p.designSpace, axes: { layers: {} }, base: { ...p.designSpace.base, weightBits: 8, activationBits: 8, pruneRatio: 0 } },
      strategy: { kind: 'sensitivity', budgetMetric: 'memory.weightBytes', bitWidths: [8, 4, 2], budgets: [12_000, 18_000, 24_000] },
    }));
    console.log(`# bench:prefix — ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    console.log(`load average before: ${loadAverages()}`);
    const runs: { name: string; summary: SweepSummary; seconds: number; load: string }[] = [];
    for (const sharePrefixes of [false, true]) {
      await waitForQuiet(0.15);
      const s0 = sampleCpu();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const summary = await runSweep({ projectPath, workers, noCache: true, sharePrefixes, workerScript: WORKER_SCRIPT });
      const seconds = (performance.now() - t0) / 1000;
      const own = process.cpuUsage(cpu0);
      const load = describeLoad(foreignLoad(s0, sampleCpu(), (own.user + own.system) / 1e6));
      if (summary.status !== 'completed' || summary.failed > 0) throw new Error(`sweep ${summary.status}, ${summary.failed} failed`);
      runs.push({ name: sharePrefixes ? 'shared prefixes (default)' : 'one point at a time', summary, seconds, load });
    }
    const [alone, shared] = runs;
    const correct = new Map(alone.summary.points.map((p) => [p.key, metricsOf(p.result!).correct]));
    const mismatched = shared.summary.points.filter((p) => correct.get(p.key) !== metricsOf(p.result!).correct);
    if (mismatched.length > 0) throw new Error(`shared-prefix results differ at ${mismatched.map((p) => p.label).join(', ')}`);
    const samples = metricsOf(alone.summary.points[0].result!).samples;
    console.log(`\nsensitivity sweep of fmnist-rescnn (fake, a8; widths 8/4/2; 3 budgets), ${samples} test images, ${workers} workers, ${alone.summary.evaluated} points\n`);
    console.log('| run                       | seconds | points/min | steps run / needed     | other load (cores) |');
    console.log('|---------------------------|---------|------------|------------------------|--------------------|');
    for (const r of runs) {
      const u = r.summary.prefixReuse;
      const steps = u.groups > 0 ? `${u.stepsRun} / ${u.stepsTotal} (${u.points} pts, ${u.groups} groups)` : '—';
      console.log(`| ${r.name.padEnd(25)} | ${r.seconds.toFixed(1).padStart(7)} | ${((60 * r.summary.evaluated) / r.seconds).toFixed(2).padStart(10)} | ${steps.padEnd(22)} | ${r.load.padStart(18)} |`);
    }
    console.log(`\nspeed-up: ${(alone.seconds / shared.seconds).toFixed(2)}×; every point's correct count identical (${correct.size} points).`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
