/**
 * The shared body of ReduceSum and ReduceMax (https://onnx.ai/onnx/operators/onnx__ReduceSum.html,
 * https://onnx.ai/onnx/operators/onnx__ReduceMax.html). Axes are an attribute before the opset
 * where they became an input (13 for ReduceSum, 18 for ReduceMax); keepdims (default 1) keeps
 * reduced dims as 1. No axes means all axes, unless noop_with_empty_axes = 1 (input form only),
 * which makes the op an identity.
 */
import { isBigIntDType, stridesOf, type Tensor } from '../tensor.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';
import { constIntegers, expectInputCount, normalizeAxes, requireInput } from './op-inputs.js';

type Elements = { [i: number]: number | bigint; length: number };

function reducedAxes(ctx: InferContext, rank: number, axesInputFrom: number): number[] {
  const inputForm = ctx.opset >= axesInputFrom;
  expectInputCount(ctx, 1, inputForm ? 2 : 1);
  const raw = inputForm ? constIntegers(ctx, 1, 'axes') : ctx.attributes.ints('axes');
  if (raw === undefined || raw.length === 0) {
    const noop = inputForm && ctx.attributes.int('noop_with_empty_axes', 0) !== 0;
    return noop ? [] : Array.from({ length: rank }, (_, i) => i);
  }
  return normalizeAxes(ctx, raw, rank);
}

export function reduceOp(type: string, axesInputFrom: number, kind: 'sum' | 'max'): OpDef {
  return {
    type,
    infer(ctx: InferContext): ValueType[] {
      const x = requireInput(ctx, 0, 'data');
      if (x.dtype === 'bool') throw opInvalid(ctx, `dtype bool is not supported by ${type}.`);
      const axes = reducedAxes(ctx, x.dims.length, axesInputFrom);
      const keep = ctx.attributes.int('keepdims', 1) !== 0;
      const dims = x.dims.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
      if (kind === 'max' && axes.some((a) => x.dims[a] === 0)) {
        throw opInvalid(ctx, `cannot take the maximum over an empty axis of shape [${x.dims.join(', ')}].`);
      }
      return [{ dtype: x.dtype, dims }];
    },
    run(ctx: RunContext): void {
      const x = ctx.inputs[0] as Tensor;
      const y = ctx.outputs[0];
      const rank = x.dims.length;
      const reduced = reducedAxesAtRun(ctx, x, axesInputFrom);
      // Output stride of each input dim: 0 for reduced dims.
      const keptDims = x.dims.map((d, i) => (reduced[i] ? 1 : d));
      const keptStrides = stridesOf(keptDims).map((s, i) => (reduced[i] ? 0 : s));
      const xs = x.data as unknown as Elements;
      const ys = y.data as unknown as Elements;
      const big = isBigIntDType(x.dtype);
      const seen = new Uint8Array(ys.length);
      if (kind === 'sum') for (let i = 0; i < ys.length; i++) ys[i] = big ? 0n : 0;
      const coord = new Array<number>(rank).fill(0);
      let o = 0;
      for (let i = 0; i < xs.length; i++) {
        const v = xs[i];
        if (kind === 'sum') {
          (ys as { [i: number]: number })[o] = (ys[o] as number) + (v as number);
        } else if (!seen[o] || v > ys[o] || v !== v) {
          ys[o] = v;
          seen[o] = 1;
        }
        for (let d = rank - 1; d >= 0; d--) {
          o += keptStrides[d];
          if (++coord[d] < x.dims[d]) break;
          o -= keptStrides[d] * x.dims[d];
          coord[d] = 0;
        }
      }
    },
  };
}

/** Which input dims are reduced, recovered from the axes attribute or input. */
function reducedAxesAtRun(ctx: RunContext, x: Tensor, axesInputFrom: number): boolean[] {
  const rank = x.dims.length;
  const inputForm = ctx.opset >= axesInputFrom;
  const axesTensor = inputForm ? ctx.inputs[1] : undefined;
  const raw = inputForm ? (axesTensor ? Array.from(axesTensor.data as ArrayLike<number | bigint>, Number) : undefined) : ctx.attributes.ints('axes');
  if (raw === undefined || raw.length === 0) {
    const noop = inputForm && ctx.attributes.int('noop_with_empty_axes', 0) !== 0;
    return x.dims.map(() => !noop);
  }
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of raw) reduced[(a + rank) % rank] = true;
  return reduced;
}
