import { describe, expect, it } from 'vitest';
import { float32Tensor, makeTensor, type Tensor } from '../../workers/engine/tensor.js';
import { runOp } from '../helpers/run-nodes.js';

function values(t: Tensor): number[] {
  return Array.from(t.data as Float32Array);
}

describe('Conv', () => {
  it('depthwise (group = C) convolves each channel with its own filter', () => {
    // Two 3×3 channels, 2×2 filters: channel 0 sums its window, channel 1 takes top-left − bottom-right.
    const x = float32Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90], [1, 2, 3, 3]);
    const w = float32Tensor([1, 1, 1, 1, 1, 0, 0, -1], [2, 1, 2, 2]);
    const b = float32Tensor([0.5, -1], [2]);
    const [y] = runOp('Conv', [x, w, b], { group: 2 });
    expect(y.dims).toEqual([1, 2, 2, 2]);
    expect(values(y)).toEqual([12.5, 16.5, 24.5, 28.5, -41, -41, -41, -41]);
  });

  it('groups split channels: group 2 with 4 in, 2 out channels', () => {
    const x = float32Tensor([1, 2, 3, 4], [1, 4, 1, 1]);
    const w = float32Tensor([1, 10, 100, 1000], [2, 2, 1, 1]);
    const [y] = runOp('Conv', [x, w], { group: 2 });
    expect(values(y)).toEqual([1 + 20, 300 + 4000]);
  });

  it('dilation 2 with SAME_UPPER keeps the size and pads evenly', () => {
    // 1×1×5×5 ramp, 3×3 kernel of ones with dilation 2 → effective extent 5, total pad 4 = 2 + 2.
    const x = float32Tensor(Array.from({ length: 25 }, (_, i) => i), [1, 1, 5, 5]);
    const w = float32Tensor(new Array(9).fill(1), [1, 1, 3, 3]);
    const [y] = runOp('Conv', [x, w], { dilations: [2, 2], auto_pad: 'SAME_UPPER' });
    expect(y.dims).toEqual([1, 1, 5, 5]);
    // Centre: taps at rows/cols 0, 2, 4 → sum of x[r][c] for r, c ∈ {0, 2, 4}.
    const centre = [0, 2, 4].flatMap((r) => [0, 2, 4].map((c) => r * 5 + c)).reduce((a, v) => a + v, 0);
    expect(values(y)[12]).toBe(centre);
    // Corner (0, 0): taps at rows/cols −2, 0, 2 → only rows/cols 0 and 2 are inside.
    expect(values(y)[0]).toBe(0 + 2 + 10 + 12);
  });

  it('SAME_LOWER puts the odd padding pixel at the beginning', () => {
    // 1-D: 4 samples, kernel 2, stride 1 → total pad 1, before for SAME_LOWER, after for SAME_UPPER.
    const x = float32Tensor([1, 2, 3, 4], [1, 1, 4]);
    const w = float32Tensor([1, 10], [1, 1, 2]);
    expect(values(runOp('Conv', [x, w], { auto_pad: 'SAME_LOWER' })[0])).toEqual([10, 21, 32, 43]);
    expect(values(runOp('Conv', [x, w], { auto_pad: 'SAME_UPPER' })[0])).toEqual([21, 32, 43, 4]);
  });

  it('infers kernel_shape from the weights and gives the 2-D and the N-d paths the same answer', () => {
    const x = float32Tensor(Array.from({ length: 2 * 3 * 6 * 5 }, (_, i) => Math.sin(i)), [2, 3, 6, 5]);
    const w = float32Tensor(Array.from({ length: 4 * 3 * 3 * 2 }, (_, i) => Math.cos(i)), [4, 3, 3, 2]);
    const attrs = { strides: [2, 1], pads: [1, 0, 0, 1], dilations: [1, 2] };
    const [y2d] = runOp('Conv', [x, w], attrs);
    // The same data as float64 goes through the general N-d loop.
    const x64 = makeTensor('float64', x.dims, Float64Array.from(x.data as Float32Array));
    const w64 = makeTensor('float64', w.dims, Float64Array.from(w.data as Float32Array));
    const [yNd] = runOp('Conv', [x64, w64], attrs);
    expect(y2d.dims).toEqual([2, 4, 3, 4]);
    expect(yNd.dims).toEqual(y2d.dims);
    const a = values(y2d);
    Array.from(yNd.data as Float64Array).forEach((v, i) => expect(a[i]).toBeCloseTo(v, 5));
  });

  it('names the node and both shapes when channels do not match', () => {
    const x = float32Tensor(new Array(8).fill(0), [1, 2, 2, 2]);
    const w = float32Tensor(new Array(3 * 9).fill(0), [1, 3, 3, 3]);
    expect(() => runOp('Conv', [x, w])).toThrow(
      "Conv node 'n': weight W has shape [1, 3, 3, 3], so it expects 3 × group 1 = 3 input channels, but X has 2 (shape [1, 2, 2, 2]).",
    );
  });

  it('rejects a kernel larger than the padded input and a kernel_shape that contradicts W', () => {
    const x = float32Tensor(new Array(4).fill(0), [1, 1, 2, 2]);
    const w = float32Tensor(new Array(9).fill(0), [1, 1, 3, 3]);
    expect(() => runOp('Conv', [x, w])).toThrow(/kernel \(extent 3 with dilation 1\) is larger than spatial dimension 0/);
    expect(() => runOp('Conv', [x, w], { pads: [1, 1, 1, 1], kernel_shape: [2, 2] })).toThrow(/kernel_shape \[2, 2\] does not match/);
    expect(() => runOp('Conv', [x, w], { group: 2 })).toThrow(expect.objectContaining({ code: 'op-invalid' }));
  });
});

describe('ConvInteger', () => {
  it('subtracts per-channel weight zero points and accumulates exactly in int32', () => {
    const x = makeTensor('uint8', [1, 1, 1, 3], Uint8Array.from([255, 0, 128]));
    const w = makeTensor('uint8', [2, 1, 1, 2], Uint8Array.from([255, 255, 0, 1]));
    const xz = makeTensor('uint8', [], Uint8Array.from([128]));
    const wz = makeTensor('uint8', [2], Uint8Array.from([0, 1]));
    const [y] = runOp('ConvInteger', [x, w, xz, wz]);
    expect(y.dtype).toBe('int32');
    // Channel 0: 127·255 + (−128)·255, then (−128)·255 + 0·255. Channel 1: weights −1, 0.
    expect(Array.from(y.data as Int32Array)).toEqual([-255, -128 * 255, -127, 128]);
  });
});
