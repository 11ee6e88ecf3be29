/**
 * Turns a float model into the *deployed model* of one design point:
 *   fold constants → fold BatchNormalization → prune → quantize weights → insert activation
 *   quantizers → calibrate → (integer mode) lower to integer operators
 * and returns a session that runs it. The order is DESIGN.md's: pruning before quantization, BN
 * folded first so the fold is what gets quantized, activation ranges observed on the final weights.
 */
import { InternalError, UserError } from '../../../src-shared/errors.js';
import { layerSettings, type DeployConfig } from '../../../src-shared/deploy-config.js';
import { InferenceSession } from '../exec/session.js';
import { buildPlan, type ExecPlan } from '../exec/plan.js';
import type { IrGraph, IrNode } from '../ir/graph.js';
import { foldBatchNorm } from '../ir/fold-batchnorm.js';
import { foldConstants } from '../ir/fold-constants.js';
import { fuseConvRelu } from '../ir/fuse-conv-relu.js';
import { fuseFakeQuant } from './fuse-fake-quant.js';
import { concreteInputDims, macsOf } from '../model-summary.js';
import { planFusion, VALUE_PRESERVING, type FusionPlan } from '../quant/fusion.js';
import type { ActivationQuantizer } from '../quant/ops/fake-quant.js';
import { createObserver } from '../quant/calibration/observer.js';
import { getQuantizer } from '../quant/quantizers/registry.js';
import type { QuantizerKind } from '../quant/types.js';
import { float32Tensor, sizeOf, type Tensor } from '../tensor.js';
import { activationPeakBytes } from './activation-memory.js';
import { insertFakeQuant } from './insert-fake-quant.js';
import { dequantizeLevels, prepareWeights, storageBits, type LayerWeights } from './prepare-weights.js';
import { transpose2d } from './weight-layout.js';
import { lowerToInteger } from '../integer/lower-to-integer.js';

export interface CalibrationData {
  /** count × sample elements, already scaled like the evaluation data. */
  readonly x: Float32Array;
  /** Dims of one sample (without the batch dim). */
  readonly sampleDims: readonly number[];
  readonly count: number;
}

export interface ActivationInfo {
  readonly value: string;
  readonly bits: number;
  readonly quantizer: QuantizerKind;
  readonly scale: number;
  readonly zeroPoint: number;
  readonly lo: number;
  readonly hi: number;
}

export interface DeployedModel {
  readonly config: DeployConfig;
  readonly graph: IrGraph;
  readonly session: InferenceSession;
  readonly fusion: FusionPlan;
  readonly layers: readonly LayerWeights[];
  readonly activations: readonly ActivationInfo[];
  readonly foldedBatchNorms: readonly string[];
  /** Integer mode: nodes that ran in float between a dequantize and a quantize. */
  readonly floatFallbacks: readonly string[];
  /** Peak of simultaneously live activation tensors at batch 1, at their stored widths. */
  readonly activationPeakBytes: number;
}

const CALIBRATION_BATCH = 64;

/** Per-layer overrides must name a layer that exists: a typo would otherwise be ignored silently. */
function checkLayerNames(graph: IrGraph, fusion: FusionPlan, config: DeployConfig): void {
  const known = fusion.groups.map((g) => graph.nodes[g.anchor].name);
  const unknown = Object.keys(config.layers).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UserError(
      'unknown-layer',
      `Per-layer settings name ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a layer' : 'are not layers'} of ${graph.source}. Layers that take settings: ${known.map((n) => `'${n}'`).join(', ')} (see \`edgefront info\`).`,
      { unknown, known },
    );
  }
}

function wantsActivationsOf(config: DeployConfig): boolean {
  return config.activationBits !== null || Object.values(config.layers).some((o) => o.activationBits != null);
}

/**
 * `inputDims`: the model input's concrete dims for the analysis plan (shapes, MACs, memory), for
 * models whose input shape is partly symbolic; defaults to one calibration sample.
 */
export function deployModel(
  base: IrGraph,
  config: DeployConfig,
  calibration?: CalibrationData,
  inputDims: readonly number[] | undefined = calibration ? [1, ...calibration.sampleDims] : undefined,
): DeployedModel {
  let graph = foldConstants(base);
  let foldedBatchNorms: readonly string[] = [];
  if (config.foldBatchNorm) {
    const r = foldBatchNorm(graph);
    graph = r.graph;
    foldedBatchNorms = r.report.folded;
  }
  // Shapes at batch 1, with the data's real sample dims where the model leaves them symbolic
  // (e.g. [N, 3, H, W]).
  const analysisDims =
    inputDims && graph.inputs.length === 1 ? new Map([[graph.inputs[0].name, inputDims]]) : concreteInputDims(graph, 1);
  const analysis = buildPlan(graph, analysisDims);
  const isConstant = (v: string): boolean => graph.constants.has(v) || analysis.folded.has(v);
  const fusion = planFusion(graph, analysis.types, isConstant);
  checkLayerNames(graph, fusion, config);

  const { layers, constants } = prepareWeights(graph, fusion, config);
  graph = { ...graph, constants };
  const weightsDeployed = graph;
  if (config.mode === 'integer' && !wantsActivationsOf(config)) {
    throw new UserError('integer-needs-activations', 'Integer mode needs quantized activations: give --abits (e.g. --abits 8).');
  }

  const wantsActivations = wantsActivationsOf(config);
  let activations: ActivationInfo[] = [];
  let quantizers: ActivationQuantizer[] = [];
  if (wantsActivations) {
    const r = insertFakeQuant(graph, fusion, (value, gi) => {
      const settings = gi === null ? layerSettings(config, value) : layerSettings(config, graph.nodes[fusion.groups[gi].anchor].name);
      const bits = storageBits(settings.activationQuantizer, settings.activationBits);
      if (bits === null) return null;
      return {
        value,
        bits,
        kind: settings.activationQuantizer,
        calibMethod: settings.calibMethod,
        calibPercentile: settings.calibPercentile,
        params: null,
        // Min/max ranges of a uniform grid need no value sample; percentile, MSE and the
        // data-driven quantizers (HEQ quantiles, ternary/binary statistics) do.
        observer: createObserver({
          seed: 1,
          keepSample: settings.calibMethod !== 'minmax' || (settings.activationQuantizer !== 'symmetric' && settings.activationQuantizer !== 'asymmetric'),
        }),
      };
    });
    graph = r.graph;
    quantizers = r.quantizers;
    if (!calibration || calibration.count === 0) {
      throw new UserError('calibration-missing', 'Quantizing activations needs calibration data; give --calib or a dataset with samples.');
    }
    calibrate(graph, calibration);
    activations = quantizers.map(fitActivation);
  }

  let floatFallbacks: string[] = [];
  if (config.mode === 'integer') {
    const lowered = lowerToInteger({
      graph: weightsDeployed,
      fusion,
      layers,
      quantizers,
      types: analysis.types,
      folded: analysis.folded,
      config,
    });
    graph = lowered.graph;
    floatFallbacks = lowered.floatFallbacks;
  }
  const activationBits = new Map(activations.map((a) => [a.value, a.bits]));
  const peak = activationPeakBytes(weightsDeployed, fusion, analysis.types, (v) => activationBits.get(v) ?? null, isConstant);
  // Conv+ReLU(+FakeQuant) fusion only changes how the float graph runs, so it comes after every analysis.
  const executable = config.mode === 'integer' ? graph : executableFloatGraph(graph);
  const model: DeployedModel = {
    activationPeakBytes: peak,
    config,
    graph: executable,
    session: new InferenceSession(executable),
    fusion,
    layers,
    activations,
    foldedBatchNorms,
    floatFallbacks,
  };
  rebuildContexts.set(model, { weightsDeployed, fakeQuantGraph: graph, quantizers, analysis });
  return model;
}

/** One fused group of a deployed model as the cost models see it (batch 1). */
export interface GroupGeometry {
  /** The anchor node's name (a layer name for Conv/Gemm/MatMul groups). */
  readonly name: string;
  readonly op: string;
  readonly macs: number;
  /** Activation elements the group reads (non-constant inputs of its anchor) and writes. */
  readonly inputElements: number;
  readonly outputElements: number;
  /** Quantized bits of the anchor's first input and of the group's output; null = float. */
  readonly inputBits: number | null;
  readonly outputBits: number | null;
}

/**
 * The fused groups in execution order with their MACs, activation traffic and activation widths.
 * An input's width is that of the quantization point it comes from, looking through
 * value-preserving operators (MaxPool, Flatten, …) that keep their input's grid.
 */
export function groupGeometry(model: DeployedModel): GroupGeometry[] {
  const ctx = rebuildContexts.get(model);
  if (!ctx) throw new InternalError('deploy-rebuild', 'groupGeometry needs a model made by deployModel.');
  const graph = ctx.weightsDeployed;
  const types = ctx.analysis.types;
  const isConstant = (v: string) => graph.constants.has(v) || ctx.analysis.folded.has(v);
  const dims = (v: string) => types.get(v)?.dims ?? [];
  const bitsAt = new Map(model.activations.map((a) => [a.value, a.bits]));
  const producer = new Map<string, IrNode>();
  for (const n of graph.nodes) for (const o of n.outputs) if (o) producer.set(o, n);
  const bitsOf = (value: string): number | null => {
    let v = value;
    for (let hops = 0; hops < graph.nodes.length; hops++) {
      const bits = bitsAt.get(v);
      if (bits !== undefined) return bits;
      const p = producer.get(v);
      if (!p || !VALUE_PRESERVING.has(p.opType) || !p.inputs[0]) return null;
      v = p.inputs[0];
    }
    return null;
  };
  return model.fusion.groups.map((g) => {
    const node = graph.nodes[g.anchor];
    const dataInputs = node.inputs.filter((v) => v && !isConstant(v));
    return {
      name: node.name,
      op: node.opType,
      macs: macsOf(node.opType, node.inputs.map(dims), node.outputs.map(dims), node.attributes.int('transA', 0) !== 0),
      inputElements: dataInputs.reduce((n, v) => n + sizeOf(dims(v)), 0),
      outputElements: sizeOf(dims(g.output)),
      inputBits: dataInputs[0] ? bitsOf(dataInputs[0]) : null,
      outputBits: bitsAt.get(g.output) ?? null,
    };
  });
}

/** What withWeightLevels needs to rebuild a deployed model without calibrating again. */
interface RebuildContext {
  readonly weightsDeployed: IrGraph;
  /** Fake-quant graph (weights deployed, activation quantizers fitted) or, in integer mode, the lowered graph. */
  readonly fakeQuantGraph: IrGraph;
  readonly quantizers: readonly ActivationQuantizer[];
  readonly analysis: ExecPlan;
}
const rebuildContexts = new WeakMap<DeployedModel, RebuildContext>();

/**
 * The same deployment with some layers' weights replaced by other integer levels — what the
 * hardware computes with after bit errors in weight memory. Calibration is not repeated: activation
 * ranges are fitted offline on the intact weights, and the faults appear only in the deployed
 * memory. `levels` maps layer names to [outC, …]-laid levels of quantized layers.
 */
export function withWeightLevels(model: DeployedModel, levels: ReadonlyMap<string, Int32Array>): DeployedModel {
  const ctx = rebuildContexts.get(model);
  if (!ctx) throw new InternalError('deploy-rebuild', 'withWeightLevels needs a model made by deployModel.');
  const constants = new Map(ctx.weightsDeployed.constants);
  const layers = model.layers.map((layer): LayerWeights => {
    const l = levels.get(layer.name);
    if (!l) return layer;
    if (!layer.quant || l.length !== layer.quant.codes.length) {
      throw new InternalError('deploy-rebuild', `Layer '${layer.name}' has no quantized weights of ${l.length} values to replace.`);
    }
    const real = dequantizeLevels(l, layer.quant.params);
    const stored = layer.outputChannelFirst ? real : transpose2d(real, layer.channels, real.length / layer.channels);
    constants.set(layer.weightName, float32Tensor(stored, layer.dims));
    return { ...layer, quant: { ...layer.quant, levels: l } };
  });
  let graph: IrGraph;
  if (model.config.mode === 'integer') {
    graph = lowerToInteger({
      graph: { ...ctx.weightsDeployed, constants },
      fusion: model.fusion,
      layers,
      quantizers: ctx.quantizers,
      types: ctx.analysis.types,
      folded: ctx.analysis.folded,
      config: model.config,
    }).graph;
  } else {
    const fakeConstants = new Map(ctx.fakeQuantGraph.constants);
    for (const layer of layers) if (levels.has(layer.name)) fakeConstants.set(layer.weightName, constants.get(layer.weightName)!);
    graph = executableFloatGraph({ ...ctx.fakeQuantGraph, constants: fakeConstants });
  }
  const rebuilt: DeployedModel = { ...model, graph, session: new InferenceSession(graph), layers };
  rebuildContexts.set(rebuilt, ctx);
  return rebuilt;
}

/** The float (or fake-quant) graph as it runs: Conv fused with its Relu, Conv and Add with their activation quantizer. */
function executableFloatGraph(graph: IrGraph): IrGraph {
  return fuseFakeQuant(fuseConvRelu(graph));
}

/** Runs the calibration set through the graph with every FakeQuant passing floats and observing. */
function calibrate(graph: IrGraph, data: CalibrationData): void {
  const session = new InferenceSession(graph);
  const per = sizeOf(data.sampleDims);
  const inputName = graph.inputs[0]?.name;
  if (graph.inputs.length !== 1 || !inputName) {
    throw new UserError('calibration-inputs', `Calibration supports models with one input; ${graph.source} has ${graph.inputs.length}.`);
  }
  for (let start = 0; start < data.count; start += CALIBRATION_BATCH) {
    const n = Math.min(CALIBRATION_BATCH, data.count - start);
    const x: Tensor = float32Tensor(data.x.subarray(start * per, (start + n) * per), [n, ...data.sampleDims]);
    session.run(new Map([[inputName, x]]));
  }
}

function fitActivation(q: ActivationQuantizer): ActivationInfo {
  const observer = q.observer!;
  const range = observer.finalize(q.calibMethod, q.bits, q.calibPercentile);
  const params = getQuantizer(q.kind).fit(observer.sample(), {
    bits: q.bits,
    role: 'activation',
    channels: 1,
    range: { lo: Float64Array.of(range.lo), hi: Float64Array.of(range.hi) },
  });
  q.params = params;
  q.observer = null;
  return {
    value: q.value,
    bits: q.bits,
    quantizer: q.kind,
    scale: params.scale[0],
    zeroPoint: params.zeroPoint[0],
    lo: range.lo,
    hi: range.hi,
  };
}
