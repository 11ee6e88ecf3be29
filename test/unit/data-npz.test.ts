import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { makeTensor, toNumberArray } from '../../workers/engine/tensor.js';
import { encodeNpy } from '../../workers/data/npy.js';
import { decodeNpz, readNpz } from '../../workers/data/npz.js';
import { readZipEntries } from '../../workers/data/zip-entries.js';

const NPZ = join(import.meta.dirname, '../fixtures/data/npz');
const fixture = (name: string) => new Uint8Array(readFileSync(join(NPZ, name)));
const X_NCHW = Array.from({ length: 5 * 3 * 4 * 4 }, (_, i) => i % 256);

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

/** Byte offset of the first central directory record. */
function centralOffset(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  for (let at = bytes.length - 22; at >= 0; at--) if (view.getUint32(at, true) === 0x06054b50) return view.getUint32(at + 16, true);
  throw new Error('no EOCD');
}

describe('NPZ reader', () => {
  it('reads numpy.savez (stored, ZIP64 local headers)', async () => {
    const arrays = await readNpz(join(NPZ, 'stored.npz'));
    expect([...arrays.keys()].sort()).toEqual(['x', 'y']);
    const x = arrays.get('x')!;
    expect(x.dtype).toBe('uint8');
    expect(x.dims).toEqual([5, 4, 4, 3]);
    expect(toNumberArray(arrays.get('y')!)).toEqual([0, 1, 2, 1, 0]);
  });

  it('reads numpy.savez_compressed (deflated)', async () => {
    const arrays = await readNpz(join(NPZ, 'deflated.npz'), ['x', 'y']);
    const x = arrays.get('x')!;
    expect(x.dtype).toBe('float32');
    expect(x.dims).toEqual([5, 3, 4, 4]);
    expect(toNumberArray(x)).toEqual(X_NCHW.map((v) => Math.fround(v / 255)));
  });

  it('reads archives written by fflate, stored and deflated', () => {
    const y = encodeNpy(makeTensor('int32', [3], Int32Array.from([2, 0, 1])));
    for (const level of [0, 9] as const) {
      const zip = zipSync({ 'y.npy': [y, { level }], 'notes.txt': new TextEncoder().encode('hello') });
      const arrays = decodeNpz(zip, 'fflate.npz', ['y']);
      expect([...arrays.keys()]).toEqual(['y']);
      expect(toNumberArray(arrays.get('y')!)).toEqual([2, 0, 1]);
    }
  });

  it('names the missing array and lists those present', () => {
    const e = errorOf(() => decodeNpz(fixture('no-y.npz'), 'no-y.npz', ['x', 'y']));
    expect(e.code).toBe('npz-missing-array');
    expect(e.message).toContain("no array 'y'");
    expect(e.message).toContain("'x'");
  });

  it('detects a damaged entry by its CRC', () => {
    const bytes = fixture('stored.npz').slice();
    bytes[200] ^= 0xff;
    expect(errorOf(() => decodeNpz(bytes, 'flipped.npz')).code).toBe('npz-checksum');
  });

  it('refuses a truncated archive', () => {
    const bytes = fixture('deflated.npz');
    const e = errorOf(() => decodeNpz(bytes.subarray(0, bytes.length - 30), 'cut.npz'));
    expect(e.code).toBe('npz-corrupt');
    expect(e.message).toContain("'cut.npz'");
    expect(errorOf(() => decodeNpz(bytes.subarray(0, 10), 'tiny.npz')).code).toBe('npz-corrupt');
  });

  it('refuses a central directory that lies about sizes', () => {
    const zip = zipSync({ 'x.npy': [encodeNpy(makeTensor('float32', [64])), { level: 9 }] });
    const at = centralOffset(zip);
    const huge = zip.slice();
    new DataView(huge.buffer).setUint32(at + 24, 0xfffffff0, true);
    expect(errorOf(() => readZipEntries(huge, 'huge.npz', 'NPZ file', { maxEntryBytes: 1 << 20 })).code).toBe('npz-too-large');
    const smaller = zip.slice();
    new DataView(smaller.buffer).setUint32(at + 24, 100, true);
    expect(errorOf(() => readZipEntries(smaller, 'small.npz', 'NPZ file')).message).toContain('inflates to more');
    const pastEnd = zip.slice();
    new DataView(pastEnd.buffer).setUint32(at + 20, 1 << 20, true);
    expect(errorOf(() => readZipEntries(pastEnd, 'past.npz', 'NPZ file')).message).toContain('runs past the end');
  });

  it('refuses unsupported compression methods', () => {
    const zip = zipSync({ 'x.npy': [encodeNpy(makeTensor('uint8', [4])), { level: 0 }] });
    new DataView(zip.buffer).setUint16(centralOffset(zip) + 10, 14, true);
    const e = errorOf(() => decodeNpz(zip, 'lzma.npz'));
    expect(e.code).toBe('npz-unsupported');
    expect(e.message).toContain('method 14');
  });
});
