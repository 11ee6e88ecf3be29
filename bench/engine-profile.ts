/**
 * `node dist/bench/engine-profile.js [MODEL] [float|w8a8|w4a8]` (after `npm run build`): where one
 * design point's time goes, node by node — microseconds per image and share of the run, on 2,000
 * test images in batches of 100, averaged over 5 passes after 3 warm-up passes. Single thread.
 * The per-node timer adds a little overhead of its own; use bench:engine for throughput.
 */
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseDeployConfig, type DeployConfigInput } from '../src-shared/deploy-config.js';
import { loadDataset } from '../workers/data/dataset.js';
import { deployModel } from '../workers/engine/deploy/deploy-model.js';
import { buildIr } from '../workers/engine/ir/build-ir.js';
import { initKernels } from '../workers/engine/kernels/init.js';
import { readOnnxModelFile } from '../workers/engine/onnx/read-model.js';

// Bundled to dist/bench/engine-profile.js: the repository is two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLES = 2000;
const BATCH = 100;
const WARM_UP = 3;
const PASSES = 5;

const POINTS: Record<string, DeployConfigInput> = {
  float: {},
  w8a8: { weightBits: 8, activationBits: 8, mode: 'integer' },
  w4a8: { weightBits: 4, activationBits: 8, mode: 'integer' },
};

const modelFile = process.argv[2] ?? 'fmnist-rescnn.onnx';
const pointName = process.argv[3] ?? 'w8a8';
const point = POINTS[pointName];
if (!point) throw new Error(`unknown design point '${pointName}': use ${Object.keys(POINTS).join(', ')}`);
const dataset = modelFile.startsWith('mnist') ? 'mnist' : 'fashion-mnist';
const split = (name: string) => `${root}assets/datasets/${dataset}/${name}-images-idx3-ubyte.gz`;

const kernels = await initKernels();
const graph = buildIr(await readOnnxModelFile(`${root}assets/models/${modelFile}`));
const test = await loadDataset({ path: split('test'), limit: SAMPLES }, { dims: [1, 28, 28] });
const calib = await loadDataset({ path: split('calib'), limit: 512 }, { dims: [1, 28, 28] });
const { session } = deployModel(graph, parseDeployConfig(point), { x: calib.x, sampleDims: calib.sampleDims, count: calib.count });
const input = session.graph.inputs[0].name;
const plan = session.plan(new Map([[input, [BATCH, 1, 28, 28]]]));
const inputData = plan.inputTensors.get(input)!.data as Float32Array;
const ms = new Float64Array(plan.steps.length);
for (let pass = 0; pass < WARM_UP + PASSES; pass++) {
  // Full batches only, so one plan serves every batch.
  for (let s = 0; s + BATCH <= SAMPLES; s += BATCH) {
    inputData.set(test.x.subarray(s * 784, (s + BATCH) * 784));
    for (let i = 0; i < plan.steps.length; i++) {
      const t = performance.now();
      plan.steps[i].node.op.run(plan.steps[i].ctx);
      if (pass >= WARM_UP) ms[i] += performance.now() - t;
    }
  }
}
const images = PASSES * Math.floor(SAMPLES / BATCH) * BATCH;
const total = ms.reduce((a, b) => a + b, 0);
console.log(`${modelFile} ${pointName} — ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, kernels: ${kernels.name}`);
console.log('|  µs/img | share | op | node |');
console.log('|--------:|------:|----|------|');
for (let i = 0; i < plan.steps.length; i++) {
  const { node } = plan.steps[i];
  console.log(`| ${((ms[i] * 1000) / images).toFixed(1).padStart(7)} | ${((100 * ms[i]) / total).toFixed(1).padStart(4)} % | ${node.opType} | ${node.name} |`);
}
console.log(`| ${((total * 1000) / images).toFixed(1).padStart(7)} | 100 % | total (${(images / (total / 1000)).toFixed(0)} img/s) | |`);
