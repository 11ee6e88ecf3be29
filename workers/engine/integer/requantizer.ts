/**
 * Requantization: from an int32 accumulator whose real value is accScale[c] · acc to the output
 * grid's stored values, as an MCU or accelerator does it.
 *
 * Uniform output grids use a fixed-point multiplier and shift per channel
 * (M = accScale / outScale = m · 2^−shift, gemmlowp / TFLite `MultiplyByQuantizedMultiplier`;
 * Jacob et al., CVPR 2018, §2.2): level = zero + round(M · acc), clamped.
 * Non-uniform grids (HEQ thresholds, power-of-two, ternary, binary levels) compare the
 * accumulator with integer-domain thresholds (t / accScale), as threshold-based binary/ternary
 * accelerators do; ties follow the float quantizer's rule.
 * A fused ReLU or Clip becomes a clamp of the level range (quantization is monotone and 0 is on
 * the grid, so quantize(relu(y)) = max(quantize(y), level(0))).
 */
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSingleRounding,
  quantizeMultiplier,
} from '../quant/fixed-point.js';
import { getKernels } from '../kernels/index.js';
import type { FixedPointRequant, Kernels } from '../kernels/types.js';
import type { IntGrid } from './int-grid.js';
import { levelOfReal } from './int-grid.js';

export interface ClampReal {
  readonly lo: number | null;
  readonly hi: number | null;
}

export type RequantRounding = 'single' | 'double';

/**
 * The kernels to run fixed-point requantization (and the integer Add and pooling sums) on, when
 * they are the WebAssembly ones. The reference kernels' versions are the specification, slower
 * than the loops inlined here, so with them the ops keep their own loops.
 */
export function fastIntegerKernels(): Kernels | null {
  const k = getKernels();
  return k.name === 'wasm-simd' ? k : null;
}

/** The fixed-point multiply of the chosen rounding form. */
export function fixedPointMultiply(rounding: RequantRounding): (acc: number, multiplier: number, shift: number) => number {
  return rounding === 'single' ? multiplyByQuantizedMultiplierSingleRounding : multiplyByQuantizedMultiplier;
}

/**
 * acc ↦ acc·M for one fixed multiplier, with the chosen rounding. Single rounding is inlined:
 * round(acc·m / 2^T) with the 62-bit product split in 16-bit halves so every intermediate is a
 * safe integer (the same arithmetic as `multiplyByQuantizedMultiplierSingleRounding`, which the
 * tests compare); V8 inlines this monomorphic method into the caller's loop.
 */
export class FixedPointScaler {
  private readonly mh: number;
  private readonly ml: number;
  private readonly half: number;
  private readonly inv: number;
  private readonly multiply: ((acc: number, multiplier: number, shift: number) => number) | null;

  constructor(
    private readonly multiplier: number,
    private readonly shift: number,
    rounding: RequantRounding,
  ) {
    const u = 31 + shift - 16;
    this.multiply = rounding === 'single' && u >= 1 ? null : fixedPointMultiply(rounding);
    this.mh = Math.floor(multiplier / 65536);
    this.ml = multiplier - this.mh * 65536;
    this.half = u >= 1 ? 2 ** (u - 1) : 0;
    this.inv = 2 ** -u;
  }

  apply(a: number): number {
    if (this.multiply !== null) return this.multiply(a, this.multiplier, this.shift);
    const carry = Math.floor(a * this.ml * INV_2_16);
    return Math.floor((a * this.mh + carry + this.half) * this.inv);
  }
}

export class Requantizer {
  private readonly multipliers: Int32Array;
  private readonly shifts: Int32Array;
  /** Non-uniform grids: per channel, ascending accumulator thresholds and whether a tie goes up. */
  private readonly thresholds: Float64Array[] | null;
  private readonly tieUp: Uint8Array | null;
  private readonly levelLo: number;
  private readonly levelHi: number;
  private readonly levels: Int32Array;
  /** Uniform grids: acc ↦ acc·M per channel, in the chosen rounding. */
  private readonly scalers: FixedPointScaler[] = [];
  /**
   * The same requantization in the kernels' terms, for uniform grids with single rounding (what
   * the wasm kernels implement); null otherwise.
   */
  readonly fixedPoint: FixedPointRequant | null;

  constructor(
    readonly accScales: Float64Array,
    readonly out: IntGrid,
    clamp: ClampReal,
    rounding: RequantRounding,
  ) {
    const channels = accScales.length;
    const p = out.params;
    this.levels = p.levels;
    let lo = p.levels[0];
    let hi = p.levels[p.levels.length - 1];
    if (clamp.lo !== null) lo = Math.max(lo, levelOfReal(out, clamp.lo));
    if (clamp.hi !== null) hi = Math.min(hi, levelOfReal(out, clamp.hi));
    this.levelLo = lo;
    this.levelHi = hi;
    this.multipliers = new Int32Array(channels);
    this.shifts = new Int32Array(channels);
    if (out.uniform) {
      this.thresholds = null;
      this.tieUp = null;
      this.fixedPoint =
        rounding === 'single'
          ? { multipliers: this.multipliers, shifts: this.shifts, zero: p.zeroPoint[0], lo, hi, offset: out.offset }
          : null;
      for (let c = 0; c < channels; c++) {
        const q = quantizeMultiplier(accScales[c] / out.scale);
        this.multipliers[c] = q.multiplier;
        this.shifts[c] = q.shift;
        this.scalers.push(new FixedPointScaler(q.multiplier, q.shift, rounding));
      }
      return;
    }
    // Real-domain decision thresholds between consecutive levels.
    const real: number[] = [];
    const tieUp: number[] = [];
    const s = out.scale;
    const z = p.zeroPoint[0];
    for (let j = 0; j + 1 < p.levels.length; j++) {
      if (p.thresholds) {
        real.push(p.thresholds[0][j]);
        tieUp.push(1); // threshold rule: x ≥ t goes up
      } else {
        const mid = (s * (p.levels[j] - z) + s * (p.levels[j + 1] - z)) / 2;
        real.push(mid);
        // Ties go to the level of smaller magnitude.
        tieUp.push(mid < 0 ? 1 : 0);
      }
    }
    this.fixedPoint = null;
    this.tieUp = Uint8Array.from(tieUp);
    this.thresholds = [];
    for (let c = 0; c < channels; c++) this.thresholds.push(Float64Array.from(real, (t) => t / accScales[c]));
  }

  /**
   * Writes stored output values for accumulators laid out [outer, channels, inner] (NCHW conv
   * output: inner = H·W) or, with `channelsLast`, [rows, channels] (Gemm output). The results are
   * computed in place in `acc` (one monomorphic Int32Array loop) and then copied to `out`,
   * whatever its element type — or, for fixed-point requantization with the wasm kernels, by
   * their `requantize` (bit-exact, `acc` left unchanged).
   */
  apply(acc: Int32Array, out: Uint8Array | Int32Array, channels: number, inner: number, channelsLast = false): void {
    const k = this.fixedPoint ? fastIntegerKernels() : null;
    if (k?.requantize) {
      k.requantize(acc, out, channels, channelsLast ? 1 : inner, this.fixedPoint!);
      return;
    }
    this.applyInline(acc, out, channels, inner, channelsLast);
  }

  /** `apply` with the loops here, whatever the kernels (the reference the wasm path is tested against). */
  applyInline(acc: Int32Array, out: Uint8Array | Int32Array, channels: number, inner: number, channelsLast = false): void {
    const outer = acc.length / (channels * inner);
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < channels; c++) {
        if (channelsLast) this.applyRun(acc, o * channels + c, 1, 1, c);
        else this.applyRun(acc, (o * channels + c) * inner, inner, 1, c);
      }
    }
    if (out !== acc) out.set(acc);
  }

  private applyRun(acc: Int32Array, start: number, count: number, step: number, c: number): void {
    const offset = this.out.offset;
    const zero = this.out.params.zeroPoint[0];
    const lo = this.levelLo;
    const hi = this.levelHi;
    const end = start + count * step;
    if (this.thresholds === null) {
      const scaler = this.scalers[c];
      for (let i = start; i < end; i += step) {
        let level = zero + scaler.apply(acc[i]);
        if (level < lo) level = lo;
        else if (level > hi) level = hi;
        acc[i] = level + offset;
      }
      return;
    }
    const t = this.thresholds[c];
    const tieUp = this.tieUp!;
    for (let i = start; i < end; i += step) {
      const a = acc[i];
      let code = 0;
      while (code < t.length && (a > t[code] || (a === t[code] && tieUp[code] === 1))) code++;
      let level = this.levels[code];
      if (level < lo) level = lo;
      else if (level > hi) level = hi;
      acc[i] = level + offset;
    }
  }
}

const INV_2_16 = 1 / 65536;
