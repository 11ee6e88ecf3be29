/**
 * Bilinear resize of one image plane.
 *
 * Convention: align_corners=false with half-pixel centres — the source coordinate of output pixel
 * i is (i + 0.5)·(in/out) − 0.5, clamped to [0, in − 1] — and no antialiasing. This is exactly
 * torch.nn.functional.interpolate(mode='bilinear', align_corners=False, antialias=False)
 * (aten/src/ATen/native/UpSample.h, area_pixel_compute_source_index). When upscaling it also
 * matches PIL's BILINEAR; when downscaling PIL (and torchvision's Resize on PIL images) widens the
 * filter to antialias, so results differ there: resize such data offline if that matters.
 */
export function resizeBilinearPlane(src: Float32Array, inHeight: number, inWidth: number, outHeight: number, outWidth: number): Float32Array {
  const out = new Float32Array(outHeight * outWidth);
  if (inHeight === outHeight && inWidth === outWidth) {
    out.set(src.subarray(0, inHeight * inWidth));
    return out;
  }
  const axis = (inSize: number, outSize: number) => {
    const low = new Int32Array(outSize);
    const high = new Int32Array(outSize);
    const weight = new Float32Array(outSize);
    const scale = inSize / outSize;
    for (let i = 0; i < outSize; i++) {
      const source = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
      low[i] = Math.floor(source);
      high[i] = Math.min(low[i] + 1, inSize - 1);
      weight[i] = source - low[i];
    }
    return { low, high, weight };
  };
  const rows = axis(inHeight, outHeight);
  const cols = axis(inWidth, outWidth);
  for (let y = 0; y < outHeight; y++) {
    const top = rows.low[y] * inWidth;
    const bottom = rows.high[y] * inWidth;
    const wy = rows.weight[y];
    for (let x = 0; x < outWidth; x++) {
      const left = cols.low[x];
      const right = cols.high[x];
      const wx = cols.weight[x];
      const upper = src[top + left] + (src[top + right] - src[top + left]) * wx;
      const lower = src[bottom + left] + (src[bottom + right] - src[bottom + left]) * wx;
      out[y * outWidth + x] = upper + (lower - upper) * wy;
    }
  }
  return out;
}
