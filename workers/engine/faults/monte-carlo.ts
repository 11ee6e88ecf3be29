/**
 * Statistics over Monte-Carlo fault seeds: each seed is one chip (one fault pattern), evaluated on
 * the same test set; the summary is the mean accuracy over chips with its uncertainty.
 */

import { UserError } from '../../../src-shared/errors.js';
import { normalCdf } from './ber-curve.js';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

export interface SeedSummary {
  /** Number of seeds K. */
  readonly seeds: number;
  readonly mean: number;
  /** Sample standard deviation across seeds (divisor K − 1). null for K = 1: one chip has no spread. */
  readonly std: number | null;
  /** std/√K. null for K = 1. */
  readonly standardError: number | null;
  readonly confidence: number;
  /**
   * Confidence interval of the mean over chips: mean ± t_{(1+c)/2, K−1}·std/√K (Student t, K − 1
   * degrees of freedom). null for K = 1: with one seed the chip-to-chip spread is unknown, so no
   * interval can be given.
   */
  readonly ci: Interval | null;
  /**
   * The interval widened by the test set's own sampling error, when `testSamples` was given (else
   * null; null for K = 1 as above). See summarizeSeeds.
   */
  readonly ciWithTestSampling: (Interval & { readonly dof: number }) | null;
}

export interface SummaryOptions {
  /** Confidence level of the intervals, in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** Size of the test set every seed was evaluated on; enables ciWithTestSampling. */
  readonly testSamples?: number;
}

/**
 * Mean, sample standard deviation and confidence interval of per-seed accuracies.
 *
 * Combining with the test set's sampling error: all seeds share one test set, so its sampling
 * error is common to every seed and does not show in the spread across seeds; `ci` therefore
 * answers "how good is this model on this test set, averaged over chips". For "on the data
 * distribution", `ciWithTestSampling` adds the binomial variance ā(1 − ā)/n of an n-sample
 * accuracy ā (an upper bound on the test-sampling variance of a mean over seeds, because averaging
 * each sample's correctness over seeds can only shrink its variance), treated as known (infinite
 * degrees of freedom), to the seed variance s²/K, and takes the degrees of freedom from the
 * Welch–Satterthwaite formula (JCGM 100:2008 "GUM", G.4.1):
 *   u² = s²/K + ā(1 − ā)/n,  ν = u⁴ / ((s²/K)² / (K − 1)),  interval ā ± t_{(1+c)/2, ν}·u.
 */
export function summarizeSeeds(accuracies: ArrayLike<number>, options: SummaryOptions = {}): SeedSummary {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new UserError('faults-confidence', `A confidence level must lie strictly between 0 and 1; got ${confidence}.`, { confidence });
  }
  const k = accuracies.length;
  if (k === 0) throw new UserError('faults-seeds', 'A Monte-Carlo summary needs at least one seed.');
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(accuracies[i])) {
      throw new UserError('faults-accuracy', `Seed ${i} has a non-finite accuracy ${accuracies[i]}.`, { index: i });
    }
  }
  const n = options.testSamples;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) {
    throw new UserError('faults-test-samples', `The number of test samples must be a whole number ≥ 1; got ${n}.`, { testSamples: n });
  }

  let sum = 0;
  for (let i = 0; i < k; i++) sum += accuracies[i];
  const mean = sum / k;
  if (k === 1) return { seeds: 1, mean, std: null, standardError: null, confidence, ci: null, ciWithTestSampling: null };

  // Two-pass variance: no cancellation between Σx² and (Σx)² when the spread is small.
  let ss = 0;
  for (let i = 0; i < k; i++) ss += (accuracies[i] - mean) ** 2;
  const std = Math.sqrt(ss / (k - 1));
  const standardError = std / Math.sqrt(k);
  const q = (1 + confidence) / 2;
  const half = studentTQuantile(q, k - 1) * standardError;
  const ci = { lo: mean - half, hi: mean + half };

  let ciWithTestSampling: SeedSummary['ciWithTestSampling'] = null;
  if (n !== undefined) {
    if (mean < 0 || mean > 1) {
      throw new UserError('faults-accuracy', `Accuracies must be fractions in [0, 1] to add test-set sampling error; the mean is ${mean}.`, { mean });
    }
    const seedVar = standardError ** 2;
    const u2 = seedVar + (mean * (1 - mean)) / n;
    const dof = seedVar === 0 ? Infinity : (u2 * u2) / ((seedVar * seedVar) / (k - 1));
    const h = studentTQuantile(q, dof) * Math.sqrt(u2);
    ciWithTestSampling = { lo: mean - h, hi: mean + h, dof };
  }
  return { seeds: k, mean, std, standardError, confidence, ci, ciWithTestSampling };
}

// Lanczos approximation of ln Γ (g = 7, 9 terms; the coefficients of Numerical Recipes 3rd ed.
// §6.1 / Godfrey), relative error ~1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x); // reflection
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for I_x(a, b) by the modified Lentz method (Numerical Recipes 3rd ed., §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b) (Numerical Recipes 3rd ed., §6.4). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with ν degrees of freedom: 1 − I_{ν/(ν+t²)}(ν/2, 1/2)/2 for t ≥ 0. */
export function studentTCdf(t: number, dof: number): number {
  if (dof === Infinity) return normalCdf(t);
  const tail = 0.5 * incompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t: the t with P(T ≤ t) = p, for any real ν > 0 (ν = Infinity: the normal
 * quantile). Solved by bisection on studentTCdf to full double precision, so there is no table to
 * run out of and non-integer ν (Welch–Satterthwaite) works.
 */
export function studentTQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1)) throw new UserError('faults-quantile', `A quantile level must lie strictly between 0 and 1; got ${p}.`, { p });
  if (!(dof > 0)) throw new UserError('faults-dof', `Degrees of freedom must be > 0; got ${dof}.`, { dof });
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, dof);
  let hi = 1;
  while (studentTCdf(hi, dof) < p) hi *= 2;
  let lo = hi > 1 ? hi / 2 : 0;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, dof) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
