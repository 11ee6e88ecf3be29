/**
 * Reads the raw arrays of a dataset (samples + labels, as stored) from any supported format,
 * choosing the reader by content when the format is 'auto'.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../../src-shared/errors.js';
import type { Tensor } from '../engine/tensor.js';
import { readFileBytes } from './file-bytes.js';
import { gunzipIfNeeded } from './gunzip-if-needed.js';
import { decodeIdx, looksLikeIdx } from './idx.js';
import { readImageFolder, type ImageTarget } from './image-folder.js';
import { decodeNpy, looksLikeNpy } from './npy.js';
import { decodeNpz } from './npz.js';
import { looksLikeZip } from './zip-entries.js';

export type DatasetFormat = 'idx' | 'npy' | 'npz' | 'folder';

export interface RawDataset {
  readonly format: DatasetFormat;
  readonly x: Tensor;
  readonly xSource: string;
  readonly y: Tensor;
  readonly ySource: string;
  /** Set for image folders: classes are the sub-folders, and samples are already [N,C,H,W] in range. */
  readonly folder?: { classCount: number };
}

const FORMAT_HINT = 'EdgeFront reads IDX (optionally gzipped), NPY, NPZ and image folders (one sub-folder per class)';

function detectFormat(bytes: Uint8Array, source: string): Exclude<DatasetFormat, 'folder'> {
  if (looksLikeNpy(bytes)) return 'npy';
  if (looksLikeZip(bytes)) return 'npz';
  if (looksLikeIdx(bytes)) return 'idx';
  const start = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new UserError('dataset-format', `The file '${source}' is not a recognised dataset (it starts with bytes ${start || '(none)'}). ${FORMAT_HINT}.`, {
    file: source,
  });
}

async function decodeFile(path: string, format: Exclude<DatasetFormat, 'folder'> | 'auto', what: string): Promise<{ format: DatasetFormat; content: Tensor | Map<string, Tensor> }> {
  const bytes = await gunzipIfNeeded(await readFileBytes(path, what), path);
  const actual = format === 'auto' ? detectFormat(bytes, path) : format;
  if (actual === 'idx') return { format: actual, content: decodeIdx(bytes, path) };
  if (actual === 'npy') return { format: actual, content: decodeNpy(bytes, path) };
  return { format: actual, content: decodeNpz(bytes, path, ['x', 'y']) };
}

/** The MNIST naming convention: `*-images-idx3-ubyte[.gz]` has its labels in `*-labels-idx1-ubyte[.gz]`. */
async function siblingLabels(path: string): Promise<string | undefined> {
  const name = basename(path);
  const pattern = /images([.-])idx3([.-])ubyte/;
  if (!pattern.test(name)) return undefined;
  const labels = name.replace(pattern, 'labels$1idx1$2ubyte');
  const candidates = [labels, labels.endsWith('.gz') ? labels.slice(0, -3) : `${labels}.gz`];
  for (const candidate of candidates) {
    const full = join(dirname(path), candidate);
    if (await stat(full).then((s) => s.isFile(), () => false)) return full;
  }
  return undefined;
}

async function readLabels(path: string): Promise<Tensor> {
  const { content } = await decodeFile(path, 'auto', 'labels file');
  if (content instanceof Map) {
    const y = content.get('y');
    if (!y) throw new UserError('npz-missing-array', `The labels file '${path}' is an NPZ without an array 'y'. Save the labels as numpy.savez(path, y=labels).`, { file: path });
    return y;
  }
  return content;
}

export async function readRawDataset(
  spec: { path: string; labelsPath?: string; format?: DatasetFormat | 'auto' },
  imageTarget: ImageTarget | undefined,
  range: { offset: number; limit?: number },
): Promise<RawDataset> {
  const format = spec.format ?? 'auto';
  const isDirectory = await stat(spec.path).then((s) => s.isDirectory(), () => false);
  if (format === 'folder' || (format === 'auto' && isDirectory)) {
    if (spec.labelsPath !== undefined) {
      throw new UserError(
        'dataset-option',
        `The labels file '${spec.labelsPath}' was given for the image folder '${spec.path}', whose labels are its sub-folder names. Drop the labels option.`,
        { file: spec.path },
      );
    }
    const folder = await readImageFolder(spec.path, imageTarget, range);
    return {
      format: 'folder',
      x: { dtype: 'float32', dims: folder.dims, data: folder.x },
      xSource: spec.path,
      y: { dtype: 'int32', dims: [folder.y.length], data: folder.y },
      ySource: spec.path,
      folder: { classCount: folder.classNames.length },
    };
  }
  const decoded = await decodeFile(spec.path, format, 'dataset file');
  if (decoded.content instanceof Map) {
    const x = decoded.content.get('x') as Tensor;
    if (spec.labelsPath !== undefined) return { format: decoded.format, x, xSource: spec.path, y: await readLabels(spec.labelsPath), ySource: spec.labelsPath };
    return { format: decoded.format, x, xSource: spec.path, y: decoded.content.get('y') as Tensor, ySource: `${spec.path}:y.npy` };
  }
  const labelsPath = spec.labelsPath ?? (decoded.format === 'idx' ? await siblingLabels(spec.path) : undefined);
  if (labelsPath === undefined) {
    const hint =
      decoded.format === 'idx'
        ? `EdgeFront looks for a sibling '*-labels-idx1-ubyte[.gz]' next to '*-images-idx3-ubyte[.gz]' files; pass the labels file with --labels`
        : 'pass the labels file with --labels, or put both arrays in one NPZ as x and y';
    throw new UserError('dataset-labels-missing', `The dataset '${spec.path}' has no labels file: ${hint}.`, { file: spec.path });
  }
  return { format: decoded.format, x: decoded.content, xSource: spec.path, y: await readLabels(labelsPath), ySource: labelsPath };
}
