/**
 * BatchNormalization (https://onnx.ai/onnx/operators/onnx__BatchNormalization.html):
 * y = scale · (x − mean) / sqrt(var + epsilon) + B per channel (dim 1).
 * Inference uses the stored mean and var. With training_mode = 1 (opset 14+) the batch statistics
 * over all dims but the channel are used instead (population variance), and the optional outputs
 * are running_mean = mean·momentum + batch_mean·(1 − momentum) and likewise running_var, as in
 * the spec's reference implementation.
 */
import { formatDims, sizeOf, type Tensor } from '../tensor.js';
import type { NumberArray } from './elementwise-binary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid, opUnsupported } from './op-error.js';
import { expectFloat, expectInputCount, requireInput } from './op-inputs.js';

const PARAMS = ['scale', 'B', 'input_mean', 'input_var'] as const;

function isTraining(ctx: { attributes: InferContext['attributes']; opset: number }): boolean {
  return ctx.opset >= 14 && ctx.attributes.int('training_mode', 0) !== 0;
}

export const batchNormalizationOp: OpDef = {
  type: 'BatchNormalization',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 5, 5);
    const x = requireInput(ctx, 0, 'X');
    expectFloat(ctx, x, 'X');
    if (x.dims.length < 2) throw opInvalid(ctx, `input X has shape ${formatDims(x.dims)} but needs [N, C, …].`);
    const c = x.dims[1];
    PARAMS.forEach((name, i) => {
      const p = requireInput(ctx, i + 1, name);
      expectFloat(ctx, p, name);
      if (p.dims.length !== 1 || p.dims[0] !== c) {
        throw opInvalid(ctx, `${name} has shape ${formatDims(p.dims)} but X has ${c} channels (shape ${formatDims(x.dims)}); it must be [${c}].`);
      }
    });
    if (ctx.opset < 9 && ctx.attributes.int('spatial', 1) !== 1) {
      throw opUnsupported(ctx, 'attribute spatial = 0 (per-activation statistics) is not supported. Re-export the model with opset 9 or newer.');
    }
    const outputs: ValueType[] = [{ dtype: x.dtype, dims: x.dims }];
    if (isTraining(ctx)) {
      for (let i = 1; i < Math.min(ctx.outputCount, 3); i++) outputs.push({ dtype: x.dtype, dims: [c] });
    } else if (ctx.outputCount > 1) {
      throw opUnsupported(
        ctx,
        `declares ${ctx.outputCount} outputs, but outside training mode BatchNormalization has only Y. Export the model in evaluation mode (model.eval() in PyTorch).`,
      );
    }
    return outputs;
  },
  run(ctx: RunContext): void {
    const x = ctx.inputs[0] as Tensor;
    const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => (ctx.inputs[i] as Tensor).data as NumberArray);
    const eps = ctx.attributes.float('epsilon', 1e-5);
    const xs = x.data as NumberArray;
    const ys = ctx.outputs[0].data as NumberArray;
    const batch = x.dims[0];
    const channels = x.dims[1];
    const plane = sizeOf(x.dims.slice(2));
    const training = isTraining(ctx);
    for (let c = 0; c < channels; c++) {
      let mu = mean[c];
      let v = variance[c];
      if (training) {
        let sum = 0;
        for (let n = 0; n < batch; n++) for (let i = 0, o = (n * channels + c) * plane; i < plane; i++) sum += xs[o + i];
        const count = batch * plane;
        mu = sum / count;
        let sq = 0;
        for (let n = 0; n < batch; n++) {
          for (let i = 0, o = (n * channels + c) * plane; i < plane; i++) sq += (xs[o + i] - mu) * (xs[o + i] - mu);
        }
        v = sq / count;
        const momentum = ctx.attributes.float('momentum', 0.9);
        const runningMean = ctx.outputs[1]?.data as NumberArray | undefined;
        const runningVar = ctx.outputs[2]?.data as NumberArray | undefined;
        if (runningMean) runningMean[c] = mean[c] * momentum + mu * (1 - momentum);
        if (runningVar) runningVar[c] = variance[c] * momentum + v * (1 - momentum);
      }
      const a = scale[c] / Math.sqrt(v + eps);
      const b = bias[c] - mu * a;
      for (let n = 0; n < batch; n++) {
        const o = (n * channels + c) * plane;
        for (let i = 0; i < plane; i++) ys[o + i] = xs[o + i] * a + b;
      }
    }
  },
};
