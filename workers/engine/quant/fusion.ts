/**
 * Where activations are quantized: the fused groups of DESIGN.md's default conventions (those of
 * TFLite / AIMET). A group is an *anchor* node, optionally extended by a chain of elementwise
 * operations with constants (an input normalization (x − m) / s is one group), and optionally
 * closed by a Relu or Clip; its output is one quantization point. The graph inputs are points too.
 * Value-preserving operators (MaxPool, Flatten, Reshape, Transpose, …) keep their input's grid and
 * start no group: a maximum or a permutation of grid values is on the same grid.
 */
import type { IrGraph, IrNode } from '../ir/graph.js';
import { consumerIndex, isGraphOutput } from '../ir/graph.js';
import type { ValueType } from '../ops/op.js';
import type { Tensor } from '../tensor.js';

export type GroupKind = 'conv' | 'gemm' | 'matmul' | 'add' | 'avgpool' | 'affine' | 'other';

export interface QuantGroup {
  readonly kind: GroupKind;
  /** Indices into graph.nodes: anchor first, then the absorbed chain, the activation last. */
  readonly nodes: readonly number[];
  readonly anchor: number;
  /** Index of the fused Relu/Clip, if any. */
  readonly activation?: number;
  /** The value at the end of the group: its quantization point. */
  readonly output: string;
  /** Name of the constant weight input of a conv/gemm/matmul anchor. */
  readonly weight?: string;
}

export interface FusionPlan {
  readonly groups: readonly QuantGroup[];
  /** Group index by node index, for every node that belongs to a group. */
  readonly groupOfNode: ReadonlyMap<number, number>;
  /** Float graph inputs (quantized as they enter). */
  readonly inputPoints: readonly string[];
}

/** Operators whose float output lies on their float input's grid. */
export const VALUE_PRESERVING = new Set([
  'MaxPool',
  'GlobalMaxPool',
  'Reshape',
  'Flatten',
  'Transpose',
  'Squeeze',
  'Unsqueeze',
  'Identity',
  'Dropout',
  'Relu',
  'Gather',
  'Pad',
]);

const ACTIVATIONS = new Set(['Relu', 'Clip']);
const ELEMENTWISE_ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div']);

export function planFusion(
  graph: IrGraph,
  types: ReadonlyMap<string, ValueType>,
  isConstant: (value: string) => boolean,
): FusionPlan {
  const consumers = consumerIndex(graph);
  const groups: QuantGroup[] = [];
  const groupOfNode = new Map<number, number>();
  const isFloat = (v: string): boolean => types.get(v)?.dtype === 'float32' && !isConstant(v);
  const singleConsumer = (v: string): number | undefined => {
    const c = consumers.get(v) ?? [];
    return c.length === 1 && !isGraphOutput(graph, v) ? c[0] : undefined;
  };
  const constOperands = (n: IrNode): number => n.inputs.filter((v) => v && isConstant(v)).length;
  // x ± c, c − x, x · c, c · x and x / c are affine in x; c / x is not.
  const isAffineWithConst = (n: IrNode): boolean =>
    n.domain === '' &&
    ELEMENTWISE_ARITHMETIC.has(n.opType) &&
    n.inputs.length === 2 &&
    constOperands(n) === 1 &&
    !(n.opType === 'Div' && isConstant(n.inputs[0]));

  graph.nodes.forEach((node, index) => {
    if (groupOfNode.has(index)) return;
    const out = node.outputs[0];
    if (!out || !isFloat(out)) return;
    if (node.domain === '' && VALUE_PRESERVING.has(node.opType)) {
      // Padding with a non-zero constant leaves the grid.
      if (node.opType !== 'Pad' || padsWithZero(node, graph)) return;
    }
    const kind = kindOf(node, isConstant, isAffineWithConst);
    const members = [index];
    let last = node;
    if (kind === 'affine') {
      for (let next = singleConsumer(last.outputs[0]); next !== undefined; next = singleConsumer(last.outputs[0])) {
        const n = graph.nodes[next];
        if (!isAffineWithConst(n) || groupOfNode.has(next)) break;
        members.push(next);
        last = n;
      }
    }
    let activation: number | undefined;
    const next = singleConsumer(last.outputs[0]);
    if (next !== undefined) {
      const n = graph.nodes[next];
      const clipConst = n.opType !== 'Clip' || n.inputs.slice(1).every((v) => !v || isConstant(v));
      if (n.domain === '' && ACTIVATIONS.has(n.opType) && clipConst && !groupOfNode.has(next)) {
        members.push(next);
        activation = next;
        last = n;
      }
    }
    const weight =
      kind === 'conv' || kind === 'gemm' || kind === 'matmul' ? node.inputs[1] : undefined;
    const g: QuantGroup = { kind, nodes: members, anchor: index, activation, output: last.outputs[0], weight };
    for (const m of members) groupOfNode.set(m, groups.length);
    groups.push(g);
  });

  const inputPoints = graph.inputs.filter((i) => types.get(i.name)?.dtype === 'float32').map((i) => i.name);
  return { groups, groupOfNode, inputPoints };
}

function kindOf(node: IrNode, isConstant: (v: string) => boolean, isAffine: (n: IrNode) => boolean): GroupKind {
  if (node.domain !== '') return 'other';
  switch (node.opType) {
    case 'Conv':
      return isConstant(node.inputs[1]) ? 'conv' : 'other';
    case 'Gemm':
      return isConstant(node.inputs[1]) && node.attributes.int('transA', 0) === 0 ? 'gemm' : 'other';
    case 'MatMul':
      return isConstant(node.inputs[1]) ? 'matmul' : 'other';
    case 'AveragePool':
    case 'GlobalAveragePool':
      return 'avgpool';
    case 'Add':
      return isAffine(node) ? 'affine' : 'add';
    default:
      return isAffine(node) ? 'affine' : 'other';
  }
}

function padsWithZero(node: IrNode, graph: IrGraph): boolean {
  if (node.attributes.string('mode', 'constant') !== 'constant') return false;
  const valueName = node.opset >= 11 ? node.inputs[2] : undefined;
  if (valueName) {
    const v: Tensor | undefined = graph.constants.get(valueName);
    return !!v && v.data.length === 1 && Number(v.data[0]) === 0;
  }
  return node.attributes.float('value', 0) === 0;
}
