/**
 * Image-folder datasets: one sub-folder per class, class index = position of the sub-folder name in
 * sorted order (as torchvision.datasets.ImageFolder). Samples are ordered class by class, files by
 * sorted name, so a folder always loads the same way. PNG and JPEG files are read (recognised by
 * content); hidden entries and files with other extensions are ignored.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../src-shared/errors.js';
import { decodeImage, type RgbImage } from './decode-image.js';
import { readFileBytes } from './file-bytes.js';
import { resizeBilinearPlane } from './resize-bilinear.js';

const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;

/** The size every image is converted to. */
export interface ImageTarget {
  readonly channels: 1 | 3;
  readonly height: number;
  readonly width: number;
}

export interface ImageFolderData {
  /** count × channels × height × width pixel values in [0, 255] (float because of resizing). */
  readonly x: Float32Array;
  readonly dims: [number, number, number, number];
  readonly y: Int32Array;
  readonly classNames: string[];
}

/** Code-unit order, not locale order: the class numbering must not depend on the user's locale. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function listFolder(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT' ? 'dataset-not-found' : 'dataset-unreadable',
      code === 'ENOENT' ? `The image folder '${dir}' does not exist. Check the path.` : `The image folder '${dir}' cannot be listed (${code ?? String(err)}).`,
      { file: dir },
    );
  }
}

/**
 * BT.601 luma, Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601-7, §2.5.1; also PIL's convert('L')),
 * or gray repeated to three channels; output is planar (CHW).
 */
function toPlanes(image: RgbImage, channels: 1 | 3): Float32Array {
  const pixels = image.width * image.height;
  const planes = new Float32Array(channels * pixels);
  const { rgb } = image;
  if (channels === 1) {
    for (let p = 0; p < pixels; p++) planes[p] = 0.299 * rgb[3 * p] + 0.587 * rgb[3 * p + 1] + 0.114 * rgb[3 * p + 2];
  } else {
    for (let p = 0; p < pixels; p++) {
      planes[p] = rgb[3 * p];
      planes[pixels + p] = rgb[3 * p + 1];
      planes[2 * pixels + p] = rgb[3 * p + 2];
    }
  }
  return planes;
}

/**
 * Reads an image folder. With a `target`, every image is converted to its channel count and
 * resized to its size. Without one, images must all have the size of the first image, and the
 * result has 1 channel when every image is gray (R = G = B everywhere), else 3.
 * `range` selects samples (after ordering) so a `--limit` does not decode the whole folder.
 */
export async function readImageFolder(
  dir: string,
  target?: ImageTarget,
  range: { offset: number; limit?: number } = { offset: 0 },
): Promise<ImageFolderData> {
  const classNames = (await listFolder(dir))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byName);
  if (classNames.length === 0) {
    throw new UserError('image-folder-no-classes', `The image folder '${dir}' has no sub-folders; put the images of each class in their own sub-folder (e.g. '${join(dir, 'cat')}').`, {
      file: dir,
    });
  }
  const files: { path: string; label: number }[] = [];
  for (let label = 0; label < classNames.length; label++) {
    const classDir = join(dir, classNames[label]);
    const names = (await listFolder(classDir))
      .filter((e) => e.isFile() && !e.name.startsWith('.') && IMAGE_EXTENSION.test(e.name))
      .map((e) => e.name)
      .sort(byName);
    if (names.length === 0) {
      throw new UserError(
        'image-folder-empty-class',
        `The class folder '${classDir}' holds no .png, .jpg or .jpeg file, so class ${label} ('${classNames[label]}') would have no samples. Add images or remove the folder.`,
        { file: classDir },
      );
    }
    for (const name of names) files.push({ path: join(classDir, name), label });
  }
  const chosen = files.slice(range.offset, range.limit === undefined ? undefined : range.offset + range.limit);
  const images: RgbImage[] = [];
  for (const file of chosen) images.push(decodeImage(await readFileBytes(file.path, 'image'), file.path));

  const first = images[0];
  const channels = target?.channels ?? (images.every((i) => i.isGray) ? 1 : 3);
  const height = target?.height ?? first?.height ?? 0;
  const width = target?.width ?? first?.width ?? 0;
  const sampleSize = channels * height * width;
  const x = new Float32Array(images.length * sampleSize);
  images.forEach((image, n) => {
    if (!target && (image.width !== width || image.height !== height)) {
      throw new UserError(
        'image-folder-sizes',
        `The image '${chosen[n].path}' is ${image.width}×${image.height} but '${chosen[0].path}' is ${width}×${height}. Give a model so images are resized to its input, or resize them to one size.`,
        { file: chosen[n].path },
      );
    }
    const planes = toPlanes(image, channels);
    const pixels = image.width * image.height;
    for (let c = 0; c < channels; c++) {
      const plane = resizeBilinearPlane(planes.subarray(c * pixels, (c + 1) * pixels), image.height, image.width, height, width);
      x.set(plane, n * sampleSize + c * height * width);
    }
  });
  return {
    x,
    dims: [images.length, channels, height, width],
    y: Int32Array.from(chosen, (f) => f.label),
    classNames,
  };
}
