/**
 * Runs a model's (already topologically sorted) nodes one by one on concrete tensors, straight
 * through the operator table: infer, allocate, run. A test harness for the operators, independent
 * of the engine's planner and executor, so an operator failure points at the operator.
 */
import { UserError } from '../../src-shared/errors.js';
import type { OnnxAttributeValue, OnnxModel } from '../../workers/engine/onnx/model.js';
import { Attributes } from '../../workers/engine/ops/attributes.js';
import type { InferContext, RunContext } from '../../workers/engine/ops/op.js';
import { getOp } from '../../workers/engine/ops/registry.js';
import { allocData, sizeOf, type Tensor } from '../../workers/engine/tensor.js';

/** Values by name after running every node: the feeds, the initializers and all node outputs. */
export function runNodes(model: OnnxModel, feeds: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  const values = new Map<string, Tensor>(model.graph.initializers);
  for (const [name, t] of feeds) values.set(name, t);
  model.graph.nodes.forEach((node, index) => {
    const domain = node.domain === 'ai.onnx' ? '' : node.domain;
    const op = getOp(domain, node.opType);
    const nodeName = node.name || `${node.opType} #${index}`;
    const where = `${node.opType} node '${nodeName}'`;
    if (op === undefined) {
      throw new UserError('op-unsupported', `${where}: operator ${domain ? `${domain}.` : ''}${node.opType} is not supported.`);
    }
    const inputs = node.inputs.map((name) => {
      if (name === '') return undefined;
      const t = values.get(name);
      if (t === undefined) throw new Error(`${where}: input '${name}' has no value.`);
      return t;
    });
    const base = {
      nodeName,
      opType: node.opType,
      opset: model.opsets.get(domain) ?? (domain === '' ? model.opsets.get('ai.onnx') : undefined) ?? 1,
      attributes: new Attributes(node.attributes, where),
      where,
    };
    const inferCtx: InferContext = {
      ...base,
      inputs: inputs.map((t) => (t ? { dtype: t.dtype, dims: t.dims } : undefined)),
      constInput: (i) => inputs[i],
      outputCount: node.outputs.length,
    };
    const types = op.infer(inferCtx);
    const outputs = types.map((t, i): Tensor => {
      if (i === 0 && op.aliasesInput0) return { dtype: t.dtype, dims: [...t.dims], data: (inputs[0] as Tensor).data };
      return { dtype: t.dtype, dims: [...t.dims], data: allocData(t.dtype, sizeOf(t.dims)) };
    });
    const runCtx: RunContext = { ...base, inputs, outputs };
    op.run(runCtx);
    outputs.forEach((t, i) => {
      if (node.outputs[i]) values.set(node.outputs[i], t);
    });
  });
  return values;
}

type AttributeInput = number | string | readonly number[] | Tensor | { readonly floats: readonly number[] } | { readonly float: number };

/** Converts plain values to ONNX attributes: integers → int, number[] → ints, {float}/{floats} for floats. */
function toAttribute(value: AttributeInput): OnnxAttributeValue {
  if (typeof value === 'number') return { type: 'int', value };
  if (typeof value === 'string') return { type: 'string', value };
  if (Array.isArray(value)) return { type: 'ints', value };
  if ('floats' in value) return { type: 'floats', value: value.floats };
  if ('float' in value) return { type: 'float', value: value.float };
  return { type: 'tensor', value: value as Tensor };
}

/**
 * Runs one operator on the given inputs (undefined = omitted optional input) and returns its
 * outputs. For hand-computed unit tests.
 */
export function runOp(
  opType: string,
  inputs: readonly (Tensor | undefined)[],
  attributes: Readonly<Record<string, AttributeInput>> = {},
  options: { opset?: number; outputCount?: number } = {},
): Tensor[] {
  const names = inputs.map((t, i) => (t === undefined ? '' : `in${i}`));
  const outputCount = options.outputCount ?? 1;
  const outputs = Array.from({ length: outputCount }, (_, i) => `out${i}`);
  const model: OnnxModel = {
    irVersion: 8,
    opsets: new Map([['', options.opset ?? 17]]),
    producerName: 'test',
    producerVersion: '',
    source: 'test',
    graph: {
      name: 'test',
      nodes: [
        {
          name: 'n',
          opType,
          domain: '',
          inputs: names,
          outputs,
          attributes: new Map(Object.entries(attributes).map(([k, v]) => [k, toAttribute(v)])),
        },
      ],
      inputs: [],
      outputs: [],
      initializers: new Map(),
      valueInfo: [],
    },
  };
  const feeds = new Map<string, Tensor>();
  inputs.forEach((t, i) => {
    if (t !== undefined) feeds.set(`in${i}`, t);
  });
  const values = runNodes(model, feeds);
  return outputs.map((name) => values.get(name) as Tensor);
}
