/**
 * Graph-level constant folding: every node whose inputs are all constant (Constant nodes,
 * weight-side arithmetic such as a Transpose or Identity on an initializer) is evaluated once and
 * replaced by its value. Shape-dependent folding (Shape of an activation) waits for concrete dims
 * in `exec/plan.ts`. Folding first means later transforms (BatchNormalization folding, weight
 * quantization) see weights as plain constants, whatever the exporter wrapped them in.
 */
import { evaluateNode } from '../exec/evaluate-node.js';
import type { Tensor } from '../tensor.js';
import type { IrGraph, IrNode } from './graph.js';

export function foldConstants(graph: IrGraph): IrGraph {
  const constants = new Map<string, Tensor>(graph.constants);
  const nodes: IrNode[] = [];
  for (const node of graph.nodes) {
    const allConst = node.inputs.every((v) => !v || constants.has(v));
    // A graph output computed by a folded node stays a constant output: the plan serves it.
    if (!node.op.noFold && allConst) {
      const values = evaluateNode(node, node.inputs.map((v) => (v ? constants.get(v) : undefined)));
      values.forEach((t, i) => {
        const name = node.outputs[i];
        if (name) constants.set(name, t);
      });
      continue;
    }
    nodes.push(node);
  }
  return { ...graph, nodes, constants };
}
