import { describe, expect, it } from 'vitest';
import { float32Tensor, int64Tensor, type Tensor } from '../../workers/engine/tensor.js';
import { runOp } from '../helpers/run-nodes.js';

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>);

describe('Softmax', () => {
  // One batch of a 2×2 matrix [[0, 0], [0, ln 3]].
  const x = float32Tensor([0, 0, 0, Math.log(3)], [1, 2, 2]);

  it('opset 13 normalizes along the last axis by default', () => {
    const [y] = runOp('Softmax', [x], {}, { opset: 13 });
    expect(values(y).map((v) => +v.toFixed(6))).toEqual([0.5, 0.5, 0.25, 0.75]);
  });

  it('opset 11 coerces to 2-D at axis 1: all four values form one row', () => {
    const [y] = runOp('Softmax', [x], {}, { opset: 11 });
    expect(values(y).map((v) => +v.toFixed(6))).toEqual([1 / 6, 1 / 6, 1 / 6, 0.5].map((v) => +v.toFixed(6)));
  });

  it('opset 13 with axis 1 normalizes down the columns; large inputs do not overflow', () => {
    const [y] = runOp('Softmax', [x], { axis: 1 }, { opset: 13 });
    expect(values(y).map((v) => +v.toFixed(6))).toEqual([0.5, 0.25, 0.5, 0.75]);
    const [big] = runOp('Softmax', [float32Tensor([1000, 1000], [2])], {}, { opset: 13 });
    expect(values(big)).toEqual([0.5, 0.5]);
  });

  it('rejects an axis out of range', () => {
    expect(() => runOp('Softmax', [x], { axis: 3 }, { opset: 13 })).toThrow("Softmax node 'n': axis 3 is out of range for a rank-3 input (allowed: -3 to 2).");
  });
});

describe('Pad (constant mode)', () => {
  const x = float32Tensor([1, 2, 3, 4], [2, 2]);

  it('reads pads and value from attributes before opset 11', () => {
    const [y] = runOp('Pad', [x], { pads: [0, 1, 1, 0], value: { float: 9 } }, { opset: 2 });
    expect(y.dims).toEqual([3, 3]);
    expect(values(y)).toEqual([9, 1, 2, 9, 3, 4, 9, 9, 9]);
  });

  it('reads pads, constant_value and axes from inputs from opset 11 / 18', () => {
    const [y] = runOp('Pad', [x, int64Tensor([0, 1, 1, 0]), float32Tensor([9], [])], {}, { opset: 11 });
    expect(values(y)).toEqual([9, 1, 2, 9, 3, 4, 9, 9, 9]);
    const [z] = runOp('Pad', [x, int64Tensor([1, 2]), undefined, int64Tensor([-1])], {}, { opset: 18 });
    expect(z.dims).toEqual([2, 5]);
    expect(values(z)).toEqual([0, 1, 2, 0, 0, 0, 3, 4, 0, 0]);
  });

  it('crops with negative pads', () => {
    const [y] = runOp('Pad', [x, int64Tensor([-1, 0, 0, 1])], {}, { opset: 13 });
    expect(y.dims).toEqual([1, 3]);
    expect(values(y)).toEqual([3, 4, 0]);
  });

  it('refuses other modes with a clear error', () => {
    expect(() => runOp('Pad', [x, int64Tensor([1, 1, 1, 1])], { mode: 'reflect' }, { opset: 13 })).toThrow(
      expect.objectContaining({ code: 'op-unsupported', message: expect.stringContaining("mode 'reflect' is not supported") }),
    );
    expect(() => runOp('Pad', [x, int64Tensor([1, 1])], {}, { opset: 13 })).toThrow(/must hold 4 values/);
  });
});
