/** `edgefront info MODEL [--json]`: inputs, outputs and the layer table (shapes, params, MACs). */
import { parseArgs } from 'node:util';
import { buildIr } from '../../../workers/engine/ir/build-ir.js';
import { summarizeModel } from '../../../workers/engine/model-summary.js';
import { readOnnxModelFile } from '../../../workers/engine/onnx/read-model.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from '../command-io.js';

export const INFO_HELP = `Usage: edgefront info MODEL [--json]

Prints the model's inputs, outputs and layers with their shapes (at batch 1), parameter counts
and multiply-accumulate counts.`;

export async function infoCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(INFO_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('info takes exactly one MODEL file.');
  const model = await readOnnxModelFile(positionals[0]);
  const summary = summarizeModel(buildIr(model));
  if (values.json) {
    io.out(JSON.stringify({ model: positionals[0], opsets: Object.fromEntries(model.opsets), producer: model.producerName, ...summary }, null, 2));
    return 0;
  }
  const shape = (d: readonly (number | string | null)[]) => `[${d.map((x) => x ?? '?').join(', ')}]`;
  io.out(`${positionals[0]}  (producer ${model.producerName || 'unknown'}, opset ${model.opsets.get('') ?? '?'})`);
  for (const i of summary.inputs) io.out(`  input  ${i.name}: ${i.dtype} ${shape(i.dims)}`);
  for (const o of summary.outputs) io.out(`  output ${o.name}: ${o.dtype} ${shape(o.dims)}`);
  const rows = summary.layers.map((l) => [l.name, l.op, l.outputShapes.map(shape).join(' '), String(l.params), String(l.macs)]);
  const header = ['layer', 'op', 'output shape', 'params', 'MACs'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c >= 3 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ');
  io.out('');
  io.out(line(header));
  for (const r of rows) io.out(line(r));
  io.out('');
  io.out(`total: ${summary.totalParams} parameters, ${summary.totalMacs} MACs per sample`);
  return 0;
}
