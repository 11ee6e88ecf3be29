/**
 * Measures the extended demo grid used by test/unit/strategy-nsga2-demo.test.ts: the demo residual
 * CNN (integer mode, rANS) over weight bits {2..8} × activation bits {3,4,5,6,8} × pruning
 * {0, 0.25, 0.5, 0.65, 0.8, 0.9} = 210 points on the first 1,000 Fashion-MNIST test images, with
 * EdgeFront's own sweep. The test then runs NSGA-II against these real measurements (without
 * re-evaluating 210 points in CI). Rerun after changing the engine or the demo model:
 *   npm run build && npx esbuild --bundle --platform=node --format=esm --packages=external \
 *     scripts/make-nsga-fixture.ts --outfile=dist/make-nsga-fixture.mjs && node dist/make-nsga-fixture.mjs
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalResult } from '../src-shared/eval-result.js';
import { createProject, saveProject } from '../src-main/services/project/project-store.js';
import { runSweep } from '../src-main/services/sweep/orchestrator.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const data = `${root}assets/datasets/fashion-mnist/`;
const dir = await mkdtemp(join(tmpdir(), 'edgefront-nsga-fixture-'));
const projectPath = join(dir, 'grid.edgefront');
const axes = { weightBits: [2, 3, 4, 5, 6, 7, 8], activationBits: [3, 4, 5, 6, 8], pruneRatio: [0, 0.25, 0.5, 0.65, 0.8, 0.9] };
await saveProject(
  projectPath,
  await createProject({
    projectPath,
    modelPath: `${root}assets/models/fmnist-rescnn.onnx`,
    datasetPath: `${data}test-images-idx3-ubyte.gz`,
    labelsPath: `${data}test-labels-idx1-ubyte.gz`,
    calibrationPath: `${data}calib-images-idx3-ubyte.gz`,
    calibrationLabelsPath: `${data}calib-labels-idx1-ubyte.gz`,
    testLimit: 1000,
    designSpace: { base: { mode: 'integer', coding: 'rans' }, axes },
  }),
);
const summary = await runSweep({ projectPath, workers: 2, workerScript: `${root}dist/worker.js`, onEvent: (e) => e.type === 'progress' && process.stderr.write(`\r${e.done}/${e.total}`) });
const points = summary.points.map((p) => {
  const m = p.result!.metrics as unknown as EvalResult;
  return { weightBits: p.result!.config.weightBits, activationBits: p.result!.config.activationBits, pruneRatio: p.result!.config.pruneRatio, accuracy: m.accuracy, weightBytes: m.memory.weightBytes, energyJoules: m.energy.perInferenceJoules };
});
const out = `${root}test/fixtures/sweep/demo-grid-210.json`;
await writeFile(out, `${JSON.stringify({ model: 'fmnist-rescnn.onnx', samples: 1000, mode: 'integer', coding: 'rans', axes, points }, null, 1)}\n`);
await rm(dir, { recursive: true, force: true });
console.log(`\nwrote ${out} (${points.length} points)`);
