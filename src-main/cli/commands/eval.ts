/** `edgefront eval`: accuracy (with a 95 % interval), memory and per-layer figures of one design point. */
import { parseArgs } from 'node:util';
import type { EvalResult } from '../../../src-shared/eval-result.js';
import { defaultWorkerCount, evaluateDesignPoint } from '../../services/evaluation-service.js';
import type { CommandIo } from '../command-io.js';
import { BUILTIN_PROFILE_IDS } from '../../../workers/cost/profiles.js';
import { DEPLOY_HELP, DEPLOY_OPTIONS, TARGET_OPTIONS, deployConfigFromFlags, deployTargetFromFlags, targetHelp } from '../deploy-flags.js';
import { intFlag, numberListFlag } from '../flag-values.js';
import { UsageError } from '../usage-error.js';

export const EVAL_HELP = `Usage: edgefront eval --model MODEL.onnx --data DATA [options]

Data:
  --model FILE            ONNX model
  --data PATH             IDX (optionally .gz), NPY/NPZ (x, y) or an image folder (one sub-folder per class)
  --labels FILE           labels for IDX or NPY data (IDX default: the MNIST-named sibling file)
  --limit N               evaluate the first N samples only
  --mean M1,M2,..         per-channel mean subtracted after scaling (uint8 is scaled by 1/255)
  --std S1,S2,..          per-channel standard deviation
  --calib PATH            calibration set (default: the first --calib-size samples of --data, with a notice)
  --calib-labels FILE     labels of the calibration set when they cannot be found next to it
  --calib-size N          calibration samples (default 512)
Execution:
  --workers N             worker threads (default ${defaultWorkerCount()})
  --json                  print one JSON document on stdout and nothing else

${DEPLOY_HELP}

${targetHelp(BUILTIN_PROFILE_IDS)}`;

export async function evalCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...DEPLOY_OPTIONS,
      model: { type: 'string' },
      data: { type: 'string' },
      labels: { type: 'string' },
      limit: { type: 'string' },
      mean: { type: 'string' },
      std: { type: 'string' },
      calib: { type: 'string' },
      'calib-labels': { type: 'string' },
      'calib-size': { type: 'string' },
      ...TARGET_OPTIONS,
      workers: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(EVAL_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`eval takes no positional arguments; got '${positionals[0]}'. Use --model and --data.`);
  if (!values.model) throw new UsageError('eval needs --model MODEL.onnx.');
  if (!values.data) throw new UsageError('eval needs --data PATH (IDX, NPY/NPZ or an image folder).');
  const config = deployConfigFromFlags(values);
  const mean = numberListFlag('mean', values.mean);
  const std = numberListFlag('std', values.std);
  if (std?.some((s) => s <= 0)) throw new UsageError(`--std values must be positive; got '${values.std}'.`);
  const target = deployTargetFromFlags(values);
  const result = await evaluateDesignPoint(
    {
      modelPath: values.model,
      data: { path: values.data, labelsPath: values.labels, limit: intFlag('limit', values.limit, 1, 2 ** 31), mean, std },
      calib: values.calib ? { path: values.calib, labelsPath: values['calib-labels'], mean, std } : undefined,
      calibSize: intFlag('calib-size', values['calib-size'], 1, 1_000_000) ?? 512,
      config,
      target,
      workers: intFlag('workers', values.workers, 1, 64) ?? defaultWorkerCount(),
    },
    {
      onNotice: (m) => io.err(`Notice: ${m}`),
      onProgress: values.json ? undefined : progressPrinter(io),
    },
  );
  if (values.json) io.out(JSON.stringify(result, null, 2));
  else printResult(result, io);
  return 0;
}

function progressPrinter(io: CommandIo): (done: number, total: number) => void {
  let lastPercent = -1;
  return (done, total) => {
    const percent = Math.floor((100 * done) / total);
    if (io.interactive) {
      const width = 30;
      const filled = Math.round((width * done) / total);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
    } else if (percent >= lastPercent + 25 || done === total) {
      lastPercent = percent;
      io.err(`evaluated ${done}/${total} samples`);
    }
  };
}

function printResult(r: EvalResult, io: CommandIo): void {
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  io.out(`model     ${r.model}`);
  io.out(`dataset   ${r.dataset} (${r.samples} samples)`);
  io.out(`mode      ${r.mode}`);
  io.out(`accuracy  ${pct(r.accuracy)}  (95 % CI ${pct(r.accuracyCI95[0])} – ${pct(r.accuracyCI95[1])})`);
  const h = r.hardware;
  io.out(`hardware  ${h.profile}${h.vdd !== null ? `, SRAM at ${h.vdd} V (nominal ${h.vnom} V, Vmin ${h.vmin} V), BER ${h.ber.toExponential(2)}${h.berExtrapolated ? ' (extrapolated)' : ''}` : ''}`);
  if (r.faults) {
    const f = r.faults;
    const spread = f.std === null ? 'one seed: give --seeds K for the spread over chips' : `std ${pct(f.std)} over ${f.seeds} seeds`;
    io.out(`faults    ${f.persistence} ${f.mode}, ${f.protectMsb} protected MSBs: mean ${f.meanFaultyBits.toFixed(1)} faulty bits per draw, ${f.meanChangedWeights.toFixed(1)} weights changed; ${spread}`);
  }
  io.out(`weights   ${r.memory.weightBytes} bytes (${h.storage}), ${r.memory.bitsPerParam.toFixed(3)} bits/parameter over ${r.memory.params} parameters, in ${r.memory.weightsLevel}${r.memory.fits.weights ? '' : ' — DOES NOT FIT'}`);
  io.out(`act. peak ${r.memory.activationPeakBytes} bytes (batch 1; ${r.memory.activationBytes} with runtime overheads) in ${r.memory.activationsLevel}${r.memory.fits.activations ? '' : ' — DOES NOT FIT'}`);
  io.out(`energy    ${(r.energy.perInferenceJoules * 1e6).toFixed(3)} µJ per inference (compute ${(r.energy.computeJoules * 1e6).toFixed(3)}, memory ${(Object.values(r.energy.memoryJoules).reduce((a, b) => a + b, 0) * 1e6).toFixed(3)}, decoder ${(r.energy.decoderJoules * 1e6).toFixed(3)}, leakage ${(r.energy.leakageJoules * 1e6).toFixed(3)})`);
  io.out(`latency   ${r.latency.cycles.toFixed(0)} cycles, ${(r.latency.seconds * 1e3).toFixed(3)} ms`);
  for (const w of h.warnings) io.out(`warning   ${w}`);
  if (r.calibration) io.out(`calib     ${r.calibration.samples} samples, ${r.calibration.method}, from ${r.calibration.source}`);
  if (r.foldedBatchNorms.length) io.out(`BN folded ${r.foldedBatchNorms.join(', ')}`);
  if (r.floatFallbacks.length) io.out(`float fallbacks (integer mode ran these in float): ${r.floatFallbacks.join(', ')}`);
  io.out('');
  const bpp = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  const rows = r.layers.map((l) => [
    l.name, l.op, String(l.params), l.bits === null ? 'float' : String(l.bits), (100 * l.sparsity).toFixed(1), String(l.codedBytes), l.storageFormat,
    bpp(l.entropyBitsPerParam), bpp(l.codedBitsPerParam.huffman), bpp(l.codedBitsPerParam.rans), String(l.macs), l.energyJoules === null ? '-' : (l.energyJoules * 1e9).toFixed(2),
  ]);
  const header = ['layer', 'op', 'params', 'bits', 'sparsity %', 'bytes', 'format', 'H bits/w', 'huff b/w', 'rANS b/w', 'MACs', 'energy nJ'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((v, c) => (c >= 2 && c !== 6 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ');
  io.out(line(header));
  for (const row of rows) io.out(line(row));
  io.out('');
  io.out(`${r.timing.imagesPerSecond.toFixed(0)} images/s with ${r.timing.workers} worker(s), ${r.timing.seconds.toFixed(1)} s in all`);
}
