/**
 * Runs one node on concrete tensors outside a plan: used to fold constants (at graph level and
 * when a plan is built) and by tests. Allocates its outputs.
 */
import type { IrNode } from '../ir/graph.js';
import type { InferContext, RunContext, ValueType } from '../ops/op.js';
import { allocData, sizeOf, type Tensor } from '../tensor.js';

export function describe(node: IrNode): string {
  return `${node.opType} node '${node.name}'`;
}

export function inferNode(
  node: IrNode,
  inputTypes: readonly (ValueType | undefined)[],
  constInput: (index: number) => Tensor | undefined,
): ValueType[] {
  const ctx: InferContext = {
    nodeName: node.name,
    opType: node.opType,
    opset: node.opset,
    attributes: node.attributes,
    where: describe(node),
    inputs: inputTypes,
    constInput,
    outputCount: node.outputs.length,
  };
  return node.op.infer(ctx);
}

export function runNode(node: IrNode, inputs: readonly (Tensor | undefined)[], outputs: readonly Tensor[]): void {
  const ctx: RunContext = {
    nodeName: node.name,
    opType: node.opType,
    opset: node.opset,
    attributes: node.attributes,
    where: describe(node),
    inputs,
    outputs,
  };
  node.op.run(ctx);
}

/** Infers, allocates and runs `node` on `inputs`; alias outputs share input 0's data. */
export function evaluateNode(node: IrNode, inputs: readonly (Tensor | undefined)[]): Tensor[] {
  const types = inferNode(
    node,
    inputs.map((t) => (t ? { dtype: t.dtype, dims: t.dims } : undefined)),
    (i) => inputs[i],
  );
  const outputs = types.map((t, i): Tensor => {
    if (i === 0 && node.op.aliasesInput0 && inputs[0]) return { dtype: t.dtype, dims: [...t.dims], data: inputs[0].data };
    return { dtype: t.dtype, dims: [...t.dims], data: allocData(t.dtype, sizeOf(t.dims)) };
  });
  runNode(node, inputs, outputs);
  return outputs;
}
