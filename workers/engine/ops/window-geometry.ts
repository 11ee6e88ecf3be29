/**
 * The sliding-window geometry shared by Conv, ConvInteger, MaxPool and AveragePool: kernel,
 * strides, dilations, pads and auto_pad resolved to explicit begin/end pads and output sizes.
 *
 * Formulas from the ONNX spec (https://onnx.ai/onnx/operators/onnx__Conv.html,
 * https://onnx.ai/onnx/operators/onnx__MaxPool.html), with effective kernel ek = (k − 1)·d + 1:
 * - NOTSET: out = floor((in + padBegin + padEnd − ek) / s) + 1 (ceil instead of floor when
 *   ceil_mode = 1, dropping a last window that would start inside the end padding — the rule of
 *   the spec since opset 19 and of PyTorch).
 * - SAME_UPPER / SAME_LOWER: out = ceil(in / s); total pad = max(0, (out − 1)·s + ek − in), the odd
 *   extra pixel at the end (UPPER) or at the beginning (LOWER).
 * - VALID: no padding, out = floor((in − ek) / s) + 1.
 */
import type { InferContext } from './op.js';
import { opInvalid } from './op-error.js';

/** What the geometry reads: attributes, and the node for messages (an infer or a run context). */
export type WindowContext = Pick<InferContext, 'attributes' | 'where' | 'nodeName' | 'opType'>;

export interface WindowGeometry {
  readonly inSize: readonly number[];
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padsBegin: readonly number[];
  readonly padsEnd: readonly number[];
  readonly outSize: readonly number[];
}

function listAttribute(ctx: WindowContext, name: string, rank: number, fallback: number, min: number): number[] {
  const values = ctx.attributes.ints(name) ?? new Array<number>(rank).fill(fallback);
  if (values.length !== rank) {
    throw opInvalid(ctx, `attribute ${name} [${values.join(', ')}] has ${values.length} entries but the input has ${rank} spatial dimensions.`);
  }
  if (values.some((v) => !Number.isInteger(v) || v < min)) {
    throw opInvalid(ctx, `attribute ${name} [${values.join(', ')}] must hold integers ≥ ${min}.`);
  }
  return [...values];
}

/**
 * Resolves the window for spatial input sizes `inSize` and kernel sizes `kernel`.
 * `ceilMode` is only read by pooling operators.
 */
export function resolveWindow(ctx: WindowContext, inSize: readonly number[], kernel: readonly number[], ceilMode = false): WindowGeometry {
  const rank = inSize.length;
  const strides = listAttribute(ctx, 'strides', rank, 1, 1);
  const dilations = listAttribute(ctx, 'dilations', rank, 1, 1);
  const autoPad = ctx.attributes.string('auto_pad', 'NOTSET');
  const padsBegin = new Array<number>(rank).fill(0);
  const padsEnd = new Array<number>(rank).fill(0);
  const outSize = new Array<number>(rank);
  if (autoPad !== 'NOTSET' && autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER' && autoPad !== 'VALID') {
    throw opInvalid(ctx, `attribute auto_pad is '${autoPad}'; allowed values are NOTSET, SAME_UPPER, SAME_LOWER and VALID.`);
  }
  if (autoPad === 'NOTSET') {
    const pads = ctx.attributes.ints('pads') ?? new Array<number>(2 * rank).fill(0);
    if (pads.length !== 2 * rank || pads.some((p) => !Number.isInteger(p) || p < 0)) {
      throw opInvalid(ctx, `attribute pads [${pads.join(', ')}] must hold ${2 * rank} non-negative integers (all begins, then all ends).`);
    }
    for (let i = 0; i < rank; i++) {
      padsBegin[i] = pads[i];
      padsEnd[i] = pads[i + rank];
    }
  }
  for (let i = 0; i < rank; i++) {
    const ek = (kernel[i] - 1) * dilations[i] + 1;
    const s = strides[i];
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      outSize[i] = Math.ceil(inSize[i] / s);
      const total = Math.max(0, (outSize[i] - 1) * s + ek - inSize[i]);
      const half = Math.floor(total / 2);
      padsBegin[i] = autoPad === 'SAME_UPPER' ? half : total - half;
      padsEnd[i] = total - padsBegin[i];
      continue;
    }
    const span = inSize[i] + padsBegin[i] + padsEnd[i] - ek;
    if (span < 0) {
      throw opInvalid(
        ctx,
        `the kernel (extent ${ek} with dilation ${dilations[i]}) is larger than spatial dimension ${i} of the input (${inSize[i]} plus padding ${padsBegin[i]} + ${padsEnd[i]}). Check the input size the model expects.`,
      );
    }
    let out = (ceilMode && autoPad === 'NOTSET' ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    if (ceilMode && autoPad === 'NOTSET' && (out - 1) * s >= inSize[i] + padsBegin[i]) out--;
    outSize[i] = out;
  }
  return { inSize: [...inSize], kernel: [...kernel], strides, dilations, padsBegin, padsEnd, outSize };
}

/** The kernel_shape attribute, checked against the spatial rank (required by the pools). */
export function kernelShapeAttribute(ctx: WindowContext, rank: number): number[] {
  const k = ctx.attributes.ints('kernel_shape');
  if (k === undefined) throw opInvalid(ctx, 'attribute kernel_shape is required but missing.');
  if (k.length !== rank || k.some((v) => !Number.isInteger(v) || v < 1)) {
    throw opInvalid(ctx, `attribute kernel_shape [${k.join(', ')}] must hold ${rank} positive integers (one per spatial dimension).`);
  }
  return [...k];
}
