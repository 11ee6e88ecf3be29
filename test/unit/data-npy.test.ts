import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { makeTensor, toNumberArray, type DType } from '../../workers/engine/tensor.js';
import { gunzipIfNeeded } from '../../workers/data/gunzip-if-needed.js';
import { decodeNpy, encodeNpy, readNpy, writeNpy } from '../../workers/data/npy.js';
import { gzipSync } from 'node:zlib';

const NPY = join(import.meta.dirname, '../fixtures/data/npy');
const fixture = (name: string) => new Uint8Array(readFileSync(join(NPY, name)));

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

/** Replaces the header dict of a v1 NPY file, keeping the length field consistent. */
function withHeader(bytes: Uint8Array, header: string, data: Uint8Array): Uint8Array {
  const text = header.padEnd(118, ' ') + '\n';
  const out = new Uint8Array(10 + text.length + data.length);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  out.set(data, 10 + text.length);
  return out;
}

describe('NPY reader (fixtures written by numpy 1.24)', () => {
  const cases: [string, DType, number[]][] = [
    ['u1', 'uint8', [0, 1, 2, 3, 4, 5]],
    ['u2', 'uint16', [0, 1, 2, 3, 4, 5]],
    ['u4', 'uint32', [0, 1, 2, 3, 4, 5]],
    ['u8', 'uint64', [0, 1, 2, 3, 4, 5]],
    ['i1', 'int8', [-3, -2, -1, 0, 1, 2]],
    ['i2', 'int16', [-3, -2, -1, 0, 1, 2]],
    ['i4', 'int32', [-3, -2, -1, 0, 1, 2]],
    ['i8', 'int64', [-3, -2, -1, 0, 1, 2]],
    ['f2', 'float32', [-0.75, -0.5, -0.25, 0, 0.25, 0.5]],
    ['f4', 'float32', [-0.75, -0.5, -0.25, 0, 0.25, 0.5]],
    ['f8', 'float64', [-0.75, -0.5, -0.25, 0, 0.25, 0.5]],
    ['b1', 'bool', [1, 0, 1, 1, 0, 0]],
  ];
  for (const [kind, dtype, values] of cases) {
    it(`reads ${kind} as ${dtype}`, async () => {
      const t = await readNpy(join(NPY, `dtype-${kind}.npy`));
      expect(t.dtype).toBe(dtype);
      expect(t.dims).toEqual([2, 3]);
      expect(toNumberArray(t)).toEqual(values);
    });
  }

  it('converts big-endian arrays', () => {
    expect(toNumberArray(decodeNpy(fixture('big-endian-f4.npy'), 'f'))).toEqual([-0.75, -0.5, -0.25, 0, 0.25, 0.5]);
    expect(toNumberArray(decodeNpy(fixture('big-endian-i4.npy'), 'f'))).toEqual([-3, -2, -1, 0, 1, 2]);
  });

  it('reads format versions 2 and 3 and scalars', () => {
    for (const v of [2, 3]) expect(toNumberArray(decodeNpy(fixture(`version-${v}.npy`), 'f'))).toEqual([0, 1, 2, 3, 4, 5]);
    const scalar = decodeNpy(fixture('scalar.npy'), 'f');
    expect(scalar.dims).toEqual([]);
    expect(toNumberArray(scalar)).toEqual([2.5]);
  });

  it('reads gzipped NPY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgefront-npy-'));
    writeFileSync(join(dir, 'a.npy.gz'), gzipSync(fixture('dtype-i4.npy')));
    expect(toNumberArray(await readNpy(join(dir, 'a.npy.gz')))).toEqual([-3, -2, -1, 0, 1, 2]);
  });

  it('refuses Fortran order with advice', () => {
    const e = errorOf(() => decodeNpy(fixture('fortran.npy'), 'fortran.npy'));
    expect(e.code).toBe('npy-fortran-order');
    expect(e.message).toContain('ascontiguousarray');
  });

  it('refuses a wrong magic, an unknown version, a structured or unknown dtype', () => {
    expect(errorOf(() => decodeNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 'f')).code).toBe('npy-magic');
    const v9 = fixture('dtype-u1.npy').slice();
    v9[6] = 9;
    expect(errorOf(() => decodeNpy(v9, 'f')).message).toContain('version 9.0');
    const base = fixture('dtype-u1.npy');
    const data = new Uint8Array(6);
    expect(errorOf(() => decodeNpy(withHeader(base, "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (6,), }", data), 'f')).code).toBe('npy-dtype');
    const e = errorOf(() => decodeNpy(withHeader(base, "{'descr': '<c8', 'fortran_order': False, 'shape': (6,), }", data), 'f'));
    expect(e.code).toBe('npy-dtype');
    expect(e.message).toContain("'<c8'");
  });

  it('refuses a malformed header dict', () => {
    const base = fixture('dtype-u1.npy');
    for (const header of ["{'descr': '|u1', 'fortran_order': False, 'shape': (6,) ", "{'descr': '|u1', 'fortran_order': 0, 'shape': (6,), }", "{'descr': '|u1', 'fortran_order': False, 'shape': (-6,), }", '__import__("os")']) {
      expect(errorOf(() => decodeNpy(withHeader(base, header, new Uint8Array(6)), 'f')).code).toBe('npy-header');
    }
  });

  it('refuses truncated data, a header length past the end, and extra bytes', () => {
    const good = fixture('dtype-f4.npy');
    const truncated = errorOf(() => decodeNpy(good.subarray(0, good.length - 3), 'short.npy'));
    expect(truncated.code).toBe('npy-truncated');
    expect(truncated.message).toContain('[2, 3]');
    expect(errorOf(() => decodeNpy(good.subarray(0, 40), 'f')).code).toBe('npy-truncated');
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect(errorOf(() => decodeNpy(longer, 'f')).code).toBe('npy-size');
  });

  it('refuses a header declaring a huge shape without allocating it', () => {
    const e = errorOf(() => decodeNpy(withHeader(fixture('dtype-u1.npy'), "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967295, 4294967295), }", new Uint8Array(8)), 'f'));
    expect(e.code).toBe('npy-truncated');
  });
});

describe('NPY writer', () => {
  it('writes byte-for-byte what numpy.save writes', () => {
    for (const name of ['dtype-u1.npy', 'dtype-i4.npy', 'dtype-i8.npy', 'dtype-f4.npy', 'dtype-f8.npy', 'dtype-b1.npy', 'x-nchw-f32.npy', 'y.npy']) {
      const bytes = fixture(name);
      expect(encodeNpy(decodeNpy(bytes, name)), name).toEqual(bytes);
    }
  });

  it('round-trips tensors of every dtype and shape', () => {
    const dtypes: DType[] = ['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'bool'];
    fc.assert(
      fc.property(fc.constantFrom(...dtypes), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }), (dtype, dims) => {
        const t = makeTensor(dtype, dims);
        for (let i = 0; i < t.data.length; i++) (t.data as Uint8Array)[i] = (i * 7) % 100;
        const back = decodeNpy(encodeNpy(t), 'roundtrip');
        expect(back.dtype).toBe(dtype);
        expect(back.dims).toEqual(dims);
        expect(toNumberArray(back)).toEqual(toNumberArray(t));
        expect((encodeNpy(t).length - t.data.byteLength) % 64).toBe(0);
      }),
      { numRuns: 60 },
    );
    const big = makeTensor('int64', [3], BigInt64Array.from([-(2n ** 62n), 0n, 2n ** 62n]));
    expect(Array.from(decodeNpy(encodeNpy(big), 'f').data as BigInt64Array)).toEqual([-(2n ** 62n), 0n, 2n ** 62n]);
  });

  it('aligns the data to 64 bytes and switches to version 2 for headers over 64 KiB', () => {
    const small = encodeNpy(makeTensor('float32', [2, 3]));
    expect(small[6]).toBe(1);
    expect((small.length - 24) % 64).toBe(0);
    const wide = makeTensor('uint8', Array.from({ length: 30000 }, () => 1));
    const encoded = encodeNpy(wide);
    expect(encoded[6]).toBe(2);
    expect((encoded.length - 1) % 64).toBe(0);
    expect(decodeNpy(encoded, 'wide').dims.length).toBe(30000);
  });

  it('writes atomically and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgefront-npy-'));
    const path = join(dir, 'out.npy');
    writeFileSync(path, 'old');
    await writeNpy(path, makeTensor('float32', [2], Float32Array.from([1.5, -2])));
    expect(readdirSync(dir)).toEqual(['out.npy']);
    expect(toNumberArray(await readNpy(path))).toEqual([1.5, -2]);
    await expect(writeNpy(join(dir, 'missing-folder', 'x.npy'), makeTensor('uint8', [1]))).rejects.toMatchObject({ code: 'npy-write' });
    expect(readdirSync(dir)).toEqual(['out.npy']);
  });
});

describe('gzip guard', () => {
  it('refuses streams that decompress beyond the limit', async () => {
    const bomb = gzipSync(new Uint8Array(100_000));
    await expect(gunzipIfNeeded(bomb, 'bomb.gz', 1000)).rejects.toMatchObject({ code: 'gzip-too-large' });
    expect((await gunzipIfNeeded(bomb, 'bomb.gz', 200_000)).length).toBe(100_000);
  });
});
