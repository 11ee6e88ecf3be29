#!/usr/bin/env node
/**
 * Measures the "Quantized accuracy" table of docs/models.md with EdgeFront's own CLI.
 *
 *   npm run build && node scripts/models-accuracy-table.mjs [--out DIR] [--reuse]
 *
 * Runs `node bin/edgefront.js eval … --json` for every demo model in float and at each
 * weight/activation bit-width in fake-quant and integer mode, keeps each JSON document in DIR
 * (default build/models-accuracy/, one file per run, so the table can be traced to a command's
 * output), and prints the markdown table with the PyTorch reference numbers of
 * test/fixtures/pytorch/quantized-reference.json beside EdgeFront's. Runs one at a time: the CLI
 * already uses both cores through its worker pool. `--reuse` keeps JSON files that already exist
 * (to re-print the table without re-measuring).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'build', 'models-accuracy');
const reuse = args.includes('--reuse');

const MODELS = [
  { name: 'fmnist-mlp', dataset: 'fashion-mnist' },
  { name: 'fmnist-lenet5', dataset: 'fashion-mnist' },
  { name: 'fmnist-rescnn', dataset: 'fashion-mnist' },
  { name: 'mnist-cnn', dataset: 'mnist' },
];
// w4a4 is not one of the columns, but it is the PyTorch fixture's third configuration,
// so measuring it lets every reference number be set beside an EdgeFront number.
const CONFIGS = [
  { key: 'float', wbits: null, abits: null, modes: ['fake'] },
  { key: 'w8a8', wbits: 8, abits: 8, modes: ['fake', 'integer'] },
  { key: 'w4a8', wbits: 4, abits: 8, modes: ['fake', 'integer'] },
  { key: 'w2a8', wbits: 2, abits: 8, modes: ['fake', 'integer'] },
  { key: 'w4a4', wbits: 4, abits: 4, modes: ['fake', 'integer'] },
];

function commandFor(model, config, mode) {
  const d = `assets/datasets/${model.dataset}`;
  const argv = ['bin/edgefront.js', 'eval', '--model', `assets/models/${model.name}.onnx`,
    '--data', `${d}/test-images-idx3-ubyte.gz`, '--calib', `${d}/calib-images-idx3-ubyte.gz`];
  if (config.wbits !== null) argv.push('--wbits', String(config.wbits), '--abits', String(config.abits));
  if (mode === 'integer') argv.push('--mode', 'integer');
  argv.push('--json');
  return argv;
}

mkdirSync(outDir, { recursive: true });
const reference = JSON.parse(readFileSync(join(root, 'test/fixtures/pytorch/quantized-reference.json'), 'utf8'));
const results = new Map();
for (const model of MODELS) {
  for (const config of CONFIGS) {
    for (const mode of config.modes) {
      const file = join(outDir, `${model.name}-${config.key}-${mode}.json`);
      const argv = commandFor(model, config, mode);
      if (!(reuse && existsSync(file))) {
        const started = new Date().toISOString();
        const stdout = execFileSync('node', argv, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
        const doc = JSON.parse(stdout);
        writeFileSync(file, JSON.stringify({ command: `node ${argv.join(' ')}`, started, result: doc }, null, 2));
        process.stderr.write(`${model.name} ${config.key} ${mode}: ${doc.accuracy} (${doc.timing.seconds.toFixed(1)} s)\n`);
      }
      results.set(`${model.name}/${config.key}/${mode}`, JSON.parse(readFileSync(file, 'utf8')));
    }
  }
}

const pct = (x) => `${(100 * x).toFixed(2)} %`;
const ci = (r) => `${(100 * r.accuracyCI95[0]).toFixed(2)}–${(100 * r.accuracyCI95[1]).toFixed(2)}`;
const lines = [
  '| Model | Config | Mode | Accuracy | 95 % CI | Weight bytes | Bits/param | PyTorch fake-quant reference |',
  '|---|---|---|---|---|---|---|---|',
];
for (const model of MODELS) {
  const ref = reference.models[model.name];
  for (const config of CONFIGS) {
    for (const mode of config.modes) {
      const { result: r } = results.get(`${model.name}/${config.key}/${mode}`);
      const refAcc = config.key === 'float' ? ref?.float?.accuracy : ref?.configs?.[config.key]?.accuracy;
      lines.push(`| ${model.name} | ${config.key} | ${mode} | ${pct(r.accuracy)} | ${ci(r)} | ${r.memory.weightBytes.toLocaleString('en-US')} | ${r.memory.bitsPerParam.toFixed(2)} | ${refAcc === undefined ? '—' : pct(refAcc)} |`);
    }
  }
}
console.log(lines.join('\n'));
