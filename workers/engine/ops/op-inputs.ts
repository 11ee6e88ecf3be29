/**
 * Checks and readers shared by the operators' `infer`: input counts, required inputs, axes, and
 * inputs whose values must be known when the plan is built (Reshape's shape, Pad's pads, …).
 */
import { formatDims, isFloatDType, toNumberArray, type DType, type Tensor } from '../tensor.js';
import type { InferContext, ValueType } from './op.js';
import { opInvalid } from './op-error.js';

/** What messages need to name the node (an infer or a run context). */
type NodeRef = Pick<InferContext, 'where' | 'nodeName' | 'opType'>;

/** Throws unless the node has between `min` and `max` inputs (trailing omitted ones included). */
export function expectInputCount(ctx: InferContext, min: number, max: number): void {
  const n = ctx.inputs.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw opInvalid(ctx, `has ${n} inputs but ${ctx.opType} takes ${want}. Check the model was exported for a standard ONNX opset.`);
  }
}

/** The type of a required input; throws when it is omitted. */
export function requireInput(ctx: InferContext, index: number, name: string): ValueType {
  const t = ctx.inputs[index];
  if (t === undefined) {
    throw opInvalid(ctx, `input ${index} ('${name}') is required but missing. Re-export the model with the input connected.`);
  }
  return t;
}

/** Throws unless `t` holds float32 or float64 data. */
export function expectFloat(ctx: InferContext, t: ValueType, name: string): void {
  if (!isFloatDType(t.dtype)) {
    throw opInvalid(ctx, `input '${name}' has dtype ${t.dtype} but ${ctx.opType} needs float32 or float64. Insert a Cast before this node.`);
  }
}

/** Throws unless `t` has one of `dtypes`. */
export function expectDType(ctx: InferContext, t: ValueType, name: string, dtypes: readonly DType[]): void {
  if (!dtypes.includes(t.dtype)) {
    throw opInvalid(ctx, `input '${name}' has dtype ${t.dtype} but ${ctx.opType} needs one of ${dtypes.join(', ')}.`);
  }
}

/** Throws unless `t` has rank `rank`. */
export function expectRank(ctx: InferContext, t: ValueType, name: string, rank: number): void {
  if (t.dims.length !== rank) {
    throw opInvalid(ctx, `input '${name}' has shape ${formatDims(t.dims)} (rank ${t.dims.length}) but ${ctx.opType} needs rank ${rank}.`);
  }
}

/** Maps an axis in [−rank, rank−1] to [0, rank−1]; throws naming the attribute when it is out of range. */
export function normalizeAxis(ctx: NodeRef, axis: number, rank: number, name = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw opInvalid(ctx, `${name} ${axis} is out of range for a rank-${rank} input (allowed: ${-rank} to ${rank - 1}).`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalizes a list of axes and rejects duplicates. */
export function normalizeAxes(ctx: NodeRef, axes: readonly number[], rank: number, name = 'axes'): number[] {
  const out = axes.map((a) => normalizeAxis(ctx, a, rank, name === 'axes' ? 'axis' : name));
  if (new Set(out).size !== out.length) {
    throw opInvalid(ctx, `${name} [${axes.join(', ')}] name the same axis twice.`);
  }
  return out;
}

/**
 * The value of input `index` as numbers, which must be known when the plan is built (an
 * initializer or a folded constant). Returns undefined when the input is omitted.
 */
export function constIntegers(ctx: InferContext, index: number, name: string): number[] | undefined {
  if (ctx.inputs[index] === undefined) return undefined;
  const t = ctx.constInput(index);
  if (t === undefined) {
    throw opInvalid(
      ctx,
      `input ${index} ('${name}') must be known when the model is loaded (an initializer or a constant expression), but it is computed at run time. EdgeFront plans all shapes ahead; export the model with a constant '${name}'.`,
    );
  }
  return toNumberArray(t);
}

/** The value of an optional input that must be a known scalar (e.g. Dropout's ratio). */
export function constScalar(ctx: InferContext, index: number, name: string): number | undefined {
  const values = constIntegers(ctx, index, name);
  if (values === undefined) return undefined;
  if (values.length !== 1) {
    throw opInvalid(ctx, `input '${name}' should hold one value but holds ${values.length}.`);
  }
  return values[0];
}

/** A constant input's tensor when it is known (for optional scalars that may also come at run time). */
export function knownInput(ctx: InferContext, index: number): Tensor | undefined {
  return ctx.inputs[index] === undefined ? undefined : ctx.constInput(index);
}
