import { describe, expect, it } from 'vitest';
import { float32Tensor, int64Tensor, makeTensor, type Tensor } from '../../workers/engine/tensor.js';
import { runOp } from '../helpers/run-nodes.js';

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>);

describe('broadcasting binary ops', () => {
  it('broadcasts [2, 1, 3] with [4, 1] to [2, 4, 3]', () => {
    const a = float32Tensor([0, 1, 2, 10, 11, 12], [2, 1, 3]);
    const b = float32Tensor([100, 200, 300, 400], [4, 1]);
    const [y] = runOp('Add', [a, b]);
    expect(y.dims).toEqual([2, 4, 3]);
    expect(values(y).slice(0, 6)).toEqual([100, 101, 102, 200, 201, 202]);
    expect(values(y).slice(21)).toEqual([410, 411, 412]);
  });

  it('broadcasts a scalar, a per-channel bias over NCHW, and a 0-size dim', () => {
    const x = float32Tensor(Array.from({ length: 8 }, (_, i) => i), [1, 2, 2, 2]);
    expect(values(runOp('Mul', [x, float32Tensor([2], [])])[0])).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(values(runOp('Sub', [x, float32Tensor([1, 4], [2, 1, 1])])[0])).toEqual([-1, 0, 1, 2, 0, 1, 2, 3]);
    const [empty] = runOp('Add', [float32Tensor([], [0, 3]), float32Tensor([1, 2, 3], [3])]);
    expect(empty.dims).toEqual([0, 3]);
    // The left operand broadcasts too: [3] − [2, 1].
    expect(values(runOp('Sub', [float32Tensor([1, 2, 3], [3]), float32Tensor([1, 2], [2, 1])])[0])).toEqual([0, 1, 2, -1, 0, 1]);
  });

  it('names both shapes when they do not broadcast', () => {
    expect(() => runOp('Add', [float32Tensor([1, 2, 3], [3]), float32Tensor([1, 2], [2])])).toThrow(
      "Add node 'n': inputs 'A' [3], 'B' [2] cannot be broadcast together: dimension 0 is 3 in one and 2 in another",
    );
    expect(() => runOp('Add', [float32Tensor([1], [1]), int64Tensor([1])])).toThrow(/different dtypes \(float32 and int64\)/);
  });
});

describe('integer arithmetic', () => {
  it('int64 is exact beyond 2^53 and wraps at 2^64', () => {
    const big = 2n ** 62n + 1n;
    const a = makeTensor('int64', [2], BigInt64Array.from([big, 2n ** 62n]));
    const b = makeTensor('int64', [2], BigInt64Array.from([3n, 4n]));
    expect(Array.from(runOp('Mul', [a, b])[0].data as BigInt64Array)).toEqual([-(2n ** 62n) + 3n, 0n]);
    expect(Array.from(runOp('Add', [a, b])[0].data as BigInt64Array)).toEqual([big + 3n, 2n ** 62n + 4n]);
    expect(Array.from(runOp('Div', [a, b])[0].data as BigInt64Array)).toEqual([(2n ** 62n + 1n) / 3n, 2n ** 60n]);
  });

  it('uint64 subtraction wraps', () => {
    const a = makeTensor('uint64', [1], BigUint64Array.from([1n]));
    const b = makeTensor('uint64', [1], BigUint64Array.from([2n]));
    expect(Array.from(runOp('Sub', [a, b])[0].data as BigUint64Array)).toEqual([2n ** 64n - 1n]);
  });

  it('integer Div truncates toward zero; int32 Mul wraps exactly', () => {
    const a = makeTensor('int32', [4], Int32Array.from([-7, 7, -7, 2 ** 30 + 1]));
    const b = makeTensor('int32', [4], Int32Array.from([2, -2, -2, 2 ** 30 + 3]));
    expect(values(runOp('Div', [a, b])[0])).toEqual([-3, -3, 3, 0]);
    expect(values(runOp('Mul', [a, b])[0]).slice(3)).toEqual([Math.imul(2 ** 30 + 1, 2 ** 30 + 3)]);
    const i64 = int64Tensor([-7]);
    expect(Array.from(runOp('Div', [i64, int64Tensor([2])])[0].data as BigInt64Array)).toEqual([-3n]);
  });

  it('uint8 arithmetic wraps like the hardware does', () => {
    const a = makeTensor('uint8', [2], Uint8Array.from([3, 200]));
    const b = makeTensor('uint8', [2], Uint8Array.from([5, 100]));
    expect(values(runOp('Sub', [a, b])[0])).toEqual([254, 100]);
    expect(values(runOp('Add', [a, b])[0])).toEqual([8, 44]);
  });

  it('reports integer division by zero instead of guessing', () => {
    const a = makeTensor('int16', [2], Int16Array.from([1, 2]));
    const b = makeTensor('int16', [2], Int16Array.from([1, 0]));
    expect(() => runOp('Div', [a, b])).toThrow(expect.objectContaining({ code: 'op-runtime', message: expect.stringMatching(/divisor B holds 0 at flat index 1/) }));
    expect(() => runOp('Div', [int64Tensor([1]), int64Tensor([0])])).toThrow(/integer division by zero/);
  });
});

describe('Clip', () => {
  it('takes bounds from attributes before opset 11 and from inputs after', () => {
    const x = float32Tensor([-2, 0.5, 3], [3]);
    expect(values(runOp('Clip', [x], { min: { float: -1 }, max: { float: 1 } }, { opset: 6 })[0])).toEqual([-1, 0.5, 1]);
    expect(values(runOp('Clip', [x, float32Tensor([0], []), undefined], {}, { opset: 13 })[0])).toEqual([0, 0.5, 3]);
  });

  it('clips int8 with int8 bounds and rejects non-scalar bounds', () => {
    const x = makeTensor('int8', [3], Int8Array.from([-128, 0, 127]));
    const lo = makeTensor('int8', [], Int8Array.from([-5]));
    expect(values(runOp('Clip', [x, lo], {}, { opset: 13 })[0])).toEqual([-5, 0, 127]);
    expect(() => runOp('Clip', [x, makeTensor('int8', [2], Int8Array.from([1, 2]))], {}, { opset: 13 })).toThrow(/must be a scalar/);
  });
});

describe('unary ops', () => {
  it('Relu keeps NaN; LeakyRelu, Sigmoid and Tanh match their formulas', () => {
    const x = float32Tensor([-2, 0, 3, Number.NaN], [4]);
    expect(values(runOp('Relu', [x])[0])).toEqual([0, 0, 3, Number.NaN]);
    expect(values(runOp('LeakyRelu', [x], { alpha: { float: 0.5 } })[0])).toEqual([-1, 0, 3, Number.NaN]);
    const s = values(runOp('Sigmoid', [float32Tensor([0, 100, -100], [3])])[0]);
    expect(s).toEqual([0.5, 1, Math.fround(1 / (1 + Math.exp(100)))]);
    expect(values(runOp('Tanh', [float32Tensor([1], [1])])[0])[0]).toBeCloseTo(Math.tanh(1), 6);
  });
});
