/**
 * A model's layer table for `edgefront info` and the GUI's Model view: every operator that
 * survives constant folding, with its shapes at batch 1, parameter count and multiply-accumulate
 * count (MACs counted as on a dense accelerator: padding positions included, zeros not skipped).
 */
import type { IrGraph } from './ir/graph.js';
import { buildPlan } from './exec/plan.js';
import { sizeOf } from './tensor.js';

export interface LayerSummary {
  readonly name: string;
  readonly op: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShapes: readonly (readonly number[])[];
  /** Elements of the constant (weight/bias) inputs. */
  readonly params: number;
  readonly macs: number;
}

export interface ModelSummary {
  readonly inputs: readonly { name: string; dtype: string; dims: readonly (number | string | null)[] }[];
  readonly outputs: readonly { name: string; dtype: string; dims: readonly number[] }[];
  readonly layers: readonly LayerSummary[];
  readonly totalParams: number;
  readonly totalMacs: number;
  /** Activation buffer memory of the float plan at batch 1 (after buffer reuse). */
  readonly activationBytesFloat: number;
}

/** Concrete input dims for batch `batch`: symbolic or unknown dims become `batch` (first) or 1. */
export function concreteInputDims(graph: IrGraph, batch = 1): Map<string, number[]> {
  return new Map(
    graph.inputs.map((i) => [
      i.name,
      (i.dims ?? []).map((d, k) => (typeof d === 'number' && d > 0 ? d : k === 0 ? batch : 1)),
    ]),
  );
}

export function summarizeModel(graph: IrGraph): ModelSummary {
  const plan = buildPlan(graph, concreteInputDims(graph, 1));
  const consts = graph.constants;
  const layers: LayerSummary[] = plan.steps.map(({ node }) => {
    const shape = (v: string) => (v ? (plan.types.get(v)?.dims ?? []) : []);
    const params = node.inputs.reduce((n, v) => n + (v && consts.has(v) ? sizeOf(consts.get(v)!.dims) : 0), 0);
    return {
      name: node.name,
      op: node.opType,
      inputShapes: node.inputs.filter((v) => v && !consts.has(v)).map(shape),
      outputShapes: node.outputs.filter(Boolean).map(shape),
      params,
      macs: macsOf(node.opType, node.inputs.map(shape), node.outputs.map(shape), node.attributes.int('transA', 0) !== 0),
    };
  });
  return {
    inputs: graph.inputs.map((i) => ({ name: i.name, dtype: i.dtype ?? 'float32', dims: i.dims ?? [] })),
    outputs: graph.outputs.map((o) => ({ name: o.name, dtype: plan.types.get(o.name)?.dtype ?? '?', dims: plan.types.get(o.name)?.dims ?? [] })),
    layers,
    totalParams: layers.reduce((a, l) => a + l.params, 0),
    totalMacs: layers.reduce((a, l) => a + l.macs, 0),
    activationBytesFloat: plan.arenaBytes,
  };
}

export function macsOf(
  op: string,
  inputs: readonly (readonly number[])[],
  outputs: readonly (readonly number[])[],
  transA = false,
): number {
  const out = outputs[0] ?? [];
  switch (op) {
    case 'Conv': {
      const w = inputs[1] ?? [];
      // Each output element needs inC/group · prod(kernel) MACs; w = [outC, inC/group, ...kernel].
      return sizeOf(out) * sizeOf(w.slice(1));
    }
    case 'Gemm':
    case 'MatMul': {
      const a = inputs[0] ?? [];
      // K is the contracted dim: the last dim of A, or the first for Gemm with transA.
      const k = a.length ? a[transA ? 0 : a.length - 1] : 0;
      return sizeOf(out) * k;
    }
    default:
      return 0;
  }
}
