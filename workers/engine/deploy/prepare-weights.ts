/**
 * Prunes, then quantizes, the constant weights of every Conv/Gemm/MatMul group and replaces them
 * in the graph's constants by what the deployed model computes with (pruned and dequantized
 * floats). Keeps, per layer, what the integer lowering and the memory model need: the integer
 * codes, the fitted parameters and the sparsity.
 */
import { UserError } from '../../../src-shared/errors.js';
import { layerSettings, type DeployConfig } from '../../../src-shared/deploy-config.js';
import type { IrGraph } from '../ir/graph.js';
import { pruneFilters } from '../prune/filter.js';
import { pruneMagnitude } from '../prune/magnitude.js';
import type { FusionPlan } from '../quant/fusion.js';
import { dequantize, quantizeToCodes } from '../quant/quantize.js';
import { getQuantizer } from '../quant/quantizers/registry.js';
import { clipWeightGroups } from '../quant/weight-clipping.js';
import type { QuantizerKind, QuantParams } from '../quant/types.js';
import { float32Tensor, sizeOf, type Tensor } from '../tensor.js';
import { isOutputChannelFirst, transpose2d } from './weight-layout.js';

export interface LayerWeights {
  /** The anchor node's name (the layer name users see and override by). */
  readonly name: string;
  readonly op: string;
  /** Index of the group in the fusion plan. */
  readonly group: number;
  /** Constant name of the weight in the deployed graph. */
  readonly weightName: string;
  readonly biasName?: string;
  readonly dims: readonly number[];
  /** Output channels (leading axis after layout normalization). */
  readonly channels: number;
  readonly params: number;
  /** Fraction of exact zeros after pruning and quantization. */
  readonly sparsity: number;
  readonly pruneRatio: number;
  readonly pruneKind: 'unstructured' | 'filter';
  readonly quantizer: QuantizerKind | null;
  readonly granularity: 'channel' | 'tensor';
  readonly bits: number | null;
  /** Whether the ONNX weight is stored output channel first ([outC, …]; Gemm with transB=0 is not). */
  readonly outputChannelFirst: boolean;
  /**
   * Storage codes in [outC, …] layout and their parameters; null for float weights. `levels`, when
   * present, are the integer values the hardware multiplies where they differ from
   * `params.levels[codes]`: a word corrupted in memory (fault injection) can hold a value that is no
   * level of the quantizer, e.g. −128 under a narrow 8-bit range.
   */
  readonly quant: { readonly params: QuantParams; readonly codes: Int32Array; readonly levels?: Int32Array } | null;
}

/** The integer value of every weight the hardware multiplies, in [outC, …] layout. */
export function weightLevels(quant: NonNullable<LayerWeights['quant']>): Int32Array {
  if (quant.levels) return quant.levels;
  const out = new Int32Array(quant.codes.length);
  const table = quant.params.levels;
  for (let i = 0; i < out.length; i++) out[i] = table[quant.codes[i]];
  return out;
}

/** real = scale[k] · (level − zeroPoint[k]) for [outC, …]-laid levels, rounded once to float32. */
export function dequantizeLevels(levels: Int32Array, p: QuantParams): Float32Array {
  const out = new Float32Array(levels.length);
  const per = levels.length / p.channels;
  for (let k = 0; k < p.channels; k++) {
    const scale = p.scale[k];
    const zeroPoint = p.zeroPoint[k];
    for (let i = k * per; i < (k + 1) * per; i++) out[i] = scale * (levels[i] - zeroPoint);
  }
  return out;
}

/**
 * Bits a quantizer stores per value: null (stay float) when none were asked for; binary and
 * ternary fix their own width whatever was asked.
 */
export function storageBits(kind: QuantizerKind, requested: number | null): number | null {
  if (requested === null) return null;
  if (kind === 'binary') return 1;
  if (kind === 'ternary') return 2;
  return requested;
}

export function prepareWeights(
  graph: IrGraph,
  fusion: FusionPlan,
  config: DeployConfig,
): { layers: LayerWeights[]; constants: Map<string, Tensor> } {
  const constants = new Map(graph.constants);
  interface Work {
    group: number;
    name: string;
    op: string;
    weightName: string;
    biasName?: string;
    dims: readonly number[];
    outFirst: boolean;
    channels: number;
    data: Float32Array; // [outC, …] layout, mutated by pruning
    bias?: Float32Array;
  }
  const work: Work[] = [];
  fusion.groups.forEach((g, gi) => {
    if (!g.weight) return;
    const node = graph.nodes[g.anchor];
    const w = constants.get(g.weight);
    if (!w || w.dtype !== 'float32') return;
    const outFirst = isOutputChannelFirst(node);
    if (!outFirst && w.dims.length !== 2) return; // batched MatMul weights stay float
    const raw = w.data as Float32Array;
    const data = outFirst ? new Float32Array(raw) : transpose2d(raw, w.dims[0], w.dims[1]);
    const channels = outFirst ? w.dims[0] : w.dims[1];
    const biasName = node.inputs[2] || undefined;
    const b = biasName ? constants.get(biasName) : undefined;
    work.push({
      group: gi,
      name: node.name,
      op: node.opType,
      weightName: g.weight,
      biasName,
      dims: w.dims,
      outFirst,
      channels,
      data,
      bias: b && b.dtype === 'float32' && sizeOf(b.dims) === channels ? new Float32Array(b.data as Float32Array) : undefined,
    });
  });

  // Pruning (before quantization). Unstructured pruning is global over the layers that use the
  // global ratio when pruneScope is 'global'; layers with their own ratio are pruned alone.
  const settings = work.map((l) => layerSettings(config, l.name));
  const globalGroup = work.filter(
    (l, i) => settings[i].pruneKind === 'unstructured' && settings[i].pruneRatio > 0 && config.pruneScope === 'global' && config.layers[l.name]?.pruneRatio === undefined,
  );
  if (globalGroup.length > 0) pruneMagnitude(globalGroup.map((l) => l.data), config.pruneRatio, 'global');
  work.forEach((l, i) => {
    const s = settings[i];
    if (s.pruneRatio === 0 || globalGroup.includes(l)) return;
    if (s.pruneKind === 'filter') pruneFilters(l.data, l.channels, s.pruneRatio, l.bias);
    else pruneMagnitude([l.data], s.pruneRatio, 'layer');
  });

  const layers: LayerWeights[] = work.map((l, i) => {
    const s = settings[i];
    const kind = s.weightQuantizer;
    const bits = storageBits(kind, s.weightBits);
    let quant: LayerWeights['quant'] = null;
    let deployed = l.data;
    if (bits !== null) {
      const q = getQuantizer(kind);
      if (bits < q.minBits || bits > q.maxBits) {
        throw new UserError(
          'quant-bits',
          `Layer '${l.name}': the ${kind} quantizer takes ${q.minBits}–${q.maxBits} bits, not ${bits}.`,
        );
      }
      if (s.weightRounding === 'truncate' && kind !== 'symmetric' && kind !== 'asymmetric') {
        throw new UserError(
          'quant-truncate',
          `Layer '${l.name}': truncation rounding applies to the uniform quantizers (symmetric, asymmetric), not '${kind}'. Use weightRounding 'nearest' for it.`,
          { layer: l.name, kind },
        );
      }
      const channels = s.granularity === 'channel' ? l.channels : 1;
      clipWeightGroups(l.data, channels, s.weightClip);
      const params = q.fit(l.data, { bits, role: 'weight', channels, narrowRange: s.narrowRange });
      const codes = quantizeToCodes(l.data, params, new Int32Array(l.data.length), s.weightRounding);
      deployed = dequantize(codes, params, new Float32Array(l.data.length));
      quant = { params, codes };
    }
    let zeros = 0;
    for (let k = 0; k < deployed.length; k++) if (deployed[k] === 0) zeros++;
    const stored = l.outFirst ? deployed : transpose2d(deployed, l.channels, deployed.length / l.channels);
    // Same name: the graph's nodes keep pointing at it; the float model's own map is untouched.
    constants.set(l.weightName, float32Tensor(stored, l.dims));
    if (l.bias && l.biasName) constants.set(l.biasName, float32Tensor(l.bias, [l.channels]));
    return {
      name: l.name,
      op: l.op,
      group: l.group,
      weightName: l.weightName,
      biasName: l.biasName,
      dims: l.dims,
      channels: l.channels,
      params: l.data.length,
      sparsity: deployed.length ? zeros / deployed.length : 0,
      pruneRatio: s.pruneRatio,
      pruneKind: s.pruneKind,
      quantizer: bits === null ? null : kind,
      granularity: s.granularity,
      bits,
      outputChannelFirst: l.outFirst,
      quant,
    };
  });
  return { layers, constants };
}
