import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { makeTensor } from '../../workers/engine/tensor.js';
import {
  batchOf,
  checkDatasetFitsModel,
  datasetFromShared,
  loadDataset,
  toSharedMessage,
  type SharedDataset,
  type SharedDatasetMessage,
} from '../../workers/data/dataset.js';
import { encodeNpy } from '../../workers/data/npy.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/data');
const NPY = join(FIXTURES, 'npy');
/** The samples of the NPY/NPZ fixtures in NCHW order: 5 × 3 × 4 × 4, value = index mod 256. */
const X_NCHW = Array.from({ length: 5 * 3 * 4 * 4 }, (_, i) => i % 256);
const IDX_IMAGES = Array.from({ length: 80 }, (_, i) => (i * 3) % 256);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'edgefront-dataset-'));
}

function expectClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 5);
}

describe('loadDataset: IDX', () => {
  for (const [folder, suffix] of [['idx-plain', ''], ['idx-gz', '.gz']]) {
    it(`loads ${folder} with its sibling labels, as [1, H, W] scaled by 1/255`, async () => {
      const d = await loadDataset({ path: join(FIXTURES, folder, `tiny-images-idx3-ubyte${suffix}`) });
      expect(d.count).toBe(5);
      expect(d.sampleDims).toEqual([1, 4, 4]);
      expectClose(d.x, IDX_IMAGES.map((v) => v / 255));
      expect(Array.from(d.y)).toEqual([3, 1, 4, 1, 5]);
      expect(d.classCount).toBe(6);
      expect(d.name).toBe('tiny-images-idx3-ubyte');
      expect(d.source).toBe(resolve(FIXTURES, folder, `tiny-images-idx3-ubyte${suffix}`));
      expect(d.x.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(d.y.buffer).toBeInstanceOf(SharedArrayBuffer);
    });
  }

  it('finds the labels of a gzipped images file when only plain labels exist', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'idx-gz/tiny-images-idx3-ubyte.gz'), join(dir, 'train-images-idx3-ubyte.gz'));
    copyFileSync(join(FIXTURES, 'idx-plain/tiny-labels-idx1-ubyte'), join(dir, 'train-labels-idx1-ubyte'));
    expect(Array.from((await loadDataset({ path: join(dir, 'train-images-idx3-ubyte.gz') })).y)).toEqual([3, 1, 4, 1, 5]);
  });

  it('flattens images for a model taking feature vectors, and applies limit and offset', async () => {
    const d = await loadDataset({ path: join(FIXTURES, 'idx-plain/tiny-images-idx3-ubyte'), offset: 1, limit: 2 }, { dims: [16] });
    expect(d.sampleDims).toEqual([16]);
    expect(d.count).toBe(2);
    expectClose(d.x, IDX_IMAGES.slice(16, 48).map((v) => v / 255));
    expect(Array.from(d.y)).toEqual([1, 4]);
    expect(d.classCount).toBe(6);
  });

  it('asks for --labels when no sibling labels file exists', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'idx-plain/tiny-images-idx3-ubyte'), join(dir, 'digits.idx'));
    await expect(loadDataset({ path: join(dir, 'digits.idx') })).rejects.toMatchObject({ code: 'dataset-labels-missing', message: expect.stringContaining('--labels') });
  });
});

describe('loadDataset: NPY and NPZ layouts and scaling', () => {
  it('transposes NHWC uint8 to NCHW and scales by 1/255', async () => {
    const d = await loadDataset({ path: join(NPY, 'x-nhwc-u8.npy'), labelsPath: join(NPY, 'y.npy') });
    expect(d.sampleDims).toEqual([3, 4, 4]);
    expectClose(d.x, X_NCHW.map((v) => v / 255));
    expect(Array.from(d.y)).toEqual([0, 1, 2, 1, 0]);
    expect(d.classCount).toBe(3);
  });

  it('keeps NCHW float32 unscaled by default', async () => {
    const d = await loadDataset({ path: join(NPY, 'x-nchw-f32.npy'), labelsPath: join(NPY, 'y-float.npy') });
    expect(d.sampleDims).toEqual([3, 4, 4]);
    expectClose(d.x, X_NCHW.map((v) => v / 255));
    expect(Array.from(d.y)).toEqual([0, 1, 2, 1, 0]);
  });

  it('reads x and y from stored and deflated NPZ files', async () => {
    for (const name of ['stored.npz', 'deflated.npz']) {
      const d = await loadDataset({ path: join(FIXTURES, 'npz', name) });
      expect(d.sampleDims).toEqual([3, 4, 4]);
      expectClose(d.x, X_NCHW.map((v) => v / 255));
      expect(Array.from(d.y)).toEqual([0, 1, 2, 1, 0]);
      expect(d.name).toBe(name.replace('.npz', ''));
    }
  });

  it('applies scale, then per-channel mean and std', async () => {
    const mean = [0.1, 0.2, 0.3];
    const std = [0.5, 0.25, 2];
    const d = await loadDataset({ path: join(NPY, 'x-nhwc-u8.npy'), labelsPath: join(NPY, 'y.npy'), scale: 1 / 100, mean, std });
    const expected = X_NCHW.map((v, i) => {
      const c = Math.floor(i / 16) % 3;
      return (v / 100 - mean[c]) / std[c];
    });
    expectClose(d.x, expected);
    const single = await loadDataset({ path: join(NPY, 'x-nchw-f32.npy'), labelsPath: join(NPY, 'y.npy'), mean: [0.5], std: [0.5] });
    expectClose(single.x, X_NCHW.map((v) => (v / 255 - 0.5) / 0.5));
  });

  it('honours an explicit layout and uses the model to resolve NHWC', async () => {
    const dir = tempDir();
    // [N, 3, 4, 3]: NHWC by the no-model rule would be wrong for a model wanting [3, 3, 4].
    const data = Float32Array.from({ length: 2 * 36 }, (_, i) => i);
    writeFileSync(join(dir, 'x.npy'), encodeNpy(makeTensor('float32', [2, 3, 4, 3], data)));
    writeFileSync(join(dir, 'y.npy'), encodeNpy(makeTensor('int32', [2], Int32Array.from([0, 1]))));
    const spec = { path: join(dir, 'x.npy'), labelsPath: join(dir, 'y.npy') };
    expect((await loadDataset(spec)).sampleDims).toEqual([3, 4, 3]);
    expect((await loadDataset(spec, { dims: [3, 4, 3] })).sampleDims).toEqual([3, 4, 3]);
    const nhwc = await loadDataset(spec, { dims: [3, 3, 4] });
    expect(nhwc.sampleDims).toEqual([3, 3, 4]);
    expect(nhwc.x[1]).toBe(3); // channel 0, (h 0, w 1) was stored at index (0·4 + 1)·3 + 0
    expect((await loadDataset({ ...spec, layout: 'nhwc' })).sampleDims).toEqual([3, 3, 4]);
    expect((await loadDataset({ ...spec, layout: 'nchw' }, { dims: [3, 3, 4] })).sampleDims).toEqual([3, 4, 3]);
  });

  it('turns [N, H, W] into [N, 1, H, W] and reshapes [N, F] to a [1, H, W] model', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hw.npy'), encodeNpy(makeTensor('uint8', [2, 2, 2])));
    writeFileSync(join(dir, 'f.npy'), encodeNpy(makeTensor('float32', [2, 4])));
    writeFileSync(join(dir, 'y.npy'), encodeNpy(makeTensor('uint8', [2])));
    expect((await loadDataset({ path: join(dir, 'hw.npy'), labelsPath: join(dir, 'y.npy') })).sampleDims).toEqual([1, 2, 2]);
    expect((await loadDataset({ path: join(dir, 'hw.npy'), labelsPath: join(dir, 'y.npy') }, { dims: [2, 2] })).sampleDims).toEqual([2, 2]);
    expect((await loadDataset({ path: join(dir, 'f.npy'), labelsPath: join(dir, 'y.npy') })).sampleDims).toEqual([4]);
    expect((await loadDataset({ path: join(dir, 'f.npy'), labelsPath: join(dir, 'y.npy') }, { dims: [1, 2, 2] })).sampleDims).toEqual([1, 2, 2]);
  });
});

describe('loadDataset: image folders', () => {
  it('loads 2 classes × (PNG + JPEG), resized to the model input', async () => {
    const dir = tempDir();
    const gray = (v: number) => pngjs.PNG.sync.write({ width: 2, height: 2, data: new Uint8Array(4).fill(v) }, { colorType: 0, inputColorType: 0 });
    // Flat 8×8 blocks survive JPEG compression within a level or two.
    const flatJpeg = (v: number) => jpeg.encode({ width: 8, height: 8, data: new Uint8Array(256).fill(v) }, 100).data;
    mkdirSync(join(dir, 'one'));
    mkdirSync(join(dir, 'zero'));
    writeFileSync(join(dir, 'zero/a.png'), gray(0));
    writeFileSync(join(dir, 'zero/b.jpg'), flatJpeg(51));
    writeFileSync(join(dir, 'one/a.png'), gray(102));
    writeFileSync(join(dir, 'one/b.jpeg'), flatJpeg(255));
    const d = await loadDataset({ path: dir }, { dims: [1, 3, 3] });
    expect(d.sampleDims).toEqual([1, 3, 3]);
    expect(d.classCount).toBe(2);
    expect(Array.from(d.y)).toEqual([0, 0, 1, 1]); // 'one' sorts before 'zero'
    const expected = [102, 255, 0, 51].flatMap((v) => Array<number>(9).fill(v / 255));
    d.x.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(2 / 255));
    expectClose(d.x.subarray(0, 9), expected.slice(0, 9));
    await expect(loadDataset({ path: dir, labelsPath: join(NPY, 'y.npy') })).rejects.toMatchObject({ code: 'dataset-option' });
  });
});

describe('loadDataset: errors', () => {
  it('names both files and counts when x and y disagree', async () => {
    const err = await loadDataset({ path: join(NPY, 'x-nhwc-u8.npy'), labelsPath: join(NPY, 'y-four.npy') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('dataset-count-mismatch');
    expect((err as UserError).message).toContain('x-nhwc-u8.npy');
    expect((err as UserError).message).toContain('y-four.npy');
    expect((err as UserError).message).toContain('5 samples');
    expect((err as UserError).message).toContain('4 labels');
  });

  it('refuses negative, fractional and too-large labels', async () => {
    const base = { path: join(NPY, 'x-nhwc-u8.npy') };
    await expect(loadDataset({ ...base, labelsPath: join(NPY, 'y-negative.npy') })).rejects.toMatchObject({ code: 'dataset-labels', message: expect.stringContaining('-1 at sample 2') });
    await expect(loadDataset({ ...base, labelsPath: join(NPY, 'y-fraction.npy') })).rejects.toMatchObject({ code: 'dataset-labels', message: expect.stringContaining('not a whole number') });
    await expect(loadDataset({ ...base, labelsPath: join(NPY, 'y.npy'), classCount: 2 })).rejects.toMatchObject({ code: 'dataset-labels', message: expect.stringContaining('outside [0, 2)') });
  });

  it('refuses bad options, a mean of the wrong length and an offset past the end', async () => {
    const base = { path: join(NPY, 'x-nhwc-u8.npy'), labelsPath: join(NPY, 'y.npy') };
    await expect(loadDataset({ ...base, limit: 0 })).rejects.toMatchObject({ code: 'dataset-option' });
    await expect(loadDataset({ ...base, std: [1, 0, 1] })).rejects.toMatchObject({ code: 'dataset-option' });
    await expect(loadDataset({ ...base, mean: [0, 0] })).rejects.toMatchObject({ code: 'dataset-option', message: expect.stringContaining('3 channels') });
    await expect(loadDataset({ ...base, offset: 5 })).rejects.toMatchObject({ code: 'dataset-empty' });
  });

  it('refuses unknown files and missing paths', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    await expect(loadDataset({ path: join(dir, 'notes.txt') })).rejects.toMatchObject({ code: 'dataset-format', message: expect.stringContaining('68 65 6c 6c 6f') });
    await expect(loadDataset({ path: join(dir, 'missing.npy') })).rejects.toMatchObject({ code: 'dataset-not-found' });
    await expect(loadDataset({ path: join(NPY, 'fortran.npy'), labelsPath: join(NPY, 'y.npy') })).rejects.toMatchObject({ code: 'npy-fortran-order' });
  });
});

describe('sharing and batching', () => {
  async function tiny(): Promise<SharedDataset> {
    return loadDataset({ path: join(NPY, 'x-nchw-f32.npy'), labelsPath: join(NPY, 'y.npy') });
  }

  it('shares the buffers with a worker thread without copying', async () => {
    const d = await tiny();
    const firstX = d.x[0];
    const worker = new Worker(join(FIXTURES, 'shared-writer-worker.mjs'));
    try {
      const reply = await new Promise<{ seen: { firstX: number; lastY: number; isShared: boolean }; message: SharedDatasetMessage }>((ok, fail) => {
        worker.once('message', ok);
        worker.once('error', fail);
        worker.postMessage(toSharedMessage(d));
      });
      expect(reply.seen).toEqual({ firstX, lastY: 0, isShared: true });
      expect(d.x[0]).toBe(42.5);
      expect(d.y[4]).toBe(7);
      const rebuilt = datasetFromShared(reply.message);
      expect(rebuilt.x[0]).toBe(42.5);
      rebuilt.x[1] = -1;
      expect(d.x[1]).toBe(-1);
      expect({ ...rebuilt, x: undefined, y: undefined }).toEqual({ ...d, x: undefined, y: undefined });
    } finally {
      await worker.terminate();
    }
  });

  it('refuses messages that do not describe their buffers', async () => {
    const message = toSharedMessage(await tiny());
    expect(() => datasetFromShared({ ...message, count: 6 })).toThrow(/inconsistent/);
    expect(() => datasetFromShared({ ...message, xBuffer: new ArrayBuffer(8) as unknown as SharedArrayBuffer })).toThrow(/not SharedArrayBuffers/);
  });

  it('returns batches as views on the shared memory', async () => {
    const d = await tiny();
    const batch = batchOf(d, 1, 3);
    expect(batch.dims).toEqual([3, 3, 4, 4]);
    expect(batch.x.length).toBe(3 * 48);
    expect(batch.x.buffer).toBe(d.x.buffer);
    expect(batch.x[0]).toBe(d.x[48]);
    expect(Array.from(batch.y)).toEqual([1, 2, 1]);
    expect(() => batchOf(d, 3, 3)).toThrow(/outside the 5 samples/);
  });
});

describe('checkDatasetFitsModel', () => {
  it('accepts symbolic batch and matching dims', async () => {
    const d = await loadDataset({ path: join(FIXTURES, 'idx-plain/tiny-images-idx3-ubyte') });
    expect(() => checkDatasetFitsModel(d, 'input', ['N', 1, 4, 4])).not.toThrow();
    expect(() => checkDatasetFitsModel(d, 'input', [null, 1, 'h', 4])).not.toThrow();
  });

  it('explains a 3×32×32 dataset against a 1×28×28 model', () => {
    const d: SharedDataset = {
      name: 'cifar',
      source: '/data/cifar.npz',
      count: 1,
      sampleDims: [3, 32, 32],
      x: new Float32Array(new SharedArrayBuffer(3 * 32 * 32 * 4)),
      y: new Int32Array(new SharedArrayBuffer(4)),
      classCount: 10,
    };
    let error: unknown;
    try {
      checkDatasetFitsModel(d, 'input.1', ['batch', 1, 28, 28]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('dataset-shape');
    const message = (error as UserError).message;
    for (const part of ['/data/cifar.npz', "'input.1'", '[3, 32, 32]', '[1, 28, 28]', '[batch, 1, 28, 28]', '1×28×28']) expect(message).toContain(part);
    expect(() => checkDatasetFitsModel(d, 'x', ['N', 3072])).toThrow(/\[3072\]/);
  });
});
