import { describe, expect, it } from 'vitest';
import { float32Tensor, int64Tensor, type Tensor } from '../../workers/engine/tensor.js';
import { runOp } from '../helpers/run-nodes.js';

const values = (t: Tensor): number[] => Array.from(t.data as Float32Array);

describe('Gemm', () => {
  const a = float32Tensor([1, 2, 3, 4, 5, 6], [2, 3]); // 2×3
  const b = float32Tensor([1, 0, 0, 1, 1, 1], [3, 2]); // 3×2

  it('computes A·B + C with a per-column bias', () => {
    const [y] = runOp('Gemm', [a, b, float32Tensor([10, 20], [2])]);
    expect(y.dims).toEqual([2, 2]);
    expect(values(y)).toEqual([14, 25, 20, 31]);
  });

  it('honours transA and transB (the PyTorch Linear layout)', () => {
    const aT = float32Tensor([1, 4, 2, 5, 3, 6], [3, 2]);
    const bT = float32Tensor([1, 0, 1, 0, 1, 1], [2, 3]);
    expect(values(runOp('Gemm', [aT, b], { transA: 1 })[0])).toEqual([4, 5, 10, 11]);
    expect(values(runOp('Gemm', [a, bT], { transB: 1 })[0])).toEqual([4, 5, 10, 11]);
    expect(values(runOp('Gemm', [aT, bT], { transA: 1, transB: 1 })[0])).toEqual([4, 5, 10, 11]);
  });

  it('scales by alpha and beta and broadcasts C of shape [M, 1] and scalar', () => {
    const c = float32Tensor([100, 200], [2, 1]);
    expect(values(runOp('Gemm', [a, b, c], { alpha: { float: 2 }, beta: { float: 0.5 } })[0])).toEqual([58, 60, 120, 122]);
    expect(values(runOp('Gemm', [a, b, float32Tensor([1], [])])[0])).toEqual([5, 6, 11, 12]);
  });

  it('rejects mismatched inner dimensions naming both shapes', () => {
    expect(() => runOp('Gemm', [a, a])).toThrow("Gemm node 'n': A [2, 3] has 3 columns but B [2, 3] has 2 rows; they must agree.");
    expect(() => runOp('Gemm', [a, b, float32Tensor([1, 2, 3], [3])])).toThrow(/bias C has shape \[3\], which does not broadcast to the output \[2, 2\]/);
  });
});

describe('MatMul', () => {
  it('broadcasts batch dims: [2, 1, 2, 3] × [3, 3, 1]', () => {
    const a = float32Tensor(Array.from({ length: 12 }, (_, i) => i), [2, 1, 2, 3]);
    const b = float32Tensor([1, 1, 1, 2, 2, 2, 3, 3, 3], [3, 3, 1]);
    const [y] = runOp('MatMul', [a, b]);
    expect(y.dims).toEqual([2, 3, 2, 1]);
    // Row sums of a, scaled by 1, 2, 3 per b batch.
    const rowSums = [3, 12, 21, 30];
    expect(values(y)).toEqual([1, 2, 3].flatMap((s) => rowSums.slice(0, 2).map((r) => r * s)).concat([1, 2, 3].flatMap((s) => rowSums.slice(2).map((r) => r * s))));
  });

  it('promotes 1-D operands and drops the promoted dim', () => {
    const v = float32Tensor([1, 2, 3], [3]);
    const m = float32Tensor([1, 0, 0, 1, 1, 1], [3, 2]);
    const [y] = runOp('MatMul', [v, m]);
    expect(y.dims).toEqual([2]);
    expect(values(y)).toEqual([4, 5]);
    const [dot] = runOp('MatMul', [v, v]);
    expect(dot.dims).toEqual([]);
    expect(values(dot)).toEqual([14]);
  });

  it('multiplies int64 exactly beyond 2^53', () => {
    const a = int64Tensor([2 ** 40, 3], [1, 2]);
    const b = int64Tensor([2 ** 20, 1], [2, 1]);
    const [y] = runOp('MatMul', [a, b]);
    expect(Array.from(y.data as BigInt64Array)).toEqual([2n ** 60n + 3n]);
  });

  it('rejects batch dims that do not broadcast', () => {
    const a = float32Tensor(new Array(12).fill(0), [2, 2, 3]);
    const b = float32Tensor(new Array(18).fill(0), [3, 3, 2]);
    expect(() => runOp('MatMul', [a, b])).toThrow(/cannot be broadcast together: dimension 0 is 2 in one and 3 in another/);
  });
});
