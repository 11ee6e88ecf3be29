/**
 * Integer mode: rewrites the deployed float graph so that activations travel as integer levels
 * between integer operators, exactly as an MCU or accelerator would run it.
 *
 * Each quantized group of the fusion plan becomes one integer operator when its kind has one
 * (Conv, Gemm/MatMul, Add, AveragePool/GlobalAveragePool, affine elementwise chains);
 * value-preserving operators (MaxPool, Flatten, Reshape, …) run unchanged on the levels. Anything
 * else runs in float between a Dequantize and a Quantize — a *float fallback*, listed in the
 * result so users see which nodes their target would have to run on a CPU.
 */
import { UserError } from '../../../src-shared/errors.js';
import type { DeployConfig } from '../../../src-shared/deploy-config.js';
import { weightLevels, type LayerWeights } from '../deploy/prepare-weights.js';
import { evaluateNode, inferNode } from '../exec/evaluate-node.js';
import { makeNode, type IrGraph, type IrNode } from '../ir/graph.js';
import type { OpDef, ValueType } from '../ops/op.js';
import type { FusionPlan, QuantGroup } from '../quant/fusion.js';
import type { ActivationQuantizer } from '../quant/ops/fake-quant.js';
import { makeTensor, sizeOf, toNumberArray, type Tensor } from '../tensor.js';
import type { IntWeights } from '../kernels/types.js';
import { conv2dGeometry } from './conv2d-geometry.js';
import { gridOf, type IntGrid } from './int-grid.js';
import { makeDequantizeOp, makeIntReluOp, makeQuantizeOp } from './ops/convert-ops.js';
import { makeQAddOp } from './ops/qadd.js';
import { makeQAffineOp } from './ops/qaffine.js';
import { makeIntMaxPoolOp } from './ops/int-maxpool.js';
import { makeQAvgPoolOp, poolWindow } from './ops/qavgpool.js';
import { makeQLinearOp } from './ops/qlinear.js';
import { Requantizer, type ClampReal } from './requantizer.js';

export interface LoweringInput {
  /** The float graph with deployed (pruned, dequantized) weights and no FakeQuant nodes. */
  readonly graph: IrGraph;
  readonly fusion: FusionPlan;
  readonly layers: readonly LayerWeights[];
  /** Fitted activation quantizers by quantization point. */
  readonly quantizers: readonly ActivationQuantizer[];
  /** Value types at batch 1 (from the analysis plan) and constants folded there. */
  readonly types: ReadonlyMap<string, ValueType>;
  readonly folded: ReadonlyMap<string, Tensor>;
  readonly config: DeployConfig;
}

/** Operators that run unchanged on integer levels (the result is on the input's grid). */
const LEVEL_OPS = new Set(['MaxPool', 'GlobalMaxPool', 'Reshape', 'Flatten', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity', 'Dropout']);

export function lowerToInteger(input: LoweringInput): { graph: IrGraph; floatFallbacks: string[] } {
  const { graph, fusion, config } = input;
  if (input.quantizers.length === 0) {
    throw new UserError('integer-needs-activations', 'Integer mode needs quantized activations: give --abits (e.g. --abits 8).');
  }
  const gridByValue = new Map<string, IntGrid>();
  for (const q of input.quantizers) if (q.params) gridByValue.set(q.value, gridOf(q.params));
  const layerByGroup = new Map(input.layers.map((l) => [l.group, l]));
  const constOf = (v: string): Tensor | undefined => graph.constants.get(v) ?? input.folded.get(v);
  const opset = graph.opsets.get('') ?? 13;

  const nodes: IrNode[] = [];
  const floatFallbacks: string[] = [];
  const intVal = new Map<string, { name: string; grid: IntGrid }>();
  const floatName = new Map<string, string>();
  const internal = (name: string, op: OpDef, inputs: string[], outputs: string[]): void => {
    nodes.push(makeNode({ name, opType: op.type, domain: 'edgefront', inputs, outputs, rawAttributes: new Map(), op, opset }));
  };
  const setInt = (v: string, grid: IntGrid): string => {
    const name = `${v}::int`;
    intVal.set(v, { name, grid });
    floatName.delete(v);
    return name;
  };
  /** Name of a float tensor holding v (dequantizing an integer value on demand). */
  const needFloat = (v: string): string => {
    if (!v || constOf(v)) return v;
    const f = floatName.get(v);
    if (f) return f;
    const iv = intVal.get(v);
    if (!iv) return v;
    const name = `${v}::dq`;
    internal(`${v}::dequantize`, makeDequantizeOp(iv.grid), [iv.name], [name]);
    floatName.set(v, name);
    return name;
  };
  const emitFloat = (node: IrNode, renameOutput?: string): void => {
    const inputs = node.inputs.map(needFloat);
    const outputs = renameOutput ? [renameOutput, ...node.outputs.slice(1)] : [...node.outputs];
    nodes.push(makeNode({ ...node, attributes: node.attributes, inputs, outputs }));
  };

  for (const v of fusion.inputPoints) {
    const grid = gridByValue.get(v);
    if (grid) internal(`${v}::quantize`, makeQuantizeOp(grid), [v], [setInt(v, grid)]);
  }

  const handled = new Set<number>();
  graph.nodes.forEach((node, index) => {
    if (handled.has(index)) return;
    const gi = fusion.groupOfNode.get(index);
    if (gi !== undefined && fusion.groups[gi].anchor === index) {
      const group = fusion.groups[gi];
      group.nodes.forEach((m) => handled.add(m));
      const grid = gridByValue.get(group.output);
      const lowered = grid ? lowerGroup(group, gi, grid) : null;
      if (lowered) {
        internal(`${node.name}::${lowered.op.type}`, lowered.op, lowered.inputs, [setInt(group.output, grid!)]);
        return;
      }
      // Float fallback for the whole group, then quantize its output.
      group.nodes.forEach((m) => {
        const n = graph.nodes[m];
        const last = m === group.nodes[group.nodes.length - 1];
        emitFloat(n, last && grid ? `${group.output}::float` : undefined);
      });
      if (grid) {
        floatFallbacks.push(node.name);
        internal(`${group.output}::quantize`, makeQuantizeOp(grid), [`${group.output}::float`], [setInt(group.output, grid)]);
      }
      return;
    }
    handled.add(index);
    const x = node.inputs[0];
    const iv = x ? intVal.get(x) : undefined;
    if (iv && node.domain === '' && node.opType === 'MaxPool') {
      const op = lowerMaxPool(node, x, iv.grid);
      if (op) {
        internal(`${node.name}::IntMaxPool`, op, [iv.name], [setInt(node.outputs[0], iv.grid)]);
        return;
      }
    }
    if (
      iv &&
      node.domain === '' &&
      LEVEL_OPS.has(node.opType) &&
      node.inputs.slice(1).every((v) => !v || constOf(v)) &&
      acceptsLevels(node, x, iv.grid)
    ) {
      const outputs = node.outputs.map((o, i) => (i === 0 ? setInt(o, iv.grid) : o));
      nodes.push(makeNode({ ...node, attributes: node.attributes, inputs: [iv.name, ...node.inputs.slice(1)], outputs }));
      return;
    }
    if (iv && node.domain === '' && LEVEL_OPS.has(node.opType)) {
      // A value-preserving op without an integer kernel for this storage type: run it in float;
      // its output lies on the input's grid, so quantizing it back is exact.
      floatFallbacks.push(node.name);
      emitFloat(node, `${node.outputs[0]}::float`);
      internal(`${node.outputs[0]}::quantize`, makeQuantizeOp(iv.grid), [`${node.outputs[0]}::float`], [setInt(node.outputs[0], iv.grid)]);
      return;
    }
    if (iv && node.domain === '' && node.opType === 'Relu') {
      internal(`${node.name}::IntRelu`, makeIntReluOp(iv.grid), [iv.name], [setInt(node.outputs[0], iv.grid)]);
      return;
    }
    if (node.inputs.some((v) => intVal.has(v))) floatFallbacks.push(node.name);
    emitFloat(node);
  });

  for (const o of graph.outputs) {
    const iv = intVal.get(o.name);
    if (iv && !floatName.has(o.name)) internal(`${o.name}::dequantize`, makeDequantizeOp(iv.grid), [iv.name], [o.name]);
  }
  return { graph: { ...graph, nodes }, floatFallbacks };

  /** Whether the operator takes this grid's storage type (e.g. MaxPool has no int32 kernel). */
  /**
   * A 2-D MaxPool without an Indices output or ceil_mode as an integer op (the generic float
   * operator would read the levels through a polymorphic typed array); null leaves it generic.
   */
  function lowerMaxPool(node: IrNode, xName: string, grid: IntGrid): OpDef | null {
    if (node.outputs.slice(1).some((o) => o) || node.attributes.int('ceil_mode', 0) !== 0) return null;
    const dims = input.types.get(xName)?.dims;
    const window = dims ? poolWindow(node.opType, node.attributes, dims) : null;
    if (!window || !(window.kH >= 1 && window.kW >= 1 && window.strideH >= 1 && window.strideW >= 1)) return null;
    if (!acceptsLevels(node, xName, grid)) return null;
    return makeIntMaxPoolOp(window, grid, (d) => floatInferDims(node, xName, d));
  }

  function acceptsLevels(node: IrNode, x: string, grid: IntGrid): boolean {
    const dims = input.types.get(x)?.dims;
    if (!dims) return false;
    try {
      const types = node.inputs.map((v, i): ValueType | undefined => {
        if (i === 0) return { dtype: grid.dtype, dims };
        const c = v ? constOf(v) : undefined;
        return c ? { dtype: c.dtype, dims: c.dims } : undefined;
      });
      inferNode(node, types, (i) => (i > 0 && node.inputs[i] ? constOf(node.inputs[i]) : undefined));
      return true;
    } catch {
      return false;
    }
  }

  function sameDims(a: string, b: string): boolean {
    const da = input.types.get(a)?.dims;
    const db = input.types.get(b)?.dims;
    return !!da && !!db && da.length === db.length && da.every((d, i) => d === db[i]);
  }

  /** The activation-carrying input of a group's anchor (the non-constant operand). */
  function inputOf(group: QuantGroup): string {
    const anchor = graph.nodes[group.anchor];
    return anchor.inputs.find((v) => v && !constOf(v)) ?? anchor.inputs[0];
  }

  function clampOf(group: QuantGroup): ClampReal {
    if (group.activation === undefined) return { lo: null, hi: null };
    const act = graph.nodes[group.activation];
    if (act.opType === 'Relu') return { lo: 0, hi: null };
    if (act.opset < 11) return { lo: act.attributes.float('min', -Infinity), hi: act.attributes.float('max', Infinity) };
    const lo = act.inputs[1] ? constOf(act.inputs[1]) : undefined;
    const hi = act.inputs[2] ? constOf(act.inputs[2]) : undefined;
    return { lo: lo ? toNumberArray(lo)[0] : null, hi: hi ? toNumberArray(hi)[0] : null };
  }

  function floatInferDims(node: IrNode, xName: string, dims: readonly number[]): readonly number[] {
    const types = node.inputs.map((v): ValueType | undefined => {
      if (!v) return undefined;
      if (v === xName) return { dtype: 'float32', dims };
      const c = constOf(v);
      return c ? { dtype: c.dtype, dims: c.dims } : input.types.get(v);
    });
    return inferNode(node, types, (i) => (node.inputs[i] ? constOf(node.inputs[i]) : undefined))[0].dims;
  }

  /** An integer op (and its integer inputs) for a group, or null when its kind has none. */
  function lowerGroup(group: QuantGroup, gi: number, out: IntGrid): { op: OpDef; inputs: string[] } | null {
    const anchor = graph.nodes[group.anchor];
    const clamp = clampOf(group);
    if (group.kind === 'add') {
      const [a, b] = anchor.inputs;
      const ia = intVal.get(a);
      const ib = intVal.get(b);
      if (!ia || !ib || !sameDims(a, b)) return null;
      return { op: makeQAddOp(ia.grid, ib.grid, out, clamp, config.requantRounding), inputs: [ia.name, ib.name] };
    }
    const xName = inputOf(group);
    const xv = intVal.get(xName);
    if (!xv) return null;
    const single = (op: OpDef | null) => (op ? { op, inputs: [xv.name] } : null);
    switch (group.kind) {
      case 'conv':
      case 'gemm':
      case 'matmul':
        return single(lowerLinear(group, gi, anchor, xName, xv.grid, out, clamp));
      case 'avgpool': {
        const dims = input.types.get(xName)?.dims;
        const window = dims ? poolWindow(anchor.opType, anchor.attributes, dims) : null;
        if (!window || anchor.attributes.int('ceil_mode', 0) !== 0) return null;
        return single(makeQAvgPoolOp(window, xv.grid, out, clamp, config.requantRounding, (d) => floatInferDims(anchor, xName, d)));
      }
      case 'affine':
        return single(lowerAffine(group, xName, xv.grid, out, clamp));
      default:
        return null;
    }
  }

  function lowerLinear(
    group: QuantGroup,
    gi: number,
    anchor: IrNode,
    xName: string,
    x: IntGrid,
    out: IntGrid,
    clamp: ClampReal,
  ): OpDef | null {
    const layer = layerByGroup.get(gi);
    if (!layer || !layer.quant) return null;
    const { params, codes } = layer.quant;
    const levels = weightLevels(layer.quant);
    const xDims = input.types.get(xName)?.dims;
    if (!xDims) return null;
    const channels = layer.channels;
    const per = codes.length / channels;
    const alpha = anchor.opType === 'Gemm' ? anchor.attributes.float('alpha', 1) : 1;
    const accScales = new Float64Array(channels);
    for (let c = 0; c < channels; c++) accScales[c] = alpha * params.scale[params.channels === 1 ? 0 : c] * x.scale;

    // Weight levels minus their zero-point, in the kernel's layout.
    const values = new Int32Array(codes.length);
    let fitsInt8 = true;
    for (let c = 0; c < channels; c++) {
      const zw = params.zeroPoint[params.channels === 1 ? 0 : c];
      for (let i = 0; i < per; i++) {
        const v = levels[c * per + i] - zw;
        values[c * per + i] = v;
        if (v < -128 || v > 127) fitsInt8 = false;
      }
    }
    const isConv = group.kind === 'conv';
    if (!isConv && xDims.length !== 2) return null;
    let laid: Int32Array = values;
    if (!isConv) {
      laid = new Int32Array(values.length); // [N, K] → [K, N]
      for (let n = 0; n < channels; n++) for (let k = 0; k < per; k++) laid[k * channels + n] = values[n * per + k];
    }
    const weights: IntWeights = fitsInt8 ? Int8Array.from(laid) : laid;

    let biasReal: number[] | null = null;
    if (anchor.opType === 'Conv' && anchor.inputs[2]) {
      const b = constOf(anchor.inputs[2]);
      if (!b) return null;
      biasReal = toNumberArray(b);
    } else if (anchor.opType === 'Gemm' && anchor.inputs[2]) {
      const c = constOf(anchor.inputs[2]);
      if (!c) return null;
      const beta = anchor.attributes.float('beta', 1);
      const v = toNumberArray(c);
      if (v.length === 1) biasReal = new Array<number>(channels).fill(v[0] * beta);
      else if (v.length === channels && c.dims[c.dims.length - 1] === channels) biasReal = v.map((e) => e * beta);
      else return null;
    }
    const bias = biasReal ? Int32Array.from(biasReal, (b, c) => clampInt32(Math.round(b / accScales[c]))) : null;
    const requantizer = new Requantizer(accScales, out, clamp, config.requantRounding);
    const inferDims = (d: readonly number[]) => floatInferDims(anchor, xName, d);
    if (isConv) {
      const wDims = layer.dims;
      const probe = conv2dGeometry(anchor.attributes, xDims, wDims, inferDims(xDims));
      if (!probe) return null;
      return makeQLinearOp({
        kind: 'conv',
        weights,
        bias,
        input: x,
        output: out,
        requantizer,
        inferDims,
        geometry: (xd, yd) => conv2dGeometry(anchor.attributes, xd, wDims, yd)!,
        accumulatorBits: config.accumulatorBits,
        overflow: config.accumulatorOverflow,
      });
    }
    return makeQLinearOp({
      kind: 'gemm',
      weights,
      bias,
      input: x,
      output: out,
      requantizer,
      inferDims,
      accumulatorBits: config.accumulatorBits,
      overflow: config.accumulatorOverflow,
    });
  }

  function lowerAffine(group: QuantGroup, xName: string, x: IntGrid, out: IntGrid, clamp: ClampReal): OpDef | null {
    const dims = input.types.get(xName)?.dims;
    if (!dims) return null;
    const chain = group.nodes.filter((m) => m !== group.activation).map((m) => graph.nodes[m]);
    const run = (fill: number): Tensor => {
      let value: Tensor = makeTensor('float32', dims, new Float32Array(sizeOf(dims)).fill(fill));
      let current = xName;
      for (const n of chain) {
        value = evaluateNode(
          n,
          n.inputs.map((v) => (v === current ? value : v ? constOf(v) : undefined)),
        )[0];
        current = n.outputs[0];
      }
      return value;
    };
    const f0 = run(0);
    const f1 = run(1);
    if (f0.dims.length !== dims.length || f0.dims.some((d, i) => d !== dims[i])) return null;
    const per = sizeOf(dims.slice(1));
    const beta = Float64Array.from((f0.data as Float32Array).subarray(0, per));
    const alpha = Float64Array.from((f1.data as Float32Array).subarray(0, per), (v, i) => v - beta[i]);
    if (alpha.some((a) => a === 0 || !Number.isFinite(a))) return null;
    return makeQAffineOp(alpha, beta, x, out, clamp, config.requantRounding);
  }
}

function clampInt32(v: number): number {
  return Math.max(-2147483648, Math.min(2147483647, v));
}
