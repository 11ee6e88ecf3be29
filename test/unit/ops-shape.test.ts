import { describe, expect, it } from 'vitest';
import { float32Tensor, int64Tensor, type Tensor } from '../../workers/engine/tensor.js';
import { runOp } from '../helpers/run-nodes.js';

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>);
const x = float32Tensor(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);

describe('view operators', () => {
  it('Reshape copies 0 dims, infers −1, and honours allowzero', () => {
    expect(runOp('Reshape', [x, int64Tensor([0, -1])])[0].dims).toEqual([2, 12]);
    expect(runOp('Reshape', [float32Tensor([], [0, 3]), int64Tensor([3, 0])], { allowzero: 1 }, { opset: 14 })[0].dims).toEqual([3, 0]);
    expect(() => runOp('Reshape', [x, int64Tensor([5, -1])])).toThrow(
      "Reshape node 'n': cannot reshape [2, 3, 4] (24 elements) to [5, -1]: the −1 dim cannot be inferred.",
    );
    expect(() => runOp('Reshape', [x, int64Tensor([-1, -1])])).toThrow(/at most one −1/);
  });

  it('shares the input data instead of copying', () => {
    const [y] = runOp('Flatten', [x], { axis: 2 });
    expect(y.dims).toEqual([6, 4]);
    expect(y.data).toBe(x.data);
  });

  it('Squeeze and Unsqueeze take axes as attribute before opset 13 and as input after', () => {
    const one = float32Tensor([1, 2, 3], [1, 3, 1]);
    expect(runOp('Squeeze', [one], { axes: [-1] }, { opset: 11 })[0].dims).toEqual([1, 3]);
    expect(runOp('Squeeze', [one, int64Tensor([0])], {}, { opset: 13 })[0].dims).toEqual([3, 1]);
    expect(runOp('Squeeze', [one], {}, { opset: 13 })[0].dims).toEqual([3]);
    expect(() => runOp('Squeeze', [one, int64Tensor([1])], {}, { opset: 13 })).toThrow(/cannot squeeze axis 1 of \[1, 3, 1\]: its size is 3/);
    expect(runOp('Unsqueeze', [one], { axes: [0, -1] }, { opset: 11 })[0].dims).toEqual([1, 1, 3, 1, 1]);
    expect(runOp('Unsqueeze', [one, int64Tensor([4, 1])], {}, { opset: 13 })[0].dims).toEqual([1, 1, 3, 1, 1]);
    expect(() => runOp('Unsqueeze', [one, int64Tensor([1, 1])], {}, { opset: 13 })).toThrow(/name the same axis twice/);
  });

  it('Dropout passes data through and fills an all-true mask; training mode is refused', () => {
    const [y, mask] = runOp('Dropout', [x, float32Tensor([0.3], [])], {}, { opset: 13, outputCount: 2 });
    expect(y.data).toBe(x.data);
    expect(mask.dtype).toBe('bool');
    expect(values(mask).every((v) => v === 1)).toBe(true);
    const training = { dtype: 'bool' as const, dims: [], data: Uint8Array.from([1]) };
    expect(() => runOp('Dropout', [x, float32Tensor([0.3], []), training], {}, { opset: 13 })).toThrow(/training_mode is true/);
  });
});

describe('data movement', () => {
  it('Transpose with an explicit perm and the default (reversed) one', () => {
    const m = float32Tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(values(runOp('Transpose', [m])[0])).toEqual([1, 4, 2, 5, 3, 6]);
    const [t] = runOp('Transpose', [x], { perm: [1, 0, 2] });
    expect(t.dims).toEqual([3, 2, 4]);
    expect(values(t).slice(0, 8)).toEqual([0, 1, 2, 3, 12, 13, 14, 15]);
    expect(() => runOp('Transpose', [x], { perm: [0, 0, 1] })).toThrow(/perm \[0, 0, 1\] is not a permutation/);
  });

  it('Concat along a negative axis checks the other dims', () => {
    const a = float32Tensor([1, 2], [2, 1]);
    const b = float32Tensor([3, 4, 5, 6], [2, 2]);
    expect(values(runOp('Concat', [a, b], { axis: -1 })[0])).toEqual([1, 3, 4, 2, 5, 6]);
    expect(() => runOp('Concat', [a, b], { axis: 0 })).toThrow(/input 1 has shape \[2, 2\] but input 0 has \[2, 1\]/);
  });

  it('Gather with negative indices along axis 1, and out-of-range indices', () => {
    const [g] = runOp('Gather', [x, int64Tensor([-1, 0], [2])], { axis: 1 });
    expect(g.dims).toEqual([2, 2, 4]);
    expect(values(g).slice(0, 8)).toEqual([8, 9, 10, 11, 0, 1, 2, 3]);
    expect(() => runOp('Gather', [x, int64Tensor([3])], { axis: 1 })).toThrow(/index 3 is out of range for axis 1 of size 3/);
  });

  it('Shape slices with start/end from opset 15 only', () => {
    expect(Array.from(runOp('Shape', [x], { start: 1 }, { opset: 15 })[0].data as BigInt64Array)).toEqual([3n, 4n]);
    expect(Array.from(runOp('Shape', [x], { start: 1 }, { opset: 13 })[0].data as BigInt64Array)).toEqual([2n, 3n, 4n]);
  });

  it('ReduceSum over axes given as attribute (opset 11) or input (13), with keepdims', () => {
    expect(values(runOp('ReduceSum', [x], { axes: [0, 2], keepdims: 0 }, { opset: 11 })[0])).toEqual([60, 92, 124]);
    const [k] = runOp('ReduceSum', [x, int64Tensor([-1])], {}, { opset: 13 });
    expect(k.dims).toEqual([2, 3, 1]);
    expect(values(k)).toEqual([6, 22, 38, 54, 70, 86]);
    expect(runOp('ReduceSum', [x], { noop_with_empty_axes: 1 }, { opset: 13 })[0].dims).toEqual([2, 3, 4]);
    expect(values(runOp('ReduceMax', [x], { keepdims: 0 }, { opset: 18 })[0])).toEqual([23]);
  });
});
