/**
 * Multidirectional (numpy-style) broadcasting, https://onnx.ai/onnx/repo-docs/Broadcasting.html:
 * shapes are right-aligned and every dimension must be equal or 1.
 *
 * `planBroadcast` turns the output shape and the input shapes into rows of a fixed length in which
 * every input advances by 0 or 1 element per step. Adjacent dimensions are merged whenever every
 * input walks them contiguously, so a same-shape Add is one row and a per-channel bias over NCHW
 * is N·C rows of H·W: element loops stay tight and only the row start needs index arithmetic.
 */
import { formatDims } from '../tensor.js';
import type { InferContext } from './op.js';
import { opInvalid } from './op-error.js';

/** The broadcast shape of `shapes`; throws naming the inputs when they do not broadcast. */
export function broadcastDims(ctx: InferContext, shapes: readonly (readonly number[])[], names: readonly string[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (let k = 0; k < shapes.length; k++) {
    const s = shapes[k];
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i];
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) {
        out[o] = d;
        continue;
      }
      const described = shapes.map((sh, j) => `'${names[j] ?? `input ${j}`}' ${formatDims(sh)}`).join(', ');
      throw opInvalid(
        ctx,
        `inputs ${described} cannot be broadcast together: dimension ${o} is ${out[o]} in one and ${d} in another (each must be equal or 1, see https://onnx.ai/onnx/repo-docs/Broadcasting.html).`,
      );
    }
  }
  return out;
}

export interface BroadcastPlan {
  /** Number of rows (0 when the output is empty). */
  readonly rows: number;
  readonly rowLength: number;
  /** Per input: 1 when it advances along a row, 0 when it repeats one element. */
  readonly innerStride: Int32Array;
  /** Start offset of `row` in input `input`. */
  rowOffset(input: number, row: number): number;
}

export function planBroadcast(outDims: readonly number[], inputDims: readonly (readonly number[])[]): BroadcastPlan {
  const rank = outDims.length;
  const k = inputDims.length;
  // Per-input strides aligned to the output rank; 0 where the input is broadcast.
  const strides: number[][] = inputDims.map((dims) => {
    const st = new Array<number>(rank).fill(0);
    let s = 1;
    for (let i = dims.length - 1; i >= 0; i--) {
      const o = rank - dims.length + i;
      st[o] = dims[i] === 1 ? 0 : s;
      s *= dims[i];
    }
    return st;
  });
  const size = outDims.reduce((a, b) => a * b, 1);
  // Keep dims > 1, merging a dim into the previous kept one when every input is contiguous across them.
  const dims: number[] = [];
  const kept: number[][] = inputDims.map(() => []);
  for (let i = 0; i < rank; i++) {
    const d = outDims[i];
    if (d === 1) continue;
    const last = dims.length - 1;
    const mergeable = last >= 0 && strides.every((st, j) => kept[j][last] === st[i] * d);
    if (mergeable) {
      dims[last] *= d;
      for (let j = 0; j < k; j++) kept[j][last] = strides[j][i];
    } else {
      dims.push(d);
      for (let j = 0; j < k; j++) kept[j].push(strides[j][i]);
    }
  }
  if (dims.length === 0) {
    return { rows: size === 0 ? 0 : 1, rowLength: 1, innerStride: new Int32Array(k), rowOffset: () => 0 };
  }
  const inner = dims.length - 1;
  const rowLength = dims[inner];
  const innerStride = Int32Array.from(kept, (st) => (st[inner] === 0 ? 0 : 1));
  const outer = Int32Array.from(dims.slice(0, inner));
  const outerStrides = kept.map((st) => Int32Array.from(st.slice(0, inner)));
  return {
    rows: size === 0 ? 0 : size / rowLength,
    rowLength,
    innerStride,
    rowOffset(input: number, row: number): number {
      const st = outerStrides[input];
      let offset = 0;
      let r = row;
      for (let i = outer.length - 1; i >= 0 && r > 0; i--) {
        const d = outer[i];
        const q = Math.floor(r / d);
        offset += (r - q * d) * st[i];
        r = q;
      }
      return offset;
    },
  };
}
