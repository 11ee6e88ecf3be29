/**
 * Peak activation memory of one inference (batch 1), the way an MCU runtime plans its tensor
 * arena (TFLite Micro: the peak of simultaneously live tensors): only tensors a deployed model
 * materializes count — graph inputs, the output of each fused group (intermediate values inside a
 * group never leave the accelerator's accumulators), and the outputs of value-preserving
 * operators that copy (MaxPool); reshape-like operators are views and cost nothing. Each tensor
 * is stored at its quantizer's bit-width (packed) or as float32.
 * This is a first model: alignment and per-tensor bookkeeping overheads arrive with the
 * cost models.
 */
import type { IrGraph } from '../ir/graph.js';
import type { ValueType } from '../ops/op.js';
import type { FusionPlan } from '../quant/fusion.js';
import { sizeOf } from '../tensor.js';

const VIEW_OPS = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout']);

export function activationPeakBytes(
  graph: IrGraph,
  fusion: FusionPlan,
  types: ReadonlyMap<string, ValueType>,
  bitsOf: (value: string) => number | null,
  isConstant: (value: string) => boolean,
): number {
  const owner = new Map<string, string>(); // view → the tensor that owns the memory
  const root = (v: string): string => owner.get(v) ?? v;
  const bytes = new Map<string, number>();
  const born = new Map<string, number>();
  const dies = new Map<string, number>();
  const storedBits = new Map<string, number>();
  const last = graph.nodes.length;

  const materialize = (v: string, step: number, bits: number) => {
    const t = types.get(v);
    if (!t || isConstant(v)) return;
    storedBits.set(v, bits);
    bytes.set(v, Math.ceil((sizeOf(t.dims) * bits) / 8));
    born.set(v, step);
  };
  for (const input of graph.inputs) materialize(input.name, -1, bitsOf(input.name) ?? 32);

  graph.nodes.forEach((node, i) => {
    for (const v of node.inputs) if (v && born.has(root(v))) dies.set(root(v), i);
    const gi = fusion.groupOfNode.get(i);
    if (gi !== undefined) {
      const g = fusion.groups[gi];
      // The group's output buffer is written while its input is still being read, so it is
      // live from the group's first node on.
      if (g.nodes[0] === i) materialize(g.output, i, bitsOf(g.output) ?? 32);
      return;
    }
    const out = node.outputs[0];
    const input = node.inputs[0];
    if (!out || !input) return;
    const inherited = storedBits.get(root(input)) ?? 32;
    if (VIEW_OPS.has(node.opType)) owner.set(out, root(input));
    else materialize(out, i, types.get(out)?.dtype === 'float32' ? inherited : 32);
  });
  for (const o of graph.outputs) if (born.has(root(o.name))) dies.set(root(o.name), last);

  let peak = 0;
  for (let step = -1; step <= last; step++) {
    let live = 0;
    for (const [v, b] of bytes) {
      const from = born.get(v)!;
      const to = dies.get(v) ?? from;
      if (from <= step && step <= to) live += b;
    }
    peak = Math.max(peak, live);
  }
  return peak;
}
