/**
 * Direct N-d convolution for the paths the 2-D float kernel does not cover (3-D, float64,
 * ConvInteger): y[n, m, o] = bias[m] + Σ (x[n, c, tap] − xZero) · (w[m, c, tap] − wZero[m]),
 * with padding taps contributing 0. Numbers are accumulated in doubles, exact for the integer case
 * (uint8·uint8 products summed stay far below 2^53).
 */
import type { NumberArray } from './elementwise-binary.js';
import type { ConvShape } from './conv-geometry.js';
import { WindowTaps } from './window-taps.js';

export function convNd(
  s: ConvShape,
  x: NumberArray,
  xZero: number,
  w: NumberArray,
  wZero: ArrayLike<number> | null,
  bias: NumberArray | null,
  y: NumberArray,
): void {
  const walker = new WindowTaps(s.window);
  const { inPlane, outPlane, tapCount } = walker;
  const icPerGroup = s.inC / s.group;
  const ocPerGroup = s.outC / s.group;
  for (let o = 0; o < outPlane; o++) {
    walker.at(o);
    for (let n = 0; n < s.batch; n++) {
      for (let oc = 0; oc < s.outC; oc++) {
        const grp = Math.floor(oc / ocPerGroup);
        const wz = wZero === null ? 0 : wZero.length === 1 ? wZero[0] : wZero[oc];
        let sum = bias ? bias[oc] : 0;
        for (let icg = 0; icg < icPerGroup; icg++) {
          const xBase = (n * s.inC + grp * icPerGroup + icg) * inPlane;
          const wBase = (oc * icPerGroup + icg) * tapCount;
          for (let t = 0; t < walker.count; t++) {
            sum += (x[xBase + walker.offsets[t]] - xZero) * (w[wBase + walker.taps[t]] - wz);
          }
        }
        y[(n * s.outC + oc) * outPlane + o] = sum;
      }
    }
  }
}
