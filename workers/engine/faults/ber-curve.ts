/**
 * SRAM bit-error rate as a function of the supply voltage, and the SECDED residual-error
 * probability. Voltages are relative: v = V / Vmin, where Vmin is the lowest voltage at which the
 * array shows no errors (so every curve here is 0 at v ≥ 1 unless the user's data says otherwise).
 *
 * Default curve: the measured mean BER of 32 SRAM arrays in 14 nm (512×64 bits each),
 * Chandramoorthy et al., "Resilient Low Voltage Accelerators for High Energy Efficiency",
 * HPCA 2019, as plotted in Stutz et al., "Bit Error Robustness for Energy-Efficient DNN
 * Accelerators", MLSys 2021 (`davidstutz/mlsys2021-bit-error-robustness`, talk/slides.tex).
 * See docs/faults.md and /work/shared/REFERENCE-FIGURES.md §2.
 */

import { UserError } from '../../../src-shared/errors.js';

export interface BerPoint {
  /** Supply voltage relative to Vmin. */
  readonly v: number;
  /** Probability that a stored bit fails, 0 … 1. */
  readonly ber: number;
}

/**
 * The seven (V/Vmin, BER) points of Chandramoorthy et al. (HPCA 2019) as tabulated by Stutz et al.
 * (MLSys 2021); BER as a fraction, not a percentage.
 */
export const STUTZ_14NM_POINTS: readonly BerPoint[] = Object.freeze([
  { v: 0.75, ber: 0.2056 },
  { v: 0.792, ber: 0.05573 },
  { v: 0.833, ber: 0.01115 },
  { v: 0.875, ber: 0.00129 },
  { v: 0.917, ber: 6.87e-5 },
  { v: 0.958, ber: 1.91e-6 },
  { v: 1.0, ber: 0 },
]);

/** Probit fit to STUTZ_14NM_POINTS (REFERENCE-FIGURES §2, fitted there): p(v) = Φ((μ − v)/σ). */
export const PROBIT_MU = 0.7056;
export const PROBIT_SIGMA = 0.0552;

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969)
// 631–637, as coded in his SPECFUN routine CALERF (netlib specfun/erf). Each interval's rational
// function carries ~18 significant digits, and the third interval approximates erfc(x)·x·e^{x²}
// directly, so the relative error stays at a few ulp deep into the tail where 1 − erf(x) would
// have cancelled to nothing.
const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058,
  2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716,
  3439.36767414372164, 1230.33935480374942,
];
const P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const Q = [2.56852019228982242, 1.87295284992346725, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const ONE_OVER_SQRT_PI = 0.56418958354775628695;
/** erfc(x) underflows to 0 in double precision above this (CALERF's XBIG). */
const ERFC_XBIG = 26.543;

/** exp(−y²) without the rounding error of squaring y: y is split so y_hi² is exact (CALERF). */
function expMinusSquare(y: number): number {
  const hi = Math.trunc(y * 16) / 16;
  const del = (y - hi) * (y + hi);
  return Math.exp(-hi * hi) * Math.exp(-del);
}

/** Complementary error function, relative error ~1e-16 over the whole real line (Cody 1969). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  let result: number;
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return 1 - (x * (num + A[3])) / (den + B[3]);
  } else if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    result = expMinusSquare(y) * ((num + C[7]) / (den + D[7]));
  } else if (y >= ERFC_XBIG) {
    result = 0;
  } else {
    const ysq = 1 / (y * y);
    let num = P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    const r = (ysq * (num + P[4])) / (den + Q[4]);
    result = expMinusSquare(y) * ((ONE_OVER_SQRT_PI - r) / y);
  }
  return x < 0 ? 2 - result : result;
}

/** Standard normal CDF Φ(z) = erfc(−z/√2)/2, accurate in relative terms for z ≪ 0. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * Math.SQRT1_2);
}

function checkVoltage(v: number): void {
  if (!Number.isFinite(v) || v < 0) {
    throw new UserError('faults-voltage', `The relative supply voltage V/Vmin must be a finite number ≥ 0; got ${v}.`, { v });
  }
}

/**
 * Default BER curve: p(v) = Φ((0.7056 − v)/0.0552) for v < 1, and 0 for v ≥ 1 (by definition of
 * Vmin). Within 1.3× of every measured point (REFERENCE-FIGURES §2). Below v = 0.75 nothing was
 * measured: the value there is the fit's extrapolation, not data.
 */
export function probitBer(v: number): number {
  checkVoltage(v);
  if (v >= 1) return 0;
  return normalCdf((PROBIT_MU - v) / PROBIT_SIGMA);
}

/**
 * A BER curve through the user's measured points, linear in log10(BER) between neighbours (BER
 * falls roughly exponentially with voltage, so this is the natural interpolant of a BER table).
 *
 * Outside and around the data:
 *  - below the lowest measured voltage the BER is held at that point's value (no extrapolation:
 *    nothing was measured there, and the error model should not invent a steeper curve);
 *  - at and above the lowest voltage whose BER is 0 the BER is 0 (that voltage is the array's
 *    Vmin as measured);
 *  - between the last non-zero point and that zero point, log10(BER) continues on the slope of
 *    the last two non-zero points (a log-linear interpolant cannot reach 0); with a single non-zero
 *    point the BER falls linearly to 0 instead;
 *  - above the highest measured voltage, if its BER is non-zero, the BER is held at that value.
 *
 * Points may come in any order. Errors (UserError, code `faults-ber-curve`): fewer than 2 points,
 * a non-finite voltage, two points at the same voltage, a BER outside [0, 1], or a BER that rises
 * with rising voltage.
 */
export function measuredBerCurve(points: readonly BerPoint[]): (v: number) => number {
  const bad = (message: string, details?: Record<string, unknown>): never => {
    throw new UserError('faults-ber-curve', message, details);
  };
  if (points.length < 2) bad(`A measured BER curve needs at least 2 (voltage, BER) points; got ${points.length}.`);
  for (const p of points) {
    if (!Number.isFinite(p.v) || p.v < 0) bad(`Every BER point needs a finite voltage V/Vmin ≥ 0; got ${p.v}.`, { v: p.v });
    if (!(p.ber >= 0 && p.ber <= 1)) bad(`Every BER must lie in [0, 1] (a fraction, not a percentage); got ${p.ber} at V/Vmin = ${p.v}.`, { v: p.v, ber: p.ber });
  }
  const sorted = [...points].sort((a, b) => a.v - b.v);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].v === sorted[i - 1].v) bad(`Two BER points share the voltage V/Vmin = ${sorted[i].v}; keep one.`, { v: sorted[i].v });
    if (sorted[i].ber > sorted[i - 1].ber) {
      bad(
        `The BER must not rise with the voltage, but it goes from ${sorted[i - 1].ber} at V/Vmin = ${sorted[i - 1].v} to ${sorted[i].ber} at ${sorted[i].v}.`,
        { v: [sorted[i - 1].v, sorted[i].v], ber: [sorted[i - 1].ber, sorted[i].ber] },
      );
    }
  }
  const vs = Float64Array.from(sorted, (p) => p.v);
  const logs = Float64Array.from(sorted, (p) => Math.log10(p.ber));
  const firstZero = sorted.findIndex((p) => p.ber === 0);
  const zeroV = firstZero < 0 ? Infinity : vs[firstZero];
  const lastPositive = firstZero < 0 ? sorted.length - 1 : firstZero - 1;

  return (v: number): number => {
    checkVoltage(v);
    if (v >= zeroV) return 0;
    if (lastPositive < 0) return 0; // only reachable when every point has BER 0 (v below them all)
    if (v <= vs[0]) return sorted[0].ber;
    if (v >= vs[lastPositive]) {
      if (firstZero < 0) return sorted[lastPositive].ber;
      if (lastPositive === 0) return sorted[0].ber * ((zeroV - v) / (zeroV - vs[0]));
      const slope = (logs[lastPositive] - logs[lastPositive - 1]) / (vs[lastPositive] - vs[lastPositive - 1]);
      return Math.min(sorted[lastPositive].ber, 10 ** (logs[lastPositive] + slope * (v - vs[lastPositive])));
    }
    let hi = 1;
    while (vs[hi] < v) hi++;
    const lo = hi - 1;
    const f = (v - vs[lo]) / (vs[hi] - vs[lo]);
    return 10 ** (logs[lo] + f * (logs[hi] - logs[lo]));
  };
}

/**
 * Probability that a word of `wordBits` bits, each failing independently with probability p,
 * has ≥ 2 failing bits: what a single-error-correcting, double-error-detecting (SECDED) code
 * cannot correct. 1 − (1−p)^n − n·p·(1−p)^(n−1); 13.46 % at p = 1 %, n = 64 (REFERENCE-FIGURES V2).
 * For a real (72,64) code pass 72: the 8 check bits sit in the same cells and fail too.
 */
export function secdedUncorrectableProbability(p: number, wordBits = 64): number {
  if (!(p >= 0 && p <= 1)) throw new UserError('faults-ber', `A bit error rate must lie in [0, 1]; got ${p}.`, { ber: p });
  if (!Number.isInteger(wordBits) || wordBits < 1) {
    throw new UserError('faults-word-bits', `A word must have a whole number of bits ≥ 1; got ${wordBits}.`, { wordBits });
  }
  const n = wordBits;
  if (n < 2 || p === 0) return 0;
  if (p === 1) return 1;
  if (n * p >= 1) {
    // With n·p ≥ 1 the result is of order 1 (≈ 1 − 2/e or more), so the subtraction loses nothing.
    const logQ = Math.log1p(-p);
    return Math.max(0, 1 - Math.exp(n * logQ) - n * p * Math.exp((n - 1) * logQ));
  }
  // Small n·p: 1 − P0 − P1 would cancel catastrophically (≈ C(n,2)p² next to 1), so sum the
  // binomial terms k ≥ 2 directly; (1−p)^n is close to 1 here, so nothing underflows.
  const ratio = p / (1 - p);
  let term = Math.exp(n * Math.log1p(-p)) * n * ratio; // P(k = 1)
  let sum = 0;
  for (let k = 2; k <= n; k++) {
    term *= ((n - k + 1) / k) * ratio;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}
