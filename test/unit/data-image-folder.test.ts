import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readImageFolder } from '../../workers/data/image-folder.js';
import { resizeBilinearPlane } from '../../workers/data/resize-bilinear.js';

const REFERENCE = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/data/bilinear-reference.json'), 'utf8')) as {
  input: number[];
  inHeight: number;
  inWidth: number;
  cases: { height: number; width: number; output: number[] }[];
};

/** A 3×2 RGB image whose pixel p has channels (10p + 1, 10p + 2, 10p + 3), or gray 10p + 1. */
function pixels(gray: boolean): Uint8Array {
  const rgba = new Uint8Array(6 * 4);
  for (let p = 0; p < 6; p++) {
    rgba.set(gray ? [10 * p + 1, 10 * p + 1, 10 * p + 1, 255] : [10 * p + 1, 10 * p + 2, 10 * p + 3, 255], 4 * p);
  }
  return rgba;
}

function png(gray: boolean): Uint8Array {
  return pngjs.PNG.sync.write({ width: 3, height: 2, data: pixels(gray) }, { colorType: gray ? 0 : 6 });
}

/** A flat 8×8 JPEG (flat blocks survive JPEG compression almost exactly). */
function flatJpeg(value: number): Uint8Array {
  return jpeg.encode({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 4).fill(value) }, 100).data;
}

function folder(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgefront-images-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('bilinear resize', () => {
  it('matches torch.nn.functional.interpolate(bilinear, align_corners=False, antialias=False)', () => {
    const input = Float32Array.from(REFERENCE.input);
    for (const c of REFERENCE.cases) {
      const out = resizeBilinearPlane(input, REFERENCE.inHeight, REFERENCE.inWidth, c.height, c.width);
      expect(out.length).toBe(c.output.length);
      out.forEach((v, i) => expect(v).toBeCloseTo(c.output[i], 3));
    }
  });

  it('is the identity at the same size', () => {
    const input = Float32Array.from(REFERENCE.input);
    expect(resizeBilinearPlane(input, 5, 7, 5, 7)).toEqual(input);
  });
});

describe('image folder reader', () => {
  it('numbers classes by sorted folder name and reads PNG pixels exactly (CHW)', async () => {
    const dir = folder({ 'dog/1.png': png(false), 'dog/0.png': png(false), 'cat/a.png': png(false), 'cat/b.png': png(false), 'cat/readme.txt': 'x' });
    const data = await readImageFolder(dir);
    expect(data.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(data.y)).toEqual([0, 0, 1, 1]);
    expect(data.dims).toEqual([4, 3, 2, 3]);
    const first = Array.from(data.x.subarray(0, 18));
    expect(first).toEqual([1, 11, 21, 31, 41, 51, 2, 12, 22, 32, 42, 52, 3, 13, 23, 33, 43, 53]);
  });

  it('keeps one channel when every image is gray, and repeats gray to RGB for a 3-channel target', async () => {
    const dir = folder({ 'a/x.png': png(true), 'b/y.png': png(true) });
    const gray = await readImageFolder(dir);
    expect(gray.dims).toEqual([2, 1, 2, 3]);
    expect(Array.from(gray.x.subarray(0, 6))).toEqual([1, 11, 21, 31, 41, 51]);
    const rgb = await readImageFolder(dir, { channels: 3, height: 2, width: 3 });
    expect(Array.from(rgb.x.subarray(0, 18))).toEqual([1, 11, 21, 31, 41, 51, 1, 11, 21, 31, 41, 51, 1, 11, 21, 31, 41, 51]);
  });

  it('converts RGB to gray with BT.601 luma', async () => {
    const data = await readImageFolder(folder({ 'a/x.png': png(false) }), { channels: 1, height: 2, width: 3 });
    for (let p = 0; p < 6; p++) expect(data.x[p]).toBeCloseTo(0.299 * (10 * p + 1) + 0.587 * (10 * p + 2) + 0.114 * (10 * p + 3), 4);
  });

  it('resizes to the target size', async () => {
    const data = await readImageFolder(folder({ 'a/x.png': png(true) }), { channels: 1, height: 4, width: 6 });
    expect(data.dims).toEqual([1, 1, 4, 6]);
    const plane = resizeBilinearPlane(Float32Array.from([1, 11, 21, 31, 41, 51]), 2, 3, 4, 6);
    expect(Array.from(data.x)).toEqual(Array.from(plane));
  });

  it('decodes JPEG files and mixes them with PNG', async () => {
    const dir = folder({ 'a/0.jpg': flatJpeg(100), 'a/1.JPEG': flatJpeg(200), 'b/0.png': png(true) });
    const data = await readImageFolder(dir, { channels: 1, height: 2, width: 3 });
    expect(data.dims).toEqual([3, 1, 2, 3]);
    for (const v of data.x.subarray(0, 6)) expect(Math.abs(v - 100)).toBeLessThanOrEqual(2);
    for (const v of data.x.subarray(6, 12)) expect(Math.abs(v - 200)).toBeLessThanOrEqual(2);
    expect(Array.from(data.y)).toEqual([0, 0, 1]);
  });

  it('selects a range without decoding the rest', async () => {
    const dir = folder({ 'a/0.png': png(true), 'a/1.png': 'not an image', 'b/0.png': png(false) });
    const data = await readImageFolder(dir, undefined, { offset: 2, limit: 1 });
    expect(Array.from(data.y)).toEqual([1]);
    expect(data.classNames).toEqual(['a', 'b']);
  });

  it('names the file that fails to decode', async () => {
    const dir = folder({ 'a/0.png': png(true), 'a/1.png': 'not an image' });
    await expect(readImageFolder(dir)).rejects.toMatchObject({ code: 'image-decode', message: expect.stringContaining(join(dir, 'a/1.png')) });
    const broken = png(true).slice(0, 40);
    await expect(readImageFolder(folder({ 'a/0.png': broken }))).rejects.toMatchObject({ code: 'image-decode', message: expect.stringContaining('0.png') });
  });

  it('refuses folders without classes, empty classes and mixed sizes without a target', async () => {
    await expect(readImageFolder(folder({ 'x.png': png(true) }))).rejects.toMatchObject({ code: 'image-folder-no-classes' });
    await expect(readImageFolder(folder({ 'a/x.png': png(true), 'b/notes.txt': 'x' }))).rejects.toMatchObject({
      code: 'image-folder-empty-class',
      message: expect.stringContaining("class 1 ('b')"),
    });
    await expect(readImageFolder(folder({ 'a/x.png': png(true), 'b/y.jpg': flatJpeg(3) }))).rejects.toMatchObject({ code: 'image-folder-sizes' });
    await expect(readImageFolder(join(tmpdir(), 'edgefront-no-such-folder'))).rejects.toMatchObject({ code: 'dataset-not-found' });
  });
});
