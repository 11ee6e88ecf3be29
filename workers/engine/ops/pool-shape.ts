/**
 * Input checks and window geometry shared by MaxPool and AveragePool
 * (https://onnx.ai/onnx/operators/onnx__MaxPool.html,
 * https://onnx.ai/onnx/operators/onnx__AveragePool.html).
 */
import { formatDims } from '../tensor.js';
import type { ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { kernelShapeAttribute, resolveWindow, type WindowContext, type WindowGeometry } from './window-geometry.js';

export interface PoolShape {
  /** N·C: the number of independent spatial planes. */
  readonly planes: number;
  readonly window: WindowGeometry;
  readonly outDims: number[];
}

export function poolShape(ctx: WindowContext, x: Pick<ValueType, 'dims'>): PoolShape {
  if (x.dims.length < 3) {
    throw opInvalid(ctx, `input X has shape ${formatDims(x.dims)} but ${ctx.opType} needs [N, C, spatial…] with at least one spatial dimension.`);
  }
  const spatial = x.dims.slice(2);
  const kernel = kernelShapeAttribute(ctx, spatial.length);
  const ceilMode = ctx.attributes.int('ceil_mode', 0);
  if (ceilMode !== 0 && ceilMode !== 1) throw opInvalid(ctx, `attribute ceil_mode is ${ceilMode}; it must be 0 or 1.`);
  const window = resolveWindow(ctx, spatial, kernel, ceilMode === 1);
  return { planes: x.dims[0] * x.dims[1], window, outDims: [x.dims[0], x.dims[1], ...window.outSize] };
}
