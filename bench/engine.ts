/**
 * `npm run bench:engine`: images/second of every demo model in float, w8a8 and w4a8 (integer
 * mode) next to onnxruntime-node fp32 with one thread, on the same inputs, in one run; plus the
 * peak RSS of one process evaluating the residual CNN over the full test split.
 *
 * Each measurement is single-threaded: our engine runs in this thread (the WebAssembly kernels
 * are single-threaded), onnxruntime with intraOpNumThreads = interOpNumThreads = 1. Timings are
 * the best of several repetitions after a warm-up, over `SAMPLES` images in batches of `BATCH`.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseDeployConfig, type DeployConfigInput } from '../src-shared/deploy-config.js';
import { loadDataset, type SharedDataset } from '../workers/data/dataset.js';
import { deployModel } from '../workers/engine/deploy/deploy-model.js';
import type { InferenceSession } from '../workers/engine/exec/session.js';
import { buildIr } from '../workers/engine/ir/build-ir.js';
import { initKernels } from '../workers/engine/kernels/init.js';
import { readOnnxModelFile } from '../workers/engine/onnx/read-model.js';
import { float32Tensor } from '../workers/engine/tensor.js';
import { ortImagesPerSecond } from './lib/ort-rate.js';

// Bundled to dist/bench/engine.js: the repository is two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const MODELS = [
  { file: 'fmnist-mlp.onnx', dataset: 'fashion-mnist' },
  { file: 'fmnist-lenet5.onnx', dataset: 'fashion-mnist' },
  { file: 'fmnist-rescnn.onnx', dataset: 'fashion-mnist' },
  { file: 'mnist-cnn.onnx', dataset: 'mnist' },
];

const POINTS: [string, DeployConfigInput][] = [
  ['float', {}],
  ['w8a8 int', { weightBits: 8, activationBits: 8, mode: 'integer' }],
  ['w4a8 int', { weightBits: 4, activationBits: 8, mode: 'integer' }],
];

function split(dataset: string, name: 'test' | 'calib'): string {
  return `${root}assets/datasets/${dataset}/${name}-images-idx3-ubyte.gz`;
}

function timeOurs(session: InferenceSession, data: SharedDataset): number {
  const per = 784;
  const input = session.graph.inputs[0].name;
  const once = () => {
    for (let s = 0; s < SAMPLES; s += BATCH) {
      const n = Math.min(BATCH, SAMPLES - s);
      session.run(new Map([[input, float32Tensor(data.x.subarray(s * per, (s + n) * per), [n, 1, 28, 28])]]));
    }
  };
  once(); // warm-up: plans, wasm tier-up
  let best = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    once();
    best = Math.min(best, performance.now() - t);
  }
  return SAMPLES / (best / 1000);
}

/** Child mode: evaluate the CNN at w8a8 integer over the full test split, report peak RSS. */
async function rssChild(): Promise<void> {
  await initKernels();
  const graph = buildIr(await readOnnxModelFile(`${root}assets/models/fmnist-rescnn.onnx`));
  const test = await loadDataset({ path: split('fashion-mnist', 'test') }, { dims: [1, 28, 28] });
  const calib = await loadDataset({ path: split('fashion-mnist', 'calib'), limit: 512 }, { dims: [1, 28, 28] });
  const model = deployModel(graph, parseDeployConfig({ weightBits: 8, activationBits: 8, mode: 'integer' }), {
    x: calib.x,
    sampleDims: calib.sampleDims,
    count: calib.count,
  });
  for (let s = 0; s < test.count; s += BATCH) {
    const n = Math.min(BATCH, test.count - s);
    model.session.run(new Map([[graph.inputs[0].name, float32Tensor(test.x.subarray(s * 784, (s + n) * 784), [n, 1, 28, 28])]]));
  }
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, samples: test.count }));
}

async function main(): Promise<void> {
  if (process.argv.includes('--rss-child')) return rssChild();
  const kernels = await initKernels();
  console.log(`EdgeFront engine benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, kernels: ${kernels.name}`);
  console.log(`${SAMPLES} images, batch ${BATCH}, best of ${REPEATS}, one thread each\n`);
  const rows: string[][] = [];
  for (const m of MODELS) {
    const path = `${root}assets/models/${m.file}`;
    const graph = buildIr(await readOnnxModelFile(path));
    const test = await loadDataset({ path: split(m.dataset, 'test'), limit: SAMPLES }, { dims: [1, 28, 28] });
    const calib = await loadDataset({ path: split(m.dataset, 'calib'), limit: 512 }, { dims: [1, 28, 28] });
    const ortRate = await ortImagesPerSecond(path, test.x, { samples: SAMPLES, batch: BATCH, repeats: REPEATS, sampleDims: [1, 28, 28] });
    for (const [label, config] of POINTS) {
      const model = deployModel(graph, parseDeployConfig(config), { x: calib.x, sampleDims: calib.sampleDims, count: calib.count });
      const rate = timeOurs(model.session, test);
      rows.push([m.file, label, rate.toFixed(0), ortRate.toFixed(0), (rate / ortRate).toFixed(2)]);
    }
  }
  const header = ['model', 'mode', 'EdgeFront img/s', 'ORT fp32 img/s', 'ratio'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));

  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--rss-child'], { encoding: 'utf8' });
  if (child.status === 0) {
    const { maxRssBytes, samples } = JSON.parse(child.stdout) as { maxRssBytes: number; samples: number };
    console.log(`\npeak RSS of one process evaluating fmnist-rescnn w8a8 integer over ${samples} test images: ${(maxRssBytes / 2 ** 20).toFixed(0)} MiB`);
  } else {
    console.log(`\npeak RSS measurement failed: ${child.stderr}`);
  }
}

await main();
