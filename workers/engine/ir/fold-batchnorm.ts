/**
 * Folds inference-mode BatchNormalization into the Conv or Gemm that feeds it, as deployment
 * toolchains do before quantization (TFLite converter, AIMET, Jacob et al. CVPR 2018 §3.2):
 * the folded weights are what gets pruned and quantized, as on real hardware.
 *
 *   y = γ · (conv(x, W) + b − μ) / √(σ² + ε) + β
 *     = conv(x, W · s) + (b − μ) · s + β,   s = γ / √(σ² + ε)   (per output channel)
 *
 * A BatchNormalization that cannot be folded (its input has other readers, is a graph output, or
 * its parameters are not constant) stays in the graph and runs as its own operator.
 */
import { float32Tensor, sizeOf, toNumberArray, type Tensor } from '../tensor.js';
import { consumerIndex, isGraphOutput, makeNode, producerIndex, type IrGraph, type IrNode } from './graph.js';
import type { OnnxAttributeValue } from '../onnx/model.js';

export interface FoldReport {
  /** "bn1 → conv1" for each fold made. */
  readonly folded: readonly string[];
}

export function foldBatchNorm(graph: IrGraph): { graph: IrGraph; report: FoldReport } {
  const constants = new Map(graph.constants);
  const producers = producerIndex(graph);
  const consumers = consumerIndex(graph);
  const replaced = new Map<number, IrNode>();
  const removed = new Set<number>();
  const folded: string[] = [];

  graph.nodes.forEach((bn, bnIndex) => {
    if (bn.opType !== 'BatchNormalization' || bn.domain !== '') return;
    if (bn.outputs.filter(Boolean).length !== 1 || bn.attributes.int('training_mode', 0) !== 0) return;
    const x = bn.inputs[0];
    const pIndex = producers.get(x);
    if (pIndex === undefined || removed.has(pIndex) || replaced.has(pIndex)) return;
    const producer = graph.nodes[pIndex];
    if (producer.domain !== '' || (producer.opType !== 'Conv' && producer.opType !== 'Gemm')) return;
    if ((consumers.get(x) ?? []).length !== 1 || isGraphOutput(graph, x)) return;
    const params = bn.inputs.slice(1, 5).map((n) => constants.get(n));
    if (params.some((p) => !p || p.dtype !== 'float32')) return;
    const [gamma, beta, mean, variance] = params.map((p) => toNumberArray(p!));
    const eps = bn.attributes.float('epsilon', 1e-5);
    const channels = gamma.length;
    const s = gamma.map((g, c) => g / Math.sqrt(variance[c] + eps));
    const shift = beta.map((b, c) => b - mean[c] * s[c]);

    const w = constants.get(producer.inputs[1]);
    if (!w || w.dtype !== 'float32') return;
    const bias = producer.inputs[2] ? constants.get(producer.inputs[2]) : undefined;
    if (producer.inputs[2] && (!bias || bias.dtype !== 'float32')) return;

    let newW: Tensor<'float32'>;
    let newB: Tensor<'float32'>;
    let rawAttributes = producer.rawAttributes;
    if (producer.opType === 'Conv') {
      if (w.dims[0] !== channels) return;
      const per = sizeOf(w.dims) / channels;
      const wd = new Float32Array(w.data as Float32Array);
      for (let c = 0; c < channels; c++) for (let i = 0; i < per; i++) wd[c * per + i] *= s[c];
      newW = float32Tensor(wd, w.dims);
      const b0 = bias ? (bias.data as Float32Array) : new Float32Array(channels);
      newB = float32Tensor(shift.map((v, c) => v + b0[c] * s[c]), [channels]);
    } else {
      // Gemm: Y = α·A'·B' + β·C with B' = B or Bᵀ; BN acts on the columns (features) of Y.
      if (producer.attributes.int('transA', 0) !== 0 || w.dims.length !== 2) return;
      const transB = producer.attributes.int('transB', 0) !== 0;
      const features = transB ? w.dims[0] : w.dims[1];
      if (features !== channels) return;
      const wd = new Float32Array(w.data as Float32Array);
      const [rows, cols] = w.dims;
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) wd[r * cols + c] *= s[transB ? r : c];
      newW = float32Tensor(wd, w.dims);
      const betaGemm = producer.attributes.float('beta', 1);
      const cVals = bias ? broadcastToFeatures(bias, channels) : undefined;
      if (bias && !cVals) return;
      newB = float32Tensor(shift.map((v, f) => v + s[f] * betaGemm * (cVals ? cVals[f] : 0)), [channels]);
      rawAttributes = new Map<string, OnnxAttributeValue>(producer.rawAttributes);
      (rawAttributes as Map<string, OnnxAttributeValue>).set('beta', { type: 'float', value: 1 });
    }
    const wName = `${producer.name}::weight_bnfolded`;
    const bName = `${producer.name}::bias_bnfolded`;
    constants.set(wName, newW);
    constants.set(bName, newB);
    replaced.set(
      pIndex,
      makeNode({
        ...producer,
        attributes: undefined,
        rawAttributes,
        inputs: [producer.inputs[0], wName, bName],
        outputs: [bn.outputs[0]],
      }),
    );
    removed.add(bnIndex);
    folded.push(`${bn.name} → ${producer.name}`);
  });

  const nodes = graph.nodes.flatMap((n, i) => (removed.has(i) ? [] : [replaced.get(i) ?? n]));
  return { graph: { ...graph, nodes, constants }, report: { folded } };
}

/** Gemm's C as one value per output feature, or undefined when it varies per row. */
function broadcastToFeatures(c: Tensor, features: number): number[] | undefined {
  const v = toNumberArray(c);
  if (v.length === 1) return new Array<number>(features).fill(v[0]);
  const last = c.dims[c.dims.length - 1];
  if (v.length === features && last === features) return v;
  return undefined;
}
