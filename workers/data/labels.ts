import { UserError } from '../../src-shared/errors.js';
import { formatDims, type Tensor } from '../engine/tensor.js';

/**
 * Checks and converts a labels array to int32 class indices. Accepted: shape [N] or [N, 1], any
 * integer dtype, or floats holding whole numbers (as saved by code that kept labels in a float
 * tensor). Every label must lie in [0, classCount); without `classCount`, it is max label + 1.
 * All labels are checked, not only those a --limit selects, so a damaged file never passes.
 */
export function labelsFromTensor(labels: Tensor, source: string, classCount?: number): { y: Int32Array; classCount: number } {
  const { dims } = labels;
  if (!(dims.length === 1 || (dims.length === 2 && dims[1] === 1))) {
    throw new UserError(
      'dataset-labels',
      `The labels in '${source}' have shape ${formatDims(dims)}; EdgeFront needs one class index per sample, shape [N] or [N, 1]. Convert one-hot labels with argmax.`,
      { file: source, dims },
    );
  }
  const count = dims[0];
  const limit = classCount ?? 2 ** 31 - 1;
  const y = new Int32Array(count);
  let max = -1;
  for (let i = 0; i < count; i++) {
    const raw = labels.data[i];
    const value = typeof raw === 'bigint' ? Number(raw) : raw;
    if (!Number.isInteger(value) || value < 0 || value >= limit) {
      const why = Number.isInteger(value) ? `outside [0, ${limit})` : 'not a whole number';
      throw new UserError(
        'dataset-labels',
        `The labels in '${source}' hold ${String(raw)} at sample ${i}, which is ${why}; labels must be class indices 0…${classCount === undefined ? 'K−1' : classCount - 1}. Fix the labels file${classCount === undefined ? '' : ' or the class count'}.`,
        { file: source, sample: i, value: String(raw) },
      );
    }
    y[i] = value;
    if (value > max) max = value;
  }
  return { y, classCount: classCount ?? max + 1 };
}
