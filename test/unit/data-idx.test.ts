import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { decodeIdx, readIdx } from '../../workers/data/idx.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/data');
const IMAGES = Array.from({ length: 80 }, (_, i) => (i * 3) % 256);

function idxBytes(dtypeByte: number, dims: number[], payload: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(out.buffer);
  out[2] = dtypeByte;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('IDX reader', () => {
  it('reads the plain and the gzipped MNIST-style pair identically', async () => {
    for (const folder of ['idx-plain', 'idx-gz']) {
      const suffix = folder === 'idx-gz' ? '.gz' : '';
      const images = await readIdx(join(FIXTURES, folder, `tiny-images-idx3-ubyte${suffix}`));
      expect(images.dtype).toBe('uint8');
      expect(images.dims).toEqual([5, 4, 4]);
      expect(Array.from(images.data as Uint8Array)).toEqual(IMAGES);
      const labels = await readIdx(join(FIXTURES, folder, `tiny-labels-idx1-ubyte${suffix}`));
      expect(labels.dims).toEqual([5]);
      expect(Array.from(labels.data as Uint8Array)).toEqual([3, 1, 4, 1, 5]);
    }
  });

  it('converts big-endian float32 and int16 to host order', async () => {
    const floats = await readIdx(join(FIXTURES, 'idx-float/values.idx'));
    expect(floats.dtype).toBe('float32');
    expect(floats.dims).toEqual([2, 3]);
    expect(Array.from(floats.data as Float32Array)).toEqual([-3, -2, -1, 0, 1, 2]);
    const shorts = await readIdx(join(FIXTURES, 'idx-float/values-i16.idx'));
    expect(shorts.dtype).toBe('int16');
    expect(Array.from(shorts.data as Int16Array)).toEqual([-3, -2, -1, 0, 1, 2]);
  });

  it('detects gzip by content, not by file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgefront-idx-'));
    const path = join(dir, 'renamed.bin');
    writeFileSync(path, gzipSync(idxBytes(0x08, [2, 2], [1, 2, 3, 4])));
    expect(Array.from((await readIdx(path)).data as Uint8Array)).toEqual([1, 2, 3, 4]);
  });

  it('rejects a wrong magic number, quoting it', () => {
    const e = errorOf(() => decodeIdx(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'a.png'));
    expect(e.code).toBe('idx-magic');
    expect(e.message).toContain('0x89504e47');
    expect(e.message).toContain("'a.png'");
  });

  it('rejects an unknown dtype byte and rank 0', () => {
    expect(errorOf(() => decodeIdx(idxBytes(0x07, [1], [0]), 'f')).code).toBe('idx-dtype');
    expect(errorOf(() => decodeIdx(new Uint8Array([0, 0, 8, 0]), 'f')).code).toBe('idx-header');
  });

  it('rejects a zero dimension', () => {
    const e = errorOf(() => decodeIdx(idxBytes(0x08, [3, 0], []), 'f'));
    expect(e.code).toBe('idx-header');
    expect(e.message).toContain('[3, 0]');
  });

  it('rejects a truncated file, naming the declared and present sizes', () => {
    const e = errorOf(() => decodeIdx(idxBytes(0x08, [5, 4, 4], IMAGES.slice(0, 70)), 'short.idx'));
    expect(e.code).toBe('idx-truncated');
    expect(e.message).toContain('[5, 4, 4]');
    expect(e.message).toContain('80 bytes');
    expect(e.message).toContain('only 70');
    expect(errorOf(() => decodeIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), 'f')).code).toBe('idx-truncated');
  });

  it('rejects a header that lies about a huge size without allocating it', () => {
    const e = errorOf(() => decodeIdx(idxBytes(0x0d, [0xffffffff, 0xffffffff, 0xffffffff], [1, 2, 3, 4]), 'lying.idx'));
    expect(e.code).toBe('idx-truncated');
    expect(e.message).toContain('[4294967295, 4294967295, 4294967295]');
  });

  it('rejects bytes beyond what the header declares', () => {
    expect(errorOf(() => decodeIdx(idxBytes(0x08, [2], [1, 2, 3]), 'f')).code).toBe('idx-size');
  });

  it('rejects a damaged gzip stream and a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgefront-idx-'));
    const path = join(dir, 'broken.gz');
    const gz = gzipSync(idxBytes(0x08, [2, 2], [1, 2, 3, 4]));
    writeFileSync(path, gz.subarray(0, gz.length - 6));
    await expect(readIdx(path)).rejects.toMatchObject({ code: 'gzip-corrupt' });
    await expect(readIdx(join(dir, 'missing'))).rejects.toMatchObject({ code: 'dataset-not-found' });
  });
});
