/**
 * Tight float loops for 1-D and 2-D MaxPool and AveragePool over NCHW planes, the pools of small
 * CNNs. Per output row and column the range of kernel taps that land inside the image is computed
 * once, so the inner loops do no bounds tests. The general N-d, integer and argmax paths live in
 * the operator files and use `WindowTaps`.
 */
import type { WindowGeometry } from './window-geometry.js';

interface Plane2d {
  inH: number; inW: number; outH: number; outW: number;
  kH: number; kW: number; sH: number; sW: number;
  pT: number; pL: number; pB: number; pR: number;
  dH: number; dW: number;
}

/** 1-D windows become 2-D ones over a 1-pixel-high image. */
function plane2d(g: WindowGeometry): Plane2d {
  const two = g.inSize.length === 2;
  const h = (i: number, one: number): number => (two ? i : one);
  const last = two ? 1 : 0;
  return {
    inH: h(g.inSize[0], 1), inW: g.inSize[last],
    outH: h(g.outSize[0], 1), outW: g.outSize[last],
    kH: h(g.kernel[0], 1), kW: g.kernel[last],
    sH: h(g.strides[0], 1), sW: g.strides[last],
    pT: h(g.padsBegin[0], 0), pL: g.padsBegin[last],
    pB: h(g.padsEnd[0], 0), pR: g.padsEnd[last],
    dH: h(g.dilations[0], 1), dW: g.dilations[last],
  };
}

/** First and one-past-last kernel tap (per dimension) that land inside [0, size) for each output. */
function tapRanges(out: number, stride: number, pad: number, k: number, dilation: number, size: number): Int32Array {
  const r = new Int32Array(2 * out);
  for (let o = 0; o < out; o++) {
    const start = o * stride - pad;
    let first = 0;
    while (first < k && start + first * dilation < 0) first++;
    let end = k;
    while (end > first && start + (end - 1) * dilation >= size) end--;
    r[2 * o] = first;
    r[2 * o + 1] = end;
  }
  return r;
}

export function maxPool2dFloat(g: WindowGeometry, planes: number, x: Float32Array, y: Float32Array): void {
  const p = plane2d(g);
  const rh = tapRanges(p.outH, p.sH, p.pT, p.kH, p.dH, p.inH);
  const rw = tapRanges(p.outW, p.sW, p.pL, p.kW, p.dW, p.inW);
  // Geometry in locals: V8 does not hoist the property loads out of the inner loops.
  const { inW, outH, outW, sH, sW, pT, pL, dH, dW } = p;
  const inPlane = p.inH * inW;
  const outPlane = outH * outW;
  if (p.kH === 2 && p.kW === 2 && sH === 2 && sW === 2 && dH === 1 && dW === 1 && pT === 0 && pL === 0 && 2 * outH <= p.inH && 2 * outW <= inW) {
    maxPool2x2Float(x, y, planes, inW, inPlane, outH, outW);
    return;
  }
  for (let c = 0; c < planes; c++) {
    const xBase = c * inPlane;
    let yi = c * outPlane;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = oh * sH - pT;
      const khStart = rh[2 * oh];
      const khEnd = rh[2 * oh + 1];
      for (let ow = 0; ow < outW; ow++) {
        const w0 = ow * sW - pL;
        const kwStart = rw[2 * ow];
        const kwEnd = rw[2 * ow + 1];
        let m = -Infinity;
        for (let kh = khStart; kh < khEnd; kh++) {
          const row = xBase + (h0 + kh * dH) * inW + w0;
          for (let kw = kwStart; kw < kwEnd; kw++) {
            const v = x[row + kw * dW];
            if (v > m) m = v;
          }
        }
        y[yi++] = m;
      }
    }
  }
}

/**
 * The 2×2, stride-2, unpadded window (LeNet's pools), taps compared in the same order as the
 * general loop so ties and NaN resolve identically.
 */
function maxPool2x2Float(x: Float32Array, y: Float32Array, planes: number, inW: number, inPlane: number, outH: number, outW: number): void {
  let yi = 0;
  for (let c = 0; c < planes; c++) {
    for (let oh = 0; oh < outH; oh++) {
      let top = c * inPlane + 2 * oh * inW;
      for (let ow = 0; ow < outW; ow++) {
        const bottom = top + inW;
        let m = -Infinity;
        let v = x[top];
        if (v > m) m = v;
        v = x[top + 1];
        if (v > m) m = v;
        v = x[bottom];
        if (v > m) m = v;
        v = x[bottom + 1];
        if (v > m) m = v;
        y[yi++] = m;
        top += 2;
      }
    }
  }
}

/**
 * Average over the taps inside the image, divided by that count, or (countIncludePad) by the
 * number of taps inside the padded image: padding counts, but the extra windows ceil_mode adds
 * past the end padding do not (as the ONNX reference and PyTorch do).
 */
export function averagePool2dFloat(g: WindowGeometry, planes: number, countIncludePad: boolean, x: Float32Array, y: Float32Array): void {
  const p = plane2d(g);
  const rh = tapRanges(p.outH, p.sH, p.pT, p.kH, p.dH, p.inH);
  const rw = tapRanges(p.outW, p.sW, p.pL, p.kW, p.dW, p.inW);
  // Tap ranges inside the padded image [−pad, size + padEnd) give the count_include_pad divisor.
  const ph = tapRanges(p.outH, p.sH, 0, p.kH, p.dH, p.inH + p.pT + p.pB);
  const pw = tapRanges(p.outW, p.sW, 0, p.kW, p.dW, p.inW + p.pL + p.pR);
  const inPlane = p.inH * p.inW;
  const outPlane = p.outH * p.outW;
  for (let c = 0; c < planes; c++) {
    const xBase = c * inPlane;
    let yi = c * outPlane;
    for (let oh = 0; oh < p.outH; oh++) {
      const h0 = oh * p.sH - p.pT;
      const khStart = rh[2 * oh];
      const khEnd = rh[2 * oh + 1];
      for (let ow = 0; ow < p.outW; ow++) {
        const w0 = ow * p.sW - p.pL;
        const kwStart = rw[2 * ow];
        const kwEnd = rw[2 * ow + 1];
        let sum = 0;
        for (let kh = khStart; kh < khEnd; kh++) {
          const row = xBase + (h0 + kh * p.dH) * p.inW + w0;
          for (let kw = kwStart; kw < kwEnd; kw++) sum += x[row + kw * p.dW];
        }
        const count = countIncludePad
          ? (ph[2 * oh + 1] - ph[2 * oh]) * (pw[2 * ow + 1] - pw[2 * ow])
          : (khEnd - khStart) * (kwEnd - kwStart);
        y[yi++] = sum / count;
      }
    }
  }
}
