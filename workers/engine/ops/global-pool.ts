/**
 * The shared body of GlobalAveragePool and GlobalMaxPool
 * (https://onnx.ai/onnx/operators/onnx__GlobalAveragePool.html): reduce every [N, C] plane over
 * all spatial dims to one value; the output keeps the rank with spatial dims of 1.
 */
import { formatDims, sizeOf, type Tensor } from '../tensor.js';
import type { NumberArray } from './elementwise-binary.js';
import { FLOAT_DTYPES } from './elementwise-unary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectDType, expectInputCount, requireInput } from './op-inputs.js';

export function globalPoolOp(type: string, reduce: 'mean' | 'max'): OpDef {
  return {
    type,
    infer(ctx: InferContext): ValueType[] {
      expectInputCount(ctx, 1, 1);
      const x = requireInput(ctx, 0, 'X');
      expectDType(ctx, x, 'X', FLOAT_DTYPES);
      if (x.dims.length < 3) {
        throw opInvalid(ctx, `input X has shape ${formatDims(x.dims)} but ${type} needs [N, C, spatial…].`);
      }
      return [{ dtype: x.dtype, dims: [x.dims[0], x.dims[1], ...x.dims.slice(2).map(() => 1)] }];
    },
    run(ctx: RunContext): void {
      const x = ctx.inputs[0] as Tensor;
      const xs = x.data as NumberArray;
      const ys = ctx.outputs[0].data as NumberArray;
      const planes = x.dims[0] * x.dims[1];
      const size = sizeOf(x.dims.slice(2));
      if (xs instanceof Float32Array) {
        if (reduce === 'max') maxPlanesFloat32(xs, ys as Float32Array, planes, size);
        else meanPlanesFloat32(xs, ys as Float32Array, planes, size);
        return;
      }
      for (let p = 0; p < planes; p++) {
        const base = p * size;
        if (reduce === 'max') {
          let m = -Infinity;
          for (let i = 0; i < size; i++) if (xs[base + i] > m) m = xs[base + i];
          ys[p] = m;
        } else {
          let sum = 0;
          for (let i = 0; i < size; i++) sum += xs[base + i];
          ys[p] = sum / size;
        }
      }
    },
  };
}

// float32 loops of their own: the shared loop above sees every float dtype and goes megamorphic.
function meanPlanesFloat32(xs: Float32Array, ys: Float32Array, planes: number, size: number): void {
  for (let p = 0; p < planes; p++) {
    const base = p * size;
    let sum = 0;
    for (let i = 0; i < size; i++) sum += xs[base + i];
    ys[p] = sum / size;
  }
}

function maxPlanesFloat32(xs: Float32Array, ys: Float32Array, planes: number, size: number): void {
  for (let p = 0; p < planes; p++) {
    const base = p * size;
    let m = -Infinity;
    for (let i = 0; i < size; i++) if (xs[base + i] > m) m = xs[base + i];
    ys[p] = m;
  }
}
