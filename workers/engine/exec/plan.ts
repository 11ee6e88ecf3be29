/**
 * An execution plan: the IR specialised to concrete input dims. Building it
 * - infers every value's dtype and dims in node order,
 * - folds what is constant at this point (nodes whose inputs are all constant, and Shape of any
 *   value, since dims are now known — this is what removes the Shape/Gather/Unsqueeze/Concat
 *   chains PyTorch exports in front of Reshape),
 * - assigns every remaining value a buffer slot by liveness, so values whose lifetimes do not
 *   overlap share memory (greedy best-fit, as TFLite Micro's planner; outputs of alias ops are
 *   views of their input and extend its lifetime),
 * - creates every tensor view and run context once, so running a batch allocates nothing.
 */
import { UserError } from '../../../src-shared/errors.js';
import type { OnnxDim } from '../onnx/model.js';
import type { IrGraph, IrNode } from '../ir/graph.js';
import type { RunContext, ValueType } from '../ops/op.js';
import { BYTES_PER_ELEMENT, allocData, formatDims, sizeOf, viewData, type Tensor } from '../tensor.js';
import { describe, evaluateNode, inferNode } from './evaluate-node.js';

/** Ops whose output depends only on their input's dims, so they fold once dims are known. */
const DIMS_ONLY_OPS = new Set(['Shape']);

interface Step {
  readonly node: IrNode;
  readonly ctx: RunContext;
}

export interface ExecPlan {
  readonly steps: readonly Step[];
  /** Tensors bound to graph inputs: the executor copies feeds into these views' buffers. */
  readonly inputTensors: ReadonlyMap<string, Tensor>;
  readonly outputTensors: ReadonlyMap<string, Tensor>;
  /** Every value's type, for inspection (info, per-layer statistics). */
  readonly types: ReadonlyMap<string, ValueType>;
  /** Sum of slot sizes: the activation memory this plan needs. */
  readonly arenaBytes: number;
  /** Node outputs that became constants while planning. */
  readonly folded: ReadonlyMap<string, Tensor>;
  /** The buffer view of a computed value (graph input or step output); undefined for constants and unknown names. */
  valueTensor(name: string): Tensor | undefined;
}

export type InputDims = ReadonlyMap<string, readonly number[]>;

export function dimsKey(dims: InputDims): string {
  return [...dims.entries()].map(([k, v]) => `${k}:${v.join('x')}`).join(';');
}

export function checkInputDims(graph: IrGraph, name: string, declared: readonly OnnxDim[] | undefined, actual: readonly number[]): void {
  if (!declared) return;
  const ok = declared.length === actual.length && declared.every((d, i) => typeof d !== 'number' || d === actual[i] || d <= 0);
  if (!ok) {
    throw new UserError(
      'input-shape',
      `Input '${name}' of ${graph.source} expects shape [${declared.map((d) => (typeof d === 'number' ? d : (d ?? '?'))).join(', ')}] but was given ${formatDims(actual)}. Check the dataset or input file against \`edgefront info\`.`,
      { input: name, expected: declared, actual },
    );
  }
}

export function buildPlan(graph: IrGraph, inputDims: InputDims): ExecPlan {
  const types = new Map<string, ValueType>();
  const consts = new Map<string, Tensor>(graph.constants);
  const folded = new Map<string, Tensor>();
  for (const [name, t] of consts) types.set(name, { dtype: t.dtype, dims: t.dims });

  for (const input of graph.inputs) {
    const dims = inputDims.get(input.name);
    if (!dims) throw new UserError('input-missing', `No data was given for input '${input.name}' of ${graph.source}.`, { input: input.name });
    checkInputDims(graph, input.name, input.dims, dims);
    types.set(input.name, { dtype: input.dtype ?? 'float32', dims: [...dims] });
  }

  // 1. Types, and constant folding.
  const live: IrNode[] = [];
  for (const node of graph.nodes) {
    const inputTypes = node.inputs.map((v) => (v ? types.get(v) : undefined));
    const allConst = node.inputs.every((v) => !v || consts.has(v));
    if (!node.op.noFold && allConst) {
      const outs = evaluateNode(node, node.inputs.map((v) => (v ? consts.get(v) : undefined)));
      outs.forEach((t, i) => store(node.outputs[i], t));
      continue;
    }
    if (DIMS_ONLY_OPS.has(node.opType) && node.domain === '' && inputTypes[0]) {
      const t = inputTypes[0];
      const dimsOnly: Tensor = { dtype: t.dtype, dims: t.dims, data: allocData(t.dtype, 0) };
      const outs = evaluateNode(node, [dimsOnly]);
      outs.forEach((o, i) => store(node.outputs[i], o));
      continue;
    }
    const outTypes = inferNode(node, inputTypes, (i) => (node.inputs[i] ? consts.get(node.inputs[i]) : undefined));
    node.outputs.forEach((o, i) => {
      if (o && outTypes[i]) types.set(o, outTypes[i]);
    });
    live.push(node);
  }

  function store(name: string | undefined, t: Tensor): void {
    if (!name) return;
    consts.set(name, t);
    folded.set(name, t);
    types.set(name, { dtype: t.dtype, dims: t.dims });
  }

  // 2. Liveness over the remaining nodes. Alias outputs resolve to the value owning the memory.
  const owner = new Map<string, string>();
  const rootOf = (v: string): string => owner.get(v) ?? v;
  const lastUse = new Map<string, number>();
  const graphOutputs = new Set(graph.outputs.map((o) => o.name));
  live.forEach((node, step) => {
    if (node.op.aliasesInput0 && node.outputs[0] && node.inputs[0]) {
      owner.set(node.outputs[0], rootOf(node.inputs[0]));
    }
    for (const v of node.inputs) if (v && !consts.has(v)) lastUse.set(rootOf(v), step);
  });
  for (const o of graphOutputs) if (!consts.has(o)) lastUse.set(rootOf(o), Number.POSITIVE_INFINITY);
  for (const input of graph.inputs) lastUse.set(input.name, Number.POSITIVE_INFINITY);

  // 3. Slots: best-fit reuse of freed buffers.
  const slotBytes: number[] = [];
  const free: number[] = [];
  const slotOf = new Map<string, number>();
  const take = (bytes: number): number => {
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const s = free[i];
      if (slotBytes[s] >= bytes && (best < 0 || slotBytes[s] < slotBytes[free[best]])) best = i;
    }
    if (best < 0 && free.length > 0) {
      // Nothing big enough: grow the largest free slot rather than adding one.
      best = 0;
      for (let i = 1; i < free.length; i++) if (slotBytes[free[i]] > slotBytes[free[best]]) best = i;
      slotBytes[free[best]] = bytes;
    }
    if (best >= 0) return free.splice(best, 1)[0];
    slotBytes.push(bytes);
    return slotBytes.length - 1;
  };
  const bytesOf = (v: string): number => {
    const t = types.get(v)!;
    return Math.max(8, sizeOf(t.dims) * BYTES_PER_ELEMENT[t.dtype]);
  };
  for (const input of graph.inputs) slotOf.set(input.name, take(bytesOf(input.name)));
  live.forEach((node, step) => {
    node.outputs.forEach((o, i) => {
      if (!o) return;
      if (i === 0 && owner.has(o)) return;
      slotOf.set(o, take(bytesOf(o)));
      if (!lastUse.has(o)) lastUse.set(o, step); // produced but never read: free right away
    });
    const released = new Set<string>();
    for (const v of [...node.inputs, ...node.outputs]) {
      if (!v || consts.has(v)) continue;
      const r = rootOf(v);
      if (lastUse.get(r) === step && slotOf.has(r) && !released.has(r)) {
        released.add(r);
        free.push(slotOf.get(r)!);
      }
    }
  });

  // 4. Views and run contexts, created once.
  const buffers = slotBytes.map((b) => new ArrayBuffer(b));
  const tensors = new Map<string, Tensor>();
  const tensorOf = (v: string): Tensor => {
    const existing = tensors.get(v) ?? consts.get(v);
    if (existing) return existing;
    const t = types.get(v)!;
    const root = rootOf(v);
    const data = root !== v ? tensorOf(root).data : viewData(t.dtype, buffers[slotOf.get(v)!], 0, sizeOf(t.dims));
    const tensor: Tensor = { dtype: t.dtype, dims: t.dims, data };
    tensors.set(v, tensor);
    return tensor;
  };
  const inputTensors = new Map(graph.inputs.map((i) => [i.name, tensorOf(i.name)] as const));
  const steps: Step[] = live.map((node) => ({
    node,
    ctx: {
      nodeName: node.name,
      opType: node.opType,
      opset: node.opset,
      attributes: node.attributes,
      where: describe(node),
      inputs: node.inputs.map((v) => (v ? tensorOf(v) : undefined)),
      outputs: node.outputs.map((v) => (v ? tensorOf(v) : emptyOutput())),
    },
  }));
  const outputTensors = new Map<string, Tensor>();
  for (const o of graph.outputs) {
    if (!types.has(o.name)) {
      throw new UserError('output-missing', `Graph output '${o.name}' of ${graph.source} is never computed.`);
    }
    outputTensors.set(o.name, tensorOf(o.name));
  }
  return {
    steps,
    inputTensors,
    outputTensors,
    types,
    arenaBytes: slotBytes.reduce((a, b) => a + b, 0),
    folded,
    valueTensor: (name) => (consts.has(name) || !types.has(name) ? undefined : tensorOf(name)),
  };
}

function emptyOutput(): Tensor {
  return { dtype: 'float32', dims: [0], data: new Float32Array(0) };
}
