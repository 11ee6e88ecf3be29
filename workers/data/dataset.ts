/**
 * The in-memory evaluation dataset, shared by worker threads without copying: samples are
 * converted once to float32 (scaled, normalized, in the layout the model wants) into a
 * SharedArrayBuffer, and only the buffer handles travel through postMessage.
 */
import { basename, resolve } from 'node:path';
import { InternalError, UserError } from '../../src-shared/errors.js';
import { formatDims, sizeOf } from '../engine/tensor.js';
import type { ImageTarget } from './image-folder.js';
import { labelsFromTensor } from './labels.js';
import { MAX_DATASET_VALUES } from './limits.js';
import { readRawDataset, type DatasetFormat } from './raw-dataset.js';
import { decideLayout, type LayoutOption } from './sample-layout.js';

export interface DatasetSpec {
  /** Samples file (IDX, NPY, NPZ) or image folder. */
  path: string;
  /** Labels file for IDX and NPY samples (IDX or NPY); for IDX defaults to the MNIST-named sibling. */
  labelsPath?: string;
  format?: DatasetFormat | 'auto';
  layout?: LayoutOption;
  /** Multiplies raw values; default 1/255 for uint8 samples and image folders, 1 otherwise. */
  scale?: number;
  /** Per-channel (or, for feature vectors, per-feature) mean and std, applied after scaling. */
  mean?: number[];
  std?: number[];
  /** Number of samples to keep, starting at `offset` (default: all). */
  limit?: number;
  offset?: number;
  /** Number of classes the model predicts; labels must be below it. Default: largest label + 1. */
  classCount?: number;
}

export interface SharedDataset {
  name: string;
  /** Absolute path of the samples file or folder. */
  source: string;
  count: number;
  /** [C,H,W] for images, [features] for vectors. */
  sampleDims: number[];
  /** count × prod(sampleDims) values on a SharedArrayBuffer, already scaled and normalized. */
  x: Float32Array;
  /** count class indices on a SharedArrayBuffer. */
  y: Int32Array;
  classCount: number;
}

/** What crosses postMessage: plain data plus the two SharedArrayBuffers (shared, never copied). */
export interface SharedDatasetMessage {
  readonly kind: 'edgefront-dataset';
  readonly name: string;
  readonly source: string;
  readonly count: number;
  readonly sampleDims: number[];
  readonly classCount: number;
  readonly xBuffer: SharedArrayBuffer;
  readonly yBuffer: SharedArrayBuffer;
}

function optionError(spec: DatasetSpec, detail: string): UserError {
  return new UserError('dataset-option', `The dataset options for '${spec.path}' are invalid: ${detail}.`, { file: spec.path });
}

function checkSpec(spec: DatasetSpec): void {
  const isCount = (v: number | undefined, min: number) => v === undefined || (Number.isSafeInteger(v) && v >= min);
  if (!isCount(spec.limit, 1)) throw optionError(spec, `limit ${String(spec.limit)} is not a whole number ≥ 1`);
  if (!isCount(spec.offset, 0)) throw optionError(spec, `offset ${String(spec.offset)} is not a whole number ≥ 0`);
  if (!isCount(spec.classCount, 1)) throw optionError(spec, `class count ${String(spec.classCount)} is not a whole number ≥ 1`);
  if (spec.scale !== undefined && !(Number.isFinite(spec.scale) && spec.scale !== 0)) throw optionError(spec, `scale ${String(spec.scale)} is not a finite non-zero number`);
  for (const [key, values] of [['mean', spec.mean], ['std', spec.std]] as const) {
    if (values === undefined) continue;
    if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw optionError(spec, `${key} [${values.join(', ')}] must be a non-empty list of finite numbers`);
  }
  if (spec.std?.some((v) => v === 0)) throw optionError(spec, `std [${spec.std.join(', ')}] contains 0`);
}

/** Concrete model sample dims, or undefined where the model leaves them open. */
function modelSampleDims(modelInput: { dims: number[] } | undefined): number[] | undefined {
  if (!modelInput || !modelInput.dims.every((d) => Number.isSafeInteger(d) && d >= 1)) return undefined;
  return modelInput.dims;
}

function imageTargetOf(model: number[] | undefined): ImageTarget | undefined {
  if (!model || model.length !== 3 || (model[0] !== 1 && model[0] !== 3)) return undefined;
  return { channels: model[0], height: model[1], width: model[2] };
}

/** Expands a mean/std list to one value per channel. */
function perChannel(values: number[] | undefined, fill: number, channels: number, key: string, spec: DatasetSpec, arranged: number[]): Float64Array {
  const out = new Float64Array(channels).fill(fill);
  if (values === undefined) return out;
  if (values.length === 1) return out.fill(values[0]);
  if (values.length !== channels) {
    throw optionError(spec, `${key} has ${values.length} values but the samples (shape ${formatDims(arranged)}) have ${channels} channels; give 1 or ${channels} values`);
  }
  out.set(values);
  return out;
}

/**
 * Loads a dataset into shared memory. With `modelInput` (the model's input dims without batch),
 * the layout is chosen to fit the model and image folders are resized to it; call
 * `checkDatasetFitsModel` afterwards for a clear error when the shapes still differ.
 */
export async function loadDataset(spec: DatasetSpec, modelInput?: { dims: number[] }): Promise<SharedDataset> {
  checkSpec(spec);
  const model = modelSampleDims(modelInput);
  const offset = spec.offset ?? 0;
  const raw = await readRawDataset(spec, imageTargetOf(model), { offset, limit: spec.limit });

  if (raw.x.dims.length === 0) {
    throw new UserError('dataset-shape', `The samples in '${raw.xSource}' are a scalar; a dataset needs a first dimension N (the sample count).`, { file: raw.xSource });
  }
  const storedCount = raw.x.dims[0];
  const labels = labelsFromTensor(raw.y, raw.ySource, spec.classCount ?? raw.folder?.classCount);
  if (labels.y.length !== storedCount) {
    throw new UserError(
      'dataset-count-mismatch',
      `The samples '${raw.xSource}' hold ${storedCount} samples but the labels '${raw.ySource}' hold ${labels.y.length} labels. Pass the labels that belong to these samples.`,
      { file: raw.xSource, labelsFile: raw.ySource, samples: storedCount, labels: labels.y.length },
    );
  }
  // Image folders were already cut to the requested range while reading (to avoid decoding unused files).
  const first = raw.folder ? 0 : offset;
  if (storedCount === 0 || first >= storedCount) {
    throw new UserError(
      'dataset-empty',
      storedCount === 0 && offset === 0
        ? `The dataset '${raw.xSource}' holds no samples.`
        : `The offset ${offset} skips all samples of '${raw.xSource}'. Use a smaller offset.`,
      { file: raw.xSource, count: storedCount, offset },
    );
  }
  const count = raw.folder ? storedCount : Math.min(spec.limit ?? storedCount, storedCount - first);

  const layout = decideLayout(raw.x.dims.slice(1), raw.folder ? 'nchw' : spec.layout ?? 'auto', model, raw.xSource);
  const sampleSize = sizeOf(layout.arranged);
  if (count * sampleSize > MAX_DATASET_VALUES) {
    throw new UserError(
      'dataset-too-large',
      `The dataset '${raw.xSource}' would need ${count * sampleSize} float32 values (${count} samples of ${formatDims(layout.arranged)}), more than the ${MAX_DATASET_VALUES} EdgeFront holds in memory. Pass a limit.`,
      { file: raw.xSource },
    );
  }
  const scale = spec.scale ?? (raw.folder || raw.x.dtype === 'uint8' ? 1 / 255 : 1);
  const mean = perChannel(spec.mean, 0, layout.channels, 'mean', spec, layout.arranged);
  const std = perChannel(spec.std, 1, layout.channels, 'std', spec, layout.arranged);

  const x = new Float32Array(new SharedArrayBuffer(count * sampleSize * Float32Array.BYTES_PER_ELEMENT));
  const source = raw.x.data;
  // int64 samples are rare; converting them once keeps the hot loop on plain numbers.
  const values: ArrayLike<number> =
    source instanceof BigInt64Array || source instanceof BigUint64Array
      ? Float64Array.from(source.subarray(first * sampleSize, (first + count) * sampleSize), Number)
      : source.subarray(first * sampleSize, (first + count) * sampleSize);
  const { channels, inner, fromNhwc } = layout;
  for (let n = 0; n < count; n++) {
    const base = n * sampleSize;
    for (let c = 0; c < channels; c++) {
      const m = mean[c];
      const s = std[c];
      const to = base + c * inner;
      if (fromNhwc) for (let p = 0; p < inner; p++) x[to + p] = (values[base + p * channels + c] * scale - m) / s;
      else for (let p = 0; p < inner; p++) x[to + p] = (values[to + p] * scale - m) / s;
    }
  }
  const y = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
  y.set(labels.y.subarray(first, first + count));

  return {
    name: basename(spec.path).replace(/\.gz$/i, '').replace(/\.(npy|npz)$/i, ''),
    source: resolve(spec.path),
    count,
    sampleDims: layout.sampleDims,
    x,
    y,
    classCount: labels.classCount,
  };
}

/** The plain object to postMessage to a worker; the buffers are shared, not copied. */
export function toSharedMessage(d: SharedDataset): SharedDatasetMessage {
  if (!(d.x.buffer instanceof SharedArrayBuffer) || !(d.y.buffer instanceof SharedArrayBuffer)) {
    throw new InternalError('dataset-not-shared', `The dataset '${d.source}' is not backed by SharedArrayBuffers, so workers would get copies.`);
  }
  if (d.x.byteOffset !== 0 || d.x.length * 4 !== d.x.buffer.byteLength || d.y.byteOffset !== 0 || d.y.length * 4 !== d.y.buffer.byteLength) {
    throw new InternalError('dataset-not-shared', `The dataset '${d.source}' views only part of its buffers; share the whole dataset.`);
  }
  return {
    kind: 'edgefront-dataset',
    name: d.name,
    source: d.source,
    count: d.count,
    sampleDims: [...d.sampleDims],
    classCount: d.classCount,
    xBuffer: d.x.buffer,
    yBuffer: d.y.buffer,
  };
}

/** Rebuilds a dataset inside a worker from a `toSharedMessage` result, checking it is consistent. */
export function datasetFromShared(msg: SharedDatasetMessage): SharedDataset {
  if (msg?.kind !== 'edgefront-dataset' || !(msg.xBuffer instanceof SharedArrayBuffer) || !(msg.yBuffer instanceof SharedArrayBuffer)) {
    throw new InternalError('dataset-message', 'The dataset message is not a shared dataset (wrong kind or buffers that are not SharedArrayBuffers).');
  }
  const sampleSize = sizeOf(msg.sampleDims);
  if (msg.xBuffer.byteLength !== msg.count * sampleSize * 4 || msg.yBuffer.byteLength !== msg.count * 4) {
    throw new InternalError(
      'dataset-message',
      `The dataset message for '${msg.source}' is inconsistent: ${msg.count} samples of ${formatDims(msg.sampleDims)} need ${msg.count * sampleSize * 4} + ${msg.count * 4} bytes, got ${msg.xBuffer.byteLength} + ${msg.yBuffer.byteLength}.`,
    );
  }
  return {
    name: msg.name,
    source: msg.source,
    count: msg.count,
    sampleDims: [...msg.sampleDims],
    x: new Float32Array(msg.xBuffer),
    y: new Int32Array(msg.yBuffer),
    classCount: msg.classCount,
  };
}

function formatModelDims(dims: readonly (number | string | null)[]): string {
  return `[${dims.map((d) => (d === null || (typeof d === 'number' && d < 1) ? '?' : String(d))).join(', ')}]`;
}

/**
 * Throws `dataset-shape` unless every sample fits the model input `inputName`, whose dims
 * include the batch dimension first. Symbolic (string), unknown (null) or non-positive dims match anything.
 */
export function checkDatasetFitsModel(d: SharedDataset, inputName: string, modelInputDims: readonly (number | string | null)[]): void {
  const wanted = modelInputDims.slice(1);
  const fits =
    modelInputDims.length === d.sampleDims.length + 1 &&
    wanted.every((w, i) => typeof w !== 'number' || w < 1 || w === d.sampleDims[i]);
  if (fits) return;
  const have = d.sampleDims.join('×');
  const want = wanted.map((w) => (typeof w === 'number' && w >= 1 ? String(w) : '?')).join('×');
  throw new UserError(
    'dataset-shape',
    `The dataset '${d.source}' has samples of shape ${formatDims(d.sampleDims)} (${have}), but the model input '${inputName}' expects ${formatModelDims(wanted)} per sample (full input shape ${formatModelDims(modelInputDims)}). Use a dataset whose samples are ${want}, or a model that takes ${have} inputs.`,
    { file: d.source, input: inputName, datasetDims: d.sampleDims, modelDims: modelInputDims.map((v) => v) },
  );
}

/** Samples [start, start + count) as views on the shared buffers (no copy). */
export function batchOf(d: SharedDataset, start: number, count: number): { x: Float32Array; y: Int32Array; dims: number[] } {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(count) || start < 0 || count < 1 || start + count > d.count) {
    throw new InternalError('batch-range', `Batch [${start}, ${start + count}) is outside the ${d.count} samples of '${d.source}'.`);
  }
  const size = sizeOf(d.sampleDims);
  return {
    x: d.x.subarray(start * size, (start + count) * size),
    y: d.y.subarray(start, start + count),
    dims: [count, ...d.sampleDims],
  };
}
