/**
 * Pad, constant mode (https://onnx.ai/onnx/operators/onnx__Pad.html). Before opset 11 the pads
 * and value are attributes; from 11 `pads` is an int64 input ([begin of each axis…, end of each
 * axis…]) with an optional scalar `constant_value`; from 18 an optional `axes` input says which
 * axes the pads refer to (negative counts from the end). Negative pads crop. The pads must be
 * known when the plan is built; reflect, edge and wrap modes are not implemented.
 */
import { formatDims, isBigIntDType, stridesOf, type Tensor } from '../tensor.js';
import type { InferContext, OpDef, RunContext, ValueType } from './op.js';
import { opInvalid, opUnsupported } from './op-error.js';
import { constIntegers, expectInputCount, normalizeAxes, requireInput } from './op-inputs.js';

type Copyable = { set(src: ArrayLike<unknown>, offset: number): void; subarray(begin: number, end: number): ArrayLike<unknown>; fill(v: unknown): void };

/** Begin and end pads per axis of the input (length 2·rank). */
function resolvePads(ctx: InferContext, rank: number): number[] {
  const mode = ctx.attributes.string('mode', 'constant');
  if (mode !== 'constant') {
    throw opUnsupported(ctx, `mode '${mode}' is not supported; EdgeFront implements Pad with mode 'constant' only. Re-export the model with zero padding.`);
  }
  if (ctx.opset < 11) {
    expectInputCount(ctx, 1, 1);
    const pads = ctx.attributes.ints('pads') ?? ctx.attributes.ints('paddings');
    if (pads === undefined) throw opInvalid(ctx, 'attribute pads is required but missing.');
    if (pads.length !== 2 * rank) throw opInvalid(ctx, `attribute pads [${pads.join(', ')}] must hold ${2 * rank} values for a rank-${rank} input.`);
    return [...pads];
  }
  expectInputCount(ctx, 2, 4);
  requireInput(ctx, 1, 'pads');
  const pads = constIntegers(ctx, 1, 'pads') as number[];
  const rawAxes = constIntegers(ctx, 3, 'axes');
  const axes = rawAxes === undefined ? Array.from({ length: rank }, (_, i) => i) : normalizeAxes(ctx, rawAxes, rank);
  if (pads.length !== 2 * axes.length) {
    throw opInvalid(ctx, `input pads [${pads.join(', ')}] must hold ${2 * axes.length} values (begin and end for each of ${axes.length} axes).`);
  }
  return expandPads(pads, axes, rank);
}

/** Pads listed for `axes` (begins, then ends) spread over all `rank` axes, 0 elsewhere. */
function expandPads(pads: readonly number[], axes: readonly number[], rank: number): number[] {
  const full = new Array<number>(2 * rank).fill(0);
  axes.forEach((a, i) => {
    full[a] = pads[i];
    full[a + rank] = pads[i + axes.length];
  });
  return full;
}

export const padOp: OpDef = {
  type: 'Pad',
  infer(ctx: InferContext): ValueType[] {
    const x = requireInput(ctx, 0, 'data');
    const rank = x.dims.length;
    const pads = resolvePads(ctx, rank);
    const value = ctx.inputs[2];
    if (value !== undefined && value.dtype !== x.dtype) {
      throw opInvalid(ctx, `constant_value is ${value.dtype} but data is ${x.dtype}; they must match.`);
    }
    const dims = x.dims.map((d, i) => d + pads[i] + pads[i + rank]);
    if (dims.some((d) => d < 0)) {
      throw opInvalid(ctx, `pads [${pads.join(', ')}] crop more than the input ${formatDims(x.dims)} holds.`);
    }
    return [{ dtype: x.dtype, dims }];
  },
  run(ctx: RunContext): void {
    const x = ctx.inputs[0] as Tensor;
    const y = ctx.outputs[0];
    const rank = x.dims.length;
    const pads = runPads(ctx, rank);
    const out = y.data as unknown as Copyable;
    const src = x.data as unknown as Copyable;
    out.fill(constantValue(ctx, x));
    if (rank === 0) {
      out.set(src.subarray(0, 1), 0);
      return;
    }
    const last = rank - 1;
    const outStrides = stridesOf(y.dims);
    const inStrides = stridesOf(x.dims);
    // The copied span of the last axis, in input coordinates.
    const from = Math.max(0, -pads[last]);
    const to = Math.min(x.dims[last], y.dims[last] - pads[last]);
    if (to <= from) return;
    const rows = y.data.length / (y.dims[last] || 1);
    const coord = new Array<number>(rank).fill(0);
    for (let r = 0; r < rows; r++) {
      let inside = true;
      let inOffset = 0;
      let outOffset = 0;
      for (let i = 0; i < last; i++) {
        const c = coord[i] - pads[i];
        if (c < 0 || c >= x.dims[i]) inside = false;
        inOffset += c * inStrides[i];
        outOffset += coord[i] * outStrides[i];
      }
      if (inside) out.set(src.subarray(inOffset + from, inOffset + to), outOffset + from + pads[last]);
      for (let i = last - 1; i >= 0; i--) {
        if (++coord[i] < y.dims[i]) break;
        coord[i] = 0;
      }
    }
  },
};

function runPads(ctx: RunContext, rank: number): number[] {
  if (ctx.opset < 11) return [...(ctx.attributes.ints('pads') ?? ctx.attributes.ints('paddings') ?? [])];
  const padsInput = ctx.inputs[1] as Tensor;
  const pads = Array.from(padsInput.data as BigInt64Array, Number);
  const axesInput = ctx.inputs[3];
  const axes = axesInput === undefined
    ? Array.from({ length: rank }, (_, i) => i)
    : Array.from(axesInput.data as ArrayLike<number | bigint>, (a) => (Number(a) + rank) % rank);
  return expandPads(pads, axes, rank);
}

function constantValue(ctx: RunContext, x: Tensor): number | bigint {
  const v = ctx.opset < 11 ? ctx.attributes.float('value', 0) : ctx.inputs[2]?.data[0];
  if (isBigIntDType(x.dtype)) return v === undefined ? 0n : BigInt(v);
  return v === undefined ? 0 : Number(v);
}
