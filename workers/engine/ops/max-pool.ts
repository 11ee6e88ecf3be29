/**
 * MaxPool (https://onnx.ai/onnx/operators/onnx__MaxPool.html): 1/2/3-D max over sliding windows;
 * padding never wins. The optional second output, Indices (int64), holds the flat index of each
 * maximum in the whole input tensor: row-major over the spatial dims for storage_order 0,
 * column-major for 1, plus the (n, c) plane offset. Ties go to the first tap in kernel order.
 */
import { type DType, type Tensor } from '../tensor.js';
import type { NumberArray } from './elementwise-binary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectDType, expectInputCount, requireInput } from './op-inputs.js';
import { maxPool2dFloat } from './pool-2d.js';
import { poolShape } from './pool-shape.js';
import { WindowTaps } from './window-taps.js';

const MAXPOOL_DTYPES: readonly DType[] = ['float32', 'float64', 'int8', 'uint8'];

export const maxPoolOp: OpDef = {
  type: 'MaxPool',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 1, 1);
    const x = requireInput(ctx, 0, 'X');
    expectDType(ctx, x, 'X', MAXPOOL_DTYPES);
    const storageOrder = ctx.attributes.int('storage_order', 0);
    if (storageOrder !== 0 && storageOrder !== 1) throw opInvalid(ctx, `attribute storage_order is ${storageOrder}; it must be 0 or 1.`);
    const s = poolShape(ctx, x);
    const outputs: ValueType[] = [{ dtype: x.dtype, dims: s.outDims }];
    if (ctx.outputCount > 1) outputs.push({ dtype: 'int64', dims: s.outDims });
    return outputs;
  },
  run(ctx: RunContext): void {
    const x = ctx.inputs[0] as Tensor;
    const y = ctx.outputs[0];
    const indices = ctx.outputs[1] as Tensor<'int64'> | undefined;
    const s = poolShape(ctx, x);
    if (x.dtype === 'float32' && indices === undefined && s.window.inSize.length <= 2) {
      maxPool2dFloat(s.window, s.planes, x.data as Float32Array, y.data as Float32Array);
      return;
    }
    const walker = new WindowTaps(s.window);
    const { rank, inPlane, outPlane } = walker;
    const columnMajor = ctx.attributes.int('storage_order', 0) === 1;
    const colStrides = new Array<number>(rank);
    for (let i = 0, st = 1; i < rank; i++) {
      colStrides[i] = st;
      st *= s.window.inSize[i];
    }
    const xs = x.data as NumberArray;
    const ys = y.data as NumberArray;
    for (let o = 0; o < outPlane; o++) {
      walker.at(o);
      for (let p = 0; p < s.planes; p++) {
        const base = p * inPlane;
        let best = -Infinity;
        let bestTap = -1;
        for (let t = 0; t < walker.count; t++) {
          const v = xs[base + walker.offsets[t]];
          if (v > best || bestTap < 0) {
            best = v;
            bestTap = t;
          }
        }
        ys[p * outPlane + o] = best;
        if (indices !== undefined) {
          let spatialIndex = bestTap < 0 ? 0 : walker.offsets[bestTap];
          if (columnMajor && bestTap >= 0) {
            spatialIndex = 0;
            for (let i = 0; i < rank; i++) spatialIndex += walker.coords[bestTap * rank + i] * colStrides[i];
          }
          indices.data[p * outPlane + o] = BigInt(base + spatialIndex);
        }
      }
    }
  },
};
