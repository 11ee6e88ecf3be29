/**
 * OnnxModel → IrGraph: validates the whole model at once (every problem listed in one error),
 * orders the nodes topologically and resolves every operator.
 */
import { InternalError } from '../../../src-shared/errors.js';
import type { OnnxModel } from '../onnx/model.js';
import { topologicalOrder, validateModel } from '../onnx/validate.js';
import { makeNode, type IrGraph, type IrNode } from './graph.js';
import { isModelOpSupported, normalizeDomain, resolveOp } from './resolve-op.js';

export function buildIr(model: OnnxModel): IrGraph {
  validateModel(model, isModelOpSupported);
  const order = topologicalOrder(model);
  const nodes: IrNode[] = order.map((index) => {
    const n = model.graph.nodes[index];
    const domain = normalizeDomain(n.domain);
    const op = resolveOp(domain, n.opType);
    if (!op) throw new InternalError('op-unresolved', `Validated node ${n.opType} '${n.name}' has no implementation.`);
    return makeNode({
      name: n.name || `${n.opType}_${index}`,
      opType: n.opType,
      domain,
      inputs: n.inputs,
      outputs: n.outputs,
      rawAttributes: n.attributes,
      op,
      opset: model.opsets.get(domain) ?? model.opsets.get('') ?? 13,
    });
  });
  const opsets = new Map<string, number>();
  for (const [d, v] of model.opsets) opsets.set(normalizeDomain(d), v);
  return {
    nodes,
    inputs: model.graph.inputs,
    outputs: model.graph.outputs,
    constants: new Map(model.graph.initializers),
    source: model.source,
    opsets,
  };
}
