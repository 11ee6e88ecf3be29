/**
 * Execution-level fusion of an activation quantizer with the node that produces its input, so
 * the float tensor is quantized while it is still in cache instead of being written out and read
 * back by a separate FakeQuant pass (which was ~40 % of a fake-quant evaluation of the demo CNN):
 *
 *  - Conv or ConvRelu → FakeQuant becomes ConvFakeQuant (kernels `conv2dFakeQuant`: each chunk of
 *    outputs is convolved, rectified and quantized inside the wasm module);
 *  - Add [→ Relu] → FakeQuant becomes AddFakeQuant (kernels `addFakeQuant` for same-shape float32
 *    operands). A ReLU before a quantizer is the grid's lower bound raised to level 0: for every x,
 *    clamp(round(relu(x)/s), lo, hi) = clamp(round(x/s), max(lo, 0), hi), NaN and −0 included.
 *
 * Bit-identical to the unfused nodes (kernels-wasm.test.ts, deploy-fused-fake-quant.test.ts); a
 * grid the kernels do not take (HEQ thresholds, sparse levels) runs the unfused steps in turn.
 * Applied to the executable fake-quant graph after fuseConvRelu; calibration runs unfused, but
 * the fused ops still observe correctly when run before calibration.
 */
import { InternalError } from '../../../src-shared/errors.js';
import { consumerIndex, isGraphOutput, makeNode, type IrGraph, type IrNode } from '../ir/graph.js';
import { getKernels } from '../kernels/index.js';
import type { UniformGrid } from '../kernels/types.js';
import { addOp } from '../ops/add.js';
import { convOp, runConv } from '../ops/conv.js';
import type { OpDef, RunContext } from '../ops/op.js';
import { reluFloat32 } from '../ops/relu.js';
import { quantizerStateKey } from '../ops/state-key.js';
import { applyActivationQuantizer, type ActivationQuantizer, type FakeQuantOpDef } from '../quant/ops/fake-quant.js';
import { uniformGridOf } from '../quant/quantize.js';

function makeConvFakeQuantOp(q: ActivationQuantizer, relu: boolean): OpDef {
  return {
    type: 'ConvFakeQuant',
    domain: 'edgefront',
    noFold: true,
    stateKey: quantizerStateKey(() => q.params, relu),
    infer: (ctx) => convOp.infer(ctx),
    run(ctx) {
      const y = ctx.outputs[0].data as Float32Array;
      const params = q.params;
      if (!params) {
        // Not calibrated yet: the FakeQuant's pass-through-and-observe behaviour.
        runConv(ctx, relu);
        q.observer?.observe(y);
        return;
      }
      if (!runConv(ctx, relu, uniformGridOf(params))) applyActivationQuantizer(params, y, y);
    },
  };
}

function makeAddFakeQuantOp(q: ActivationQuantizer, relu: boolean): OpDef {
  return {
    type: 'AddFakeQuant',
    domain: 'edgefront',
    noFold: true,
    stateKey: quantizerStateKey(() => q.params, relu),
    infer(ctx) {
      const types = addOp.infer(ctx);
      if (types[0]?.dtype !== 'float32') throw new InternalError('fakequant-input', `${ctx.where}: AddFakeQuant needs float32 inputs.`);
      return types;
    },
    run(ctx) {
      const y = ctx.outputs[0].data as Float32Array;
      const params = q.params;
      const grid = params ? uniformGridOf(params) : null;
      const a = ctx.inputs[0]!.data as Float32Array;
      const b = ctx.inputs[1]!.data as Float32Array;
      const kernels = getKernels();
      if (grid && kernels.addFakeQuant && a.length === y.length && b.length === y.length) {
        kernels.addFakeQuant(a, b, relu ? rectified(grid) : grid, y);
        return;
      }
      addThenRelu(ctx, relu, y);
      if (params) applyActivationQuantizer(params, y, y);
      else q.observer?.observe(y);
    },
  };
}

function addThenRelu(ctx: RunContext, relu: boolean, y: Float32Array): void {
  addOp.run(ctx);
  if (relu) reluFloat32(y, y);
}

/** The grid of relu-then-quantize (see the header). */
function rectified(grid: UniformGrid): UniformGrid {
  return { ...grid, low: Math.max(grid.low, 0) };
}

function isFakeQuant(node: IrNode): node is IrNode & { op: FakeQuantOpDef } {
  return node.domain === 'edgefront' && node.opType === 'FakeQuant' && 'quantizer' in node.op;
}

/** The only node reading `value`, unless the value is also a graph output. */
function soleReader(graph: IrGraph, consumers: Map<string, number[]>, value: string): number | null {
  const readers = consumers.get(value) ?? [];
  return readers.length === 1 && !isGraphOutput(graph, value) ? readers[0] : null;
}

export function fuseFakeQuant(graph: IrGraph): IrGraph {
  const consumers = consumerIndex(graph);
  const absorbed = new Set<number>();
  const replaced = new Map<number, IrNode>();
  const fuse = (i: number, through: readonly number[], fq: IrNode & { op: FakeQuantOpDef }, op: OpDef): void => {
    for (const j of through) absorbed.add(j);
    const node = graph.nodes[i];
    replaced.set(i, makeNode({ ...node, attributes: node.attributes, op, opType: op.type, domain: 'edgefront', outputs: [fq.outputs[0]] }));
  };
  graph.nodes.forEach((node, i) => {
    if (node.outputs.length !== 1) return;
    const next = soleReader(graph, consumers, node.outputs[0]);
    if (next === null) return;
    const conv = node.domain === '' && node.opType === 'Conv';
    const convRelu = node.domain === 'edgefront' && node.opType === 'ConvRelu';
    if (conv || convRelu) {
      const fq = graph.nodes[next];
      if (isFakeQuant(fq)) fuse(i, [next], fq, makeConvFakeQuantOp(fq.op.quantizer, convRelu));
      return;
    }
    if (node.domain !== '' || node.opType !== 'Add' || node.inputs.length !== 2) return;
    const after = graph.nodes[next];
    if (isFakeQuant(after)) {
      fuse(i, [next], after, makeAddFakeQuantOp(after.op.quantizer, false));
      return;
    }
    if (after.domain !== '' || after.opType !== 'Relu' || after.outputs.length !== 1) return;
    const last = soleReader(graph, consumers, after.outputs[0]);
    const fq = last === null ? null : graph.nodes[last];
    if (fq && isFakeQuant(fq)) fuse(i, [next, last!], fq, makeAddFakeQuantOp(fq.op.quantizer, true));
  });
  if (replaced.size === 0) return graph;
  const nodes = graph.nodes.flatMap((n, i) => (absorbed.has(i) ? [] : [replaced.get(i) ?? n]));
  return { ...graph, nodes };
}
