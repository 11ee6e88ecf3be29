/**
 * Shape checks and window geometry shared by Conv and ConvInteger
 * (https://onnx.ai/onnx/operators/onnx__Conv.html): X is [N, C, D1…Dn], W is [M, C/group, k1…kn],
 * Y is [N, M, out1…outn]. kernel_shape, when given, must agree with W.
 */
import { formatDims } from '../tensor.js';
import type { ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { resolveWindow, type WindowContext, type WindowGeometry } from './window-geometry.js';

export interface ConvShape {
  readonly batch: number;
  readonly inC: number;
  readonly outC: number;
  readonly group: number;
  readonly window: WindowGeometry;
  readonly outDims: number[];
}

export function convShape(ctx: WindowContext, x: Pick<ValueType, 'dims'>, w: Pick<ValueType, 'dims'>): ConvShape {
  const rank = x.dims.length;
  if (rank < 3) {
    throw opInvalid(ctx, `input X has shape ${formatDims(x.dims)} but ${ctx.opType} needs [N, C, spatial…] with at least one spatial dimension.`);
  }
  if (w.dims.length !== rank) {
    throw opInvalid(ctx, `weight W has shape ${formatDims(w.dims)} (rank ${w.dims.length}) but X has shape ${formatDims(x.dims)} (rank ${rank}); they must have the same rank.`);
  }
  const group = ctx.attributes.int('group', 1);
  const [batch, inC] = x.dims;
  const outC = w.dims[0];
  if (!Number.isInteger(group) || group < 1 || inC % group !== 0 || outC % group !== 0) {
    throw opInvalid(ctx, `group ${group} must be a positive integer dividing both the input channels (${inC}) and the output channels (${outC}).`);
  }
  if (w.dims[1] * group !== inC) {
    throw opInvalid(
      ctx,
      `weight W has shape ${formatDims(w.dims)}, so it expects ${w.dims[1]} × group ${group} = ${w.dims[1] * group} input channels, but X has ${inC} (shape ${formatDims(x.dims)}).`,
    );
  }
  const kernel = w.dims.slice(2);
  const attr = ctx.attributes.ints('kernel_shape');
  if (attr !== undefined && (attr.length !== kernel.length || attr.some((k, i) => k !== kernel[i]))) {
    throw opInvalid(ctx, `attribute kernel_shape [${attr.join(', ')}] does not match the weight's spatial shape ${formatDims(kernel)}.`);
  }
  const window = resolveWindow(ctx, x.dims.slice(2), kernel);
  return { batch, inC, outC, group, window, outDims: [batch, outC, ...window.outSize] };
}
