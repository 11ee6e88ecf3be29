/**
 * `edgefront run MODEL --input NAME=FILE ... --output-dir DIR`: runs a model once on given tensors
 * and writes every graph output as NAME.npy, so results can be compared tensor by tensor with
 * another runtime (as with Polygraphy). Takes the same quantization flags as `eval`.
 */
import { mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../../../src-shared/errors.js';
import { loadDataset } from '../../../workers/data/dataset.js';
import { readNpy, writeNpy } from '../../../workers/data/npy.js';
import { deployModel } from '../../../workers/engine/deploy/deploy-model.js';
import { buildIr } from '../../../workers/engine/ir/build-ir.js';
import { readOnnxModelFile } from '../../../workers/engine/onnx/read-model.js';
import { readTensorProtoFile } from '../../../workers/engine/onnx/read-tensor-proto.js';
import { initKernels } from '../../../workers/engine/kernels/init.js';
import type { Tensor } from '../../../workers/engine/tensor.js';
import type { CommandIo } from '../command-io.js';
import { DEPLOY_HELP, DEPLOY_OPTIONS, deployConfigFromFlags } from '../deploy-flags.js';
import { intFlag } from '../flag-values.js';
import { UsageError } from '../usage-error.js';

export const RUN_HELP = `Usage: edgefront run MODEL --input NAME=FILE [--input NAME=FILE ...] --output-dir DIR [options]

Inputs are .npy files or ONNX TensorProto .pb files; each graph output is written to DIR as
<output name>.npy. With --abits, activation ranges are calibrated on --calib PATH (a dataset as
for eval; first --calib-size samples, default 512).

${DEPLOY_HELP}`;

export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...DEPLOY_OPTIONS,
      input: { type: 'string', multiple: true },
      'output-dir': { type: 'string' },
      calib: { type: 'string' },
      'calib-labels': { type: 'string' },
      'calib-size': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('run takes exactly one MODEL file.');
  if (!values['output-dir']) throw new UsageError('run needs --output-dir DIR.');
  const config = deployConfigFromFlags(values);
  await initKernels();
  const graph = buildIr(await readOnnxModelFile(positionals[0]));

  const feeds = new Map<string, Tensor>();
  for (const spec of values.input ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input must look like NAME=FILE; got '${spec}'.`);
    const name = spec.slice(0, eq);
    const file = spec.slice(eq + 1);
    if (!graph.inputs.some((i) => i.name === name)) {
      throw new UsageError(`The model has no input '${name}'; its inputs are ${graph.inputs.map((i) => `'${i.name}'`).join(', ')}.`);
    }
    const ext = extname(file).toLowerCase();
    const tensor = ext === '.pb' ? (await readTensorProtoFile(file)).tensor : ext === '.npy' ? await readNpy(file, `input '${name}'`) : null;
    if (!tensor) throw new UsageError(`Input file ${file} must be .npy or .pb (ONNX TensorProto).`);
    feeds.set(name, tensor);
  }
  const missing = graph.inputs.filter((i) => !feeds.has(i.name));
  if (missing.length) throw new UsageError(`Give every model input: missing ${missing.map((i) => `--input ${i.name}=FILE`).join(', ')}.`);

  let calibration;
  if (config.activationBits !== null || Object.values(config.layers).some((l) => l.activationBits != null)) {
    if (!values.calib) throw new UsageError('Quantized activations need a calibration set: add --calib PATH (a dataset as for eval).');
    const input = graph.inputs[0];
    const dims = (input.dims ?? []).slice(1).map((d) => (typeof d === 'number' && d > 0 ? d : 1));
    const calib = await loadDataset({ path: values.calib, labelsPath: values['calib-labels'], limit: intFlag('calib-size', values['calib-size'], 1, 1_000_000) ?? 512 }, { dims });
    calibration = { x: calib.x, sampleDims: calib.sampleDims, count: calib.count };
  }
  const firstInput = graph.inputs.length === 1 ? feeds.get(graph.inputs[0].name) : undefined;
  const deployed = deployModel(graph, config, calibration, firstInput?.dims);
  const outputs = deployed.session.run(feeds);
  const dir = values['output-dir'];
  await mkdir(dir, { recursive: true });
  const written: { output: string; file: string; dtype: string; dims: readonly number[] }[] = [];
  for (const [name, tensor] of outputs) {
    const file = join(dir, `${safeFileName(name)}.npy`);
    try {
      await writeNpy(file, tensor);
    } catch (e) {
      throw new UserError('output-write', `Could not write ${file}: ${(e as Error).message}. Check the folder is writable and the disk has space.`);
    }
    written.push({ output: name, file, dtype: tensor.dtype, dims: tensor.dims });
  }
  if (values.json) io.out(JSON.stringify({ model: positionals[0], outputs: written }, null, 2));
  else for (const w of written) io.out(`${w.output}: ${w.dtype} [${w.dims.join(', ')}] → ${w.file}`);
  return 0;
}

/** Output names may contain '/' or ':' (exporters use scopes); keep file names portable. */
function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || 'output';
}
