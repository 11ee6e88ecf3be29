/**
 * `edgefront demo`: what `npm start` runs until the GUI exists — the bundled residual CNN on the
 * Fashion-MNIST test split, in float and at three quantized design points (integer mode), with
 * the calibration split for activation ranges.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDeployTarget } from '../../../src-shared/deploy-target.js';
import { parseDeployConfig, type DeployConfigInput } from '../../../src-shared/deploy-config.js';
import { defaultWorkerCount, evaluateDesignPoint } from '../../services/evaluation-service.js';
import type { CommandIo } from '../command-io.js';
import { intFlag } from '../flag-values.js';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));

export const DEMO_HELP = `Usage: edgefront demo [--limit N] [--workers N]

Evaluates the bundled demo CNN (assets/models/fmnist-rescnn.onnx) on the Fashion-MNIST test
split in float and at w8a8, w4a8, w4a8 with 50 % global magnitude pruning, and w2a8
(integer mode, per-channel weights).`;

export async function demoCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { limit: { type: 'string' }, workers: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    io.out(DEMO_HELP);
    return 0;
  }
  const model = `${assets}models/fmnist-rescnn.onnx`;
  const data = { path: `${assets}datasets/fashion-mnist/test-images-idx3-ubyte.gz`, limit: intFlag('limit', values.limit, 1, 10000) };
  const calib = { path: `${assets}datasets/fashion-mnist/calib-images-idx3-ubyte.gz` };
  const workers = intFlag('workers', values.workers, 1, 64) ?? defaultWorkerCount();
  const points: [string, DeployConfigInput][] = [
    ['float', {}],
    ['w8a8 integer', { weightBits: 8, activationBits: 8, mode: 'integer' }],
    ['w4a8 integer', { weightBits: 4, activationBits: 8, mode: 'integer' }],
    ['w4a8 prune50', { weightBits: 4, activationBits: 8, pruneRatio: 0.5, mode: 'integer' }],
    ['w2a8 integer', { weightBits: 2, activationBits: 8, mode: 'integer' }],
  ];
  const target = parseDeployTarget({ coding: 'rans' });
  io.out(`EdgeFront demo: ${model}`);
  io.out(`on ${data.path}${data.limit ? ` (first ${data.limit})` : ''}, calibrated on ${calib.path}`);
  io.out('');
  io.out(`hardware ${target.hardware}, weights rANS-coded`);
  io.out('design point   accuracy   95 % CI            weight bytes  bits/param  energy µJ  images/s');
  for (const [label, input] of points) {
    const r = await evaluateDesignPoint({ modelPath: model, data, calib, calibSize: 512, config: parseDeployConfig(input), target, workers });
    const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
    io.out(
      `${label.padEnd(14)} ${pct(r.accuracy).padStart(8)}   ${`${pct(r.accuracyCI95[0])}–${pct(r.accuracyCI95[1])}`.padEnd(17)} ${String(r.memory.weightBytes).padStart(12)}  ${r.memory.bitsPerParam.toFixed(2).padStart(10)}  ${(r.energy.perInferenceJoules * 1e6).toFixed(3).padStart(9)}  ${r.timing.imagesPerSecond.toFixed(0).padStart(8)}`,
    );
  }
  io.out('');
  io.out('2-bit weights with the default narrow symmetric rule keep only {-max, 0, +max} per channel; without');
  io.out('quantization-aware training this model does not survive them (see docs/models.md).');
  io.out('The desktop GUI arrives in a later release; try `edgefront eval --help` and `edgefront info MODEL`.');
  return 0;
}
