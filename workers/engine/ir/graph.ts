/**
 * The engine's intermediate representation: an ONNX graph after validation, topologically
 * ordered, with every operator resolved to its implementation. Transforms (constant folding,
 * BatchNormalization folding, pruning, quantization) take an `IrGraph` and return a new one;
 * execution plans (`exec/plan.ts`) are built from an `IrGraph` for concrete input dims.
 */
import type { OnnxAttributeValue, OnnxValueInfo } from '../onnx/model.js';
import { Attributes } from '../ops/attributes.js';
import type { OpDef } from '../ops/op.js';
import type { Tensor } from '../tensor.js';

export interface IrNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly rawAttributes: ReadonlyMap<string, OnnxAttributeValue>;
  readonly attributes: Attributes;
  readonly op: OpDef;
  /** Opset the model imports for this node's domain. */
  readonly opset: number;
}

export interface IrGraph {
  /** Nodes in a valid execution order. */
  readonly nodes: readonly IrNode[];
  /** What the user feeds (graph inputs that are not initializers). */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /** Constant tensors: initializers and everything folded into constants. */
  readonly constants: ReadonlyMap<string, Tensor>;
  /** Where the graph came from, for messages. */
  readonly source: string;
  /** Opset per domain ('' = ai.onnx), carried for nodes that transforms create. */
  readonly opsets: ReadonlyMap<string, number>;
}

/** "Conv node 'conv1'" (or "Conv node #3" when the file gives no name). */
export function describeNode(opType: string, name: string): string {
  return `${opType} node '${name}'`;
}

export function makeNode(
  fields: Omit<IrNode, 'attributes'> & { attributes?: Attributes },
): IrNode {
  return {
    ...fields,
    attributes: fields.attributes ?? new Attributes(fields.rawAttributes, describeNode(fields.opType, fields.name)),
  };
}

/** Index from value name to the node index that produces it. */
export function producerIndex(graph: IrGraph): Map<string, number> {
  const m = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.outputs.forEach((o) => o && m.set(o, i)));
  return m;
}

/** Index from value name to the indices of the nodes that read it. */
export function consumerIndex(graph: IrGraph): Map<string, number[]> {
  const m = new Map<string, number[]>();
  graph.nodes.forEach((n, i) =>
    n.inputs.forEach((v) => {
      if (!v) return;
      const list = m.get(v);
      if (list) list.push(i);
      else m.set(v, [i]);
    }),
  );
  return m;
}

export function isGraphOutput(graph: IrGraph, value: string): boolean {
  return graph.outputs.some((o) => o.name === value);
}
