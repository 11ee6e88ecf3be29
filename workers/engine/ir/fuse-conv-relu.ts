/**
 * Execution-level fusion of a Conv with the Relu that is its only reader: one ConvRelu node
 * computes both while the convolution's output is still in cache (the WebAssembly kernel applies
 * the ReLU per chunk). The result is bit-identical to the two nodes; the saved pass over the
 * output was ~19 % of the residual CNN's float time. Applied to the graphs a deployed model runs,
 * after the fusion plan and memory figures have been computed on the unfused graph.
 */
import type { OpDef } from '../ops/op.js';
import { convOp, runConv } from '../ops/conv.js';
import { consumerIndex, isGraphOutput, makeNode, type IrGraph, type IrNode } from './graph.js';

const convReluOp: OpDef = {
  type: 'ConvRelu',
  domain: 'edgefront',
  // Stateless: a Conv's attributes and inputs, then a ReLU.
  stateKey: () => '',
  infer: (ctx) => convOp.infer(ctx),
  run: (ctx) => runConv(ctx, true),
};

export function fuseConvRelu(graph: IrGraph): IrGraph {
  const consumers = consumerIndex(graph);
  const absorbed = new Set<number>();
  const replaced = new Map<number, IrNode>();
  graph.nodes.forEach((node, i) => {
    if (node.domain !== '' || node.opType !== 'Conv' || node.outputs.length !== 1) return;
    const out = node.outputs[0];
    const readers = consumers.get(out) ?? [];
    if (readers.length !== 1 || isGraphOutput(graph, out)) return;
    const relu = graph.nodes[readers[0]];
    if (relu.domain !== '' || relu.opType !== 'Relu') return;
    absorbed.add(readers[0]);
    replaced.set(i, makeNode({ ...node, attributes: node.attributes, op: convReluOp, opType: 'ConvRelu', domain: 'edgefront', outputs: [relu.outputs[0]] }));
  });
  if (replaced.size === 0) return graph;
  const nodes = graph.nodes.flatMap((n, i) => (absorbed.has(i) ? [] : [replaced.get(i) ?? n]));
  return { ...graph, nodes };
}
