import { describe, expect, it } from 'vitest';
import { float32Tensor, makeTensor, type Tensor } from '../../workers/engine/tensor.js';
import { runOp } from '../helpers/run-nodes.js';

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>);
const asFloat64 = (t: Tensor): Tensor => makeTensor('float64', t.dims, Float64Array.from(t.data as Float32Array));

describe('AveragePool', () => {
  it('ceil_mode drops a last window that starts in the end padding; count_include_pad counts the padding', () => {
    // The ONNX case test_averagepool_2d_ceil_last_window_starts_on_pad, whose expected values are
    // typed with 4 decimals: the exact answer is the 2×2 corner sum over the 3×3 padded window.
    const x = float32Tensor([0.858, 0.0786, 0.2692, 0.1537], [1, 1, 2, 2]);
    const [y] = runOp('AveragePool', [x], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [3, 3], ceil_mode: 1, count_include_pad: 1 });
    expect(y.dims).toEqual([1, 1, 1, 1]);
    expect(values(y)[0]).toBeCloseTo((0.858 + 0.0786 + 0.2692 + 0.1537) / 9, 6);
    const [z] = runOp('AveragePool', [x], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [3, 3], ceil_mode: 1 });
    expect(values(z)[0]).toBeCloseTo((0.858 + 0.0786 + 0.2692 + 0.1537) / 4, 6);
  });

  it('gives the same answers on the fast 2-D float path and the general path', () => {
    const x = float32Tensor(Array.from({ length: 2 * 3 * 7 * 6 }, (_, i) => Math.sin(i * 1.7)), [2, 3, 7, 6]);
    const cases: Record<string, number | string | number[]>[] = [
      { kernel_shape: [3, 2], strides: [2, 2], pads: [1, 0, 1, 1], count_include_pad: 1, ceil_mode: 1 },
      { kernel_shape: [2, 3], dilations: [2, 1], auto_pad: 'SAME_LOWER' },
      { kernel_shape: [3, 3], strides: [2, 1], auto_pad: 'VALID' },
    ];
    for (const attrs of cases) {
      for (const op of ['AveragePool', 'MaxPool']) {
        const [fast] = runOp(op, [x], attrs);
        const [general] = runOp(op, [asFloat64(x)], attrs);
        expect(fast.dims).toEqual(general.dims);
        const g = values(general);
        values(fast).forEach((v, i) => expect(v).toBeCloseTo(g[i], 6));
      }
    }
  });
});

describe('MaxPool', () => {
  it('returns int64 indices, row-major or column-major by storage_order', () => {
    const x = float32Tensor([1, 9, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 3]);
    const [y, rowMajor] = runOp('MaxPool', [x], { kernel_shape: [2, 2] }, { outputCount: 2 });
    expect(values(y)).toEqual([9, 9, 7, 8, 4, 5, 7, 8]);
    expect(Array.from(rowMajor.data as BigInt64Array)).toEqual([1n, 1n, 7n, 8n, 13n, 14n, 16n, 17n]);
    const [, colMajor] = runOp('MaxPool', [x], { kernel_shape: [2, 2], storage_order: 1 }, { outputCount: 2 });
    // Spatial (h, w) → h + w·H; plus the plane offset 9 for channel 1.
    expect(Array.from(colMajor.data as BigInt64Array)).toEqual([3n, 3n, 5n, 8n, 13n, 16n, 14n, 17n]);
  });

  it('pools uint8 and never picks padding', () => {
    const x = makeTensor('uint8', [1, 1, 1, 3], Uint8Array.from([0, 200, 1]));
    const [y] = runOp('MaxPool', [x], { kernel_shape: [1, 2], pads: [0, 1, 0, 1] });
    expect(y.dtype).toBe('uint8');
    expect(values(y)).toEqual([0, 200, 200, 1]);
  });

  it('requires kernel_shape and rejects bad attributes naming the node', () => {
    const x = float32Tensor(new Array(16).fill(0), [1, 1, 4, 4]);
    expect(() => runOp('MaxPool', [x])).toThrow("MaxPool node 'n': attribute kernel_shape is required but missing.");
    expect(() => runOp('MaxPool', [x], { kernel_shape: [2, 2], pads: [1, 1] })).toThrow(/pads \[1, 1\] must hold 4 non-negative integers/);
    expect(() => runOp('MaxPool', [x], { kernel_shape: [2, 2], auto_pad: 'SAME' })).toThrow(/auto_pad is 'SAME'/);
  });
});

describe('global pools and BatchNormalization', () => {
  it('GlobalAveragePool and GlobalMaxPool reduce each plane', () => {
    const x = float32Tensor([1, 2, 3, 4, -1, -2, -3, -4], [1, 2, 2, 2]);
    expect(values(runOp('GlobalAveragePool', [x])[0])).toEqual([2.5, -2.5]);
    const [m] = runOp('GlobalMaxPool', [x]);
    expect(m.dims).toEqual([1, 2, 1, 1]);
    expect(values(m)).toEqual([4, -1]);
  });

  it('BatchNormalization checks parameter shapes and refuses extra outputs outside training', () => {
    const x = float32Tensor([1, 2, 3, 4], [1, 2, 2]);
    const p = float32Tensor([1, 1], [2]);
    const [y] = runOp('BatchNormalization', [x, p, float32Tensor([0, 1], [2]), float32Tensor([1, 2], [2]), float32Tensor([4, 0.25], [2])], { epsilon: { float: 0 } });
    expect(values(y)).toEqual([0, 0.5, 3, 5]);
    expect(() => runOp('BatchNormalization', [x, float32Tensor([1, 1, 1], [3]), p, p, p])).toThrow(
      "BatchNormalization node 'n': scale has shape [3] but X has 2 channels (shape [1, 2, 2]); it must be [2].",
    );
    expect(() => runOp('BatchNormalization', [x, p, p, p, p], {}, { outputCount: 3 })).toThrow(expect.objectContaining({ code: 'op-unsupported' }));
  });
});
