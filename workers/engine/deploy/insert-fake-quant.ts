/**
 * Builds the fake-quant graph: one FakeQuant node at every quantization point of the fusion plan.
 * A group's output value keeps its name (the FakeQuant node writes it; the group now writes
 * `<value>::float`), so consumers and graph outputs are untouched. A graph input is quantized by
 * a FakeQuant node whose output `<input>::q` replaces the input in every consumer.
 */
import { makeNode, type IrGraph, type IrNode } from '../ir/graph.js';
import { makeFakeQuantOp, type ActivationQuantizer } from '../quant/ops/fake-quant.js';
import type { FusionPlan } from '../quant/fusion.js';

export function insertFakeQuant(
  graph: IrGraph,
  fusion: FusionPlan,
  quantizerFor: (value: string, group: number | null) => ActivationQuantizer | null,
): { graph: IrGraph; quantizers: ActivationQuantizer[] } {
  const quantizers: ActivationQuantizer[] = [];
  const opset = graph.opsets.get('') ?? 13;
  const fq = (q: ActivationQuantizer, input: string, output: string): IrNode =>
    makeNode({
      name: `${q.value}::fakequant`,
      opType: 'FakeQuant',
      domain: 'edgefront',
      inputs: [input],
      outputs: [output],
      rawAttributes: new Map(),
      op: makeFakeQuantOp(q),
      opset,
    });

  const rename = new Map<string, string>();
  const head: IrNode[] = [];
  for (const input of fusion.inputPoints) {
    const q = quantizerFor(input, null);
    if (!q) continue;
    quantizers.push(q);
    rename.set(input, `${input}::q`);
    head.push(fq(q, input, `${input}::q`));
  }
  const groupEnd = new Map<number, number>();
  fusion.groups.forEach((g, gi) => groupEnd.set(g.nodes[g.nodes.length - 1], gi));

  const nodes: IrNode[] = [...head];
  graph.nodes.forEach((node, index) => {
    const inputs = node.inputs.map((v) => rename.get(v) ?? v);
    const gi = groupEnd.get(index);
    const q = gi !== undefined ? quantizerFor(fusion.groups[gi].output, gi) : null;
    if (!q) {
      nodes.push(inputs.some((v, i) => v !== node.inputs[i]) ? makeNode({ ...node, attributes: node.attributes, inputs }) : node);
      return;
    }
    quantizers.push(q);
    const out = node.outputs[0];
    const floatName = `${out}::float`;
    nodes.push(makeNode({ ...node, attributes: node.attributes, inputs, outputs: [floatName, ...node.outputs.slice(1)] }));
    nodes.push(fq(q, floatName, out));
  });
  return { graph: { ...graph, nodes }, quantizers };
}
