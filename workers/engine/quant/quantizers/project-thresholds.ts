/**
 * Makes a threshold decision rule consistent with its reconstruction values.
 *
 * With thresholds t_1 … t_{L−1} (code = number of thresholds ≤ x) and dequantized values
 * w_c = float32(scale · (levels[c] − zeroPoint)), quantizing w_c gives c back exactly when
 *   w_{c−1} < t_c ≤ w_c   for every c,
 * i.e. each level's own value lies in its own bin. That is what makes quantization idempotent
 * (fake-quantizing twice changes nothing) and real 0 map to the zero-point. A threshold outside
 * its interval is projected onto it — moved to the nearest point of (w_{c−1}, w_c]: w_c from
 * above, the next double after w_{c−1} from below — so it stays as close as possible to where the
 * fit wanted it. The result is strictly ascending.
 *
 * Returns how many thresholds had to be moved.
 */
export function projectThresholds(
  thresholds: Float64Array,
  levels: Int32Array,
  scale: number,
  zeroPoint: number,
): number {
  let moved = 0;
  let below = Math.fround(scale * (levels[0] - zeroPoint));
  for (let c = 1; c < levels.length; c++) {
    const value = Math.fround(scale * (levels[c] - zeroPoint));
    const t = thresholds[c - 1];
    if (t > value) {
      thresholds[c - 1] = value;
      moved++;
    } else if (!(t > below)) {
      // NaN thresholds land here too.
      thresholds[c - 1] = nextDoubleUp(below);
      moved++;
    }
    below = value;
  }
  return moved;
}

const bitsView = new Float64Array(1);
const intView = new BigInt64Array(bitsView.buffer);

/** The smallest double greater than x (x finite). */
export function nextDoubleUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  bitsView[0] = x;
  intView[0] += x > 0 ? 1n : -1n;
  return bitsView[0];
}
