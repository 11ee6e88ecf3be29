/**
 * Decides how the samples of an array dataset are laid out and what shape the model sees.
 *
 * Rules (docs/datasets-formats.md): a rank-4 array [N,a,b,c] is NCHW unless it is NHWC — forced by
 * `layout: 'nhwc'`, or in `auto` mode when it matches a model wanting [C,H,W] as [N,H,W,C], or,
 * with no model to compare against, when c ∈ {1,3} and a ∉ {1,3}. [N,H,W] becomes [N,1,H,W]
 * unless the model takes [H,W]. [N,F] is reshaped to a model's [1,H,W] when H·W = F. Images are
 * flattened for a model taking [F].
 */
import { UserError } from '../../src-shared/errors.js';
import { formatDims, sizeOf } from '../engine/tensor.js';

export type LayoutOption = 'auto' | 'nchw' | 'nhwc';

export interface SampleLayout {
  /** True when the stored samples are [H,W,C] and must be transposed to [C,H,W]. */
  readonly fromNhwc: boolean;
  /** Sample dims in memory order after any transpose; normalization works on these. */
  readonly arranged: number[];
  /** Per-channel normalization: `channels` groups of `inner` consecutive values. */
  readonly channels: number;
  readonly inner: number;
  /** What the model sees per sample: `arranged`, or flattened / reshaped to fit the model. */
  readonly sampleDims: number[];
}

const PLAUSIBLE_CHANNELS = new Set([1, 3]);

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function isNhwc(stored: readonly number[], layout: LayoutOption, model: readonly number[] | undefined, source: string): boolean {
  if (layout === 'nhwc') {
    if (stored.length !== 3) {
      throw new UserError(
        'dataset-layout',
        `The dataset '${source}' was declared NHWC, but its samples have shape ${formatDims(stored)}, not [H, W, C]. Drop the layout option or pass a rank-4 array.`,
        { file: source, dims: stored },
      );
    }
    return true;
  }
  if (layout === 'nchw' || stored.length !== 3 || !PLAUSIBLE_CHANNELS.has(stored[2])) return false;
  if (model && model.length === 3) {
    if (sameDims(stored, model)) return false;
    if (sameDims([stored[2], stored[0], stored[1]], model)) return true;
  }
  return !PLAUSIBLE_CHANNELS.has(stored[0]);
}

/** `stored` are the sample dims as stored (the array's dims without N). */
export function decideLayout(stored: readonly number[], layout: LayoutOption, model: readonly number[] | undefined, source: string): SampleLayout {
  const fromNhwc = isNhwc(stored, layout, model, source);
  let arranged: number[];
  if (fromNhwc) arranged = [stored[2], stored[0], stored[1]];
  else if (stored.length === 0) arranged = [1];
  else if (stored.length === 2 && !(model && model.length === 2)) arranged = [1, stored[0], stored[1]];
  else if (stored.length === 1 && model && model.length === 3 && model[0] === 1 && sizeOf(model) === stored[0]) arranged = [...model];
  else arranged = [...stored];

  // Rank-1 samples are feature vectors: normalization may be per feature (as a standard scaler).
  const channels = arranged.length === 1 || arranged.length >= 3 ? arranged[0] : 1;
  const inner = sizeOf(arranged) / channels;
  const sampleDims = model && model.length === 1 && arranged.length > 1 ? [sizeOf(arranged)] : arranged;
  return { fromNhwc, arranged, channels, inner, sampleDims };
}
