/**
 * Bit error rate of the voltage-scaled SRAM at v = V/Vmin, from a profile's curve. The formulas
 * are the fault engine's (workers/engine/faults/ber-curve.ts), so the BER a cost report states is
 * the one faults are injected at; the profile only supplies its own parameters.
 */
import type { BerCurve } from '../../src-shared/hardware-profile.js';
import { measuredBerCurve, normalCdf } from '../engine/faults/ber-curve.js';

/** Lowest v with measured data (Chandramoorthy et al. via Stutz et al.); below it the curve is extrapolated. */
export const LOWEST_MEASURED_V = 0.75;

/** BER at v: probit Φ((mu − v)/sigma), 0 for v ≥ 1; measured: the fault engine's log-linear table curve. */
export function berAt(curve: BerCurve, v: number): number {
  if (curve.kind === 'probit') {
    if (v >= 1) return 0;
    return normalCdf((curve.mu.value - v) / curve.sigma.value);
  }
  return measuredBerCurve(curve.points)(v);
}

/** Whether v lies below the data the curve rests on (probit: below 0.75; measured: below the table). */
export function berExtrapolated(curve: BerCurve, v: number): boolean {
  if (curve.kind === 'probit') return v < LOWEST_MEASURED_V;
  return v < Math.min(...curve.points.map((p) => p.v));
}
