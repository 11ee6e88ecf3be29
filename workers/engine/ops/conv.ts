/**
 * Conv (https://onnx.ai/onnx/operators/onnx__Conv.html): N-d convolution with groups (depthwise
 * when group = C), strides, dilations, explicit or automatic padding, optional bias.
 * float32 1-D and 2-D go through the `conv2d` kernel (1-D as a 1-pixel-high image); other ranks
 * and float64 use the direct N-d loop.
 */
import { formatDims, type Tensor } from '../tensor.js';
import { getKernels } from '../kernels/index.js';
import type { Conv2dGeometry, UniformGrid } from '../kernels/types.js';
import { convShape, type ConvShape } from './conv-geometry.js';
import { convNd } from './conv-nd.js';
import type { NumberArray } from './elementwise-binary.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { expectFloat, expectInputCount, requireInput } from './op-inputs.js';

export const convOp: OpDef = {
  type: 'Conv',
  infer(ctx: InferContext): ValueType[] {
    expectInputCount(ctx, 2, 3);
    const x = requireInput(ctx, 0, 'X');
    const w = requireInput(ctx, 1, 'W');
    expectFloat(ctx, x, 'X');
    if (w.dtype !== x.dtype) throw opInvalid(ctx, `weight W is ${w.dtype} but X is ${x.dtype}; they must match.`);
    const s = convShape(ctx, x, w);
    const b = ctx.inputs[2];
    if (b !== undefined) {
      if (b.dtype !== x.dtype) throw opInvalid(ctx, `bias B is ${b.dtype} but X is ${x.dtype}; they must match.`);
      if (b.dims.length !== 1 || b.dims[0] !== s.outC) {
        throw opInvalid(ctx, `bias B has shape ${formatDims(b.dims)} but must be [${s.outC}] (one value per output channel).`);
      }
    }
    return [{ dtype: x.dtype, dims: s.outDims }];
  },
  run(ctx: RunContext): void {
    runConv(ctx, false);
  },
};

/**
 * Computes the Conv of `ctx`, with a ReLU applied to the result when `relu` is set (the fused
 * Conv+ReLU of `ir/fuse-conv-relu.ts`; bit-identical to Conv followed by Relu). With a `grid`,
 * the kernels may also fake-quantize the result in the same pass (deploy/fuse-conv-fake-quant.ts):
 * returns true when they did, false when the caller must still quantize the output.
 */
export function runConv(ctx: RunContext, relu: boolean, grid: UniformGrid | null = null): boolean {
  const x = ctx.inputs[0] as Tensor;
  const w = ctx.inputs[1] as Tensor;
  const b = ctx.inputs[2];
  const y = ctx.outputs[0];
  const s = convShape(ctx, x, w);
  const spatial = s.window.inSize.length;
  if (x.dtype === 'float32' && spatial <= 2) {
    return conv2dFloat(s, x.data as Float32Array, w.data as Float32Array, b ? (b.data as Float32Array) : null, y.data as Float32Array, relu, grid);
  }
  convNd(s, x.data as NumberArray, 0, w.data as NumberArray, null, b ? (b.data as NumberArray) : null, y.data as NumberArray);
  if (relu) {
    const v = y.data as NumberArray;
    for (let i = 0; i < v.length; i++) if (v[i] < 0) v[i] = 0;
  }
  return false;
}

function conv2dFloat(
  s: ConvShape, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, relu: boolean, grid: UniformGrid | null,
): boolean {
  const g = s.window;
  // A 1-D convolution is a 2-D one over a 1-pixel-high image with a 1-high kernel.
  const two = g.inSize.length === 2;
  const kernels = getKernels();
  const geometry: Conv2dGeometry = {
    batch: s.batch,
    inC: s.inC,
    inH: two ? g.inSize[0] : 1,
    inW: g.inSize[two ? 1 : 0],
    outC: s.outC,
    outH: two ? g.outSize[0] : 1,
    outW: g.outSize[two ? 1 : 0],
    kH: two ? g.kernel[0] : 1,
    kW: g.kernel[two ? 1 : 0],
    strideH: two ? g.strides[0] : 1,
    strideW: g.strides[two ? 1 : 0],
    padTop: two ? g.padsBegin[0] : 0,
    padLeft: g.padsBegin[two ? 1 : 0],
    dilationH: two ? g.dilations[0] : 1,
    dilationW: g.dilations[two ? 1 : 0],
    group: s.group,
  };
  if (grid && kernels.conv2dFakeQuant) {
    kernels.conv2dFakeQuant(geometry, x, w, bias, y, relu, grid);
    return true;
  }
  const fused = relu && kernels.conv2dRelu !== undefined;
  if (fused) kernels.conv2dRelu!(geometry, x, w, bias, y);
  else kernels.conv2d(geometry, x, w, bias, y);
  if (relu && !fused) {
    // Same result as the Relu op: `x < 0 ? 0 : x` keeps −0 and NaN.
    for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = 0;
  }
  return false;
}
