/**
 * Decodes one PNG or JPEG file (recognised by its magic bytes) into interleaved 8-bit RGB.
 * Alpha is dropped, not composited: evaluation images are expected to be opaque.
 */
import pngjs from 'pngjs';
import jpeg from 'jpeg-js';
import { UserError } from '../../src-shared/errors.js';

/** Refuse images above this many pixels before decoding: a lying header must not exhaust memory. */
const MAX_PIXELS = 64 * 1024 * 1024;

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 3 bytes, row-major, RGB interleaved. */
  readonly rgb: Uint8Array;
  /** True when every pixel has R = G = B. */
  readonly isGray: boolean;
}

function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function decodeError(file: string, detail: string): UserError {
  return new UserError('image-decode', `The image '${file}' cannot be decoded: ${detail}. Remove the file from the dataset folder or re-save it as PNG or JPEG.`, {
    file,
  });
}

function dropAlpha(rgba: Uint8Array, pixels: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    rgb[3 * p] = rgba[4 * p];
    rgb[3 * p + 1] = rgba[4 * p + 1];
    rgb[3 * p + 2] = rgba[4 * p + 2];
  }
  return rgb;
}

export function decodeImage(bytes: Uint8Array, file: string): RgbImage {
  let width: number;
  let height: number;
  let rgb: Uint8Array;
  if (isPng(bytes)) {
    if (bytes.length < 24) throw decodeError(file, 'the PNG header is truncated');
    // IHDR is the first chunk: width and height are big-endian uint32 at bytes 16 and 20 (PNG spec §11.2.2).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const declared = view.getUint32(16, false) * view.getUint32(20, false);
    if (declared > MAX_PIXELS) throw decodeError(file, `its header declares ${declared} pixels, more than the ${MAX_PIXELS} allowed`);
    try {
      const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      ({ width, height } = png);
      rgb = dropAlpha(png.data, width * height);
    } catch (err) {
      throw decodeError(file, `the PNG decoder reports "${(err as Error).message}"`);
    }
  } else if (isJpeg(bytes)) {
    try {
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_PIXELS / 1024 / 1024, maxMemoryUsageInMB: 1024 });
      ({ width, height } = image);
      rgb = image.data;
    } catch (err) {
      throw decodeError(file, `the JPEG decoder reports "${(err as Error).message}"`);
    }
  } else {
    const start = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw decodeError(file, `it is neither PNG nor JPEG (it starts with bytes ${start || '(none)'})`);
  }
  if (width < 1 || height < 1 || rgb.length !== width * height * 3) throw decodeError(file, `the decoder returned ${width}×${height} pixels and ${rgb.length} bytes`);
  let isGray = true;
  for (let i = 0; i < rgb.length && isGray; i += 3) isGray = rgb[i] === rgb[i + 1] && rgb[i] === rgb[i + 2];
  return { width, height, rgb, isGray };
}
