import { describe, expect, it } from 'vitest';
import {
  adderEnergyPj,
  dynamicVoltageScale,
  effectiveMulBits,
  leakageVoltageScale,
  multiplierEnergyPj,
  nodeEnergyScale,
  sramEnergyPerBitPj,
} from '../../workers/cost/energy-formulas.js';
import { berAt, berExtrapolated } from '../../workers/cost/ber.js';

describe('per-op energy formulas (V1)', () => {
  it('QTools multiplier gives Horowitz 0.2 pJ at 8 bit and 3.1 pJ at 32 bit', () => {
    expect(multiplierEnergyPj(8)).toBeCloseTo(0.2, 3);
    expect(multiplierEnergyPj(32)).toBeCloseTo(3.1, 3);
  });
  it('adder gives Horowitz 0.03 pJ at 8 bit and 0.1 pJ at 32 bit', () => {
    expect(adderEnergyPj(8)).toBeCloseTo(0.025, 6);
    expect(Math.abs(adderEnergyPj(8) - 0.03) / 0.03).toBeLessThan(0.2);
    expect(adderEnergyPj(32)).toBeCloseTo(0.1, 6);
  });
  it('unequal operands are charged at √(b_a·b_w)', () => {
    expect(effectiveMulBits(8, 2)).toBe(4);
    expect(multiplierEnergyPj(effectiveMulBits(8, 2))).toBeCloseTo(0.002995 * 16 + 0.001042 * 4, 9);
  });
  it('SRAM per 64-bit read: 8 KB 10 pJ, 32 KB 20 pJ, 1 MB within 13 % of 100 pJ', () => {
    expect(64 * sramEnergyPerBitPj(8 * 1024)).toBeCloseTo(10, 6);
    expect(64 * sramEnergyPerBitPj(32 * 1024)).toBeCloseTo(20, 6);
    const mb = 64 * sramEnergyPerBitPj(1024 * 1024);
    expect(Math.abs(mb - 100) / 100).toBeLessThan(0.14);
    expect(mb).toBeGreaterThan(100);
  });
  it('node scaling reproduces Stillmaker & Baas 45 → 14 nm ×0.14 and is the identity at the same node', () => {
    expect(nodeEnergyScale(45, 14)).toBeCloseTo(0.14, 10);
    expect(nodeEnergyScale(45, 45)).toBe(1);
    expect(nodeEnergyScale(45, 22) * nodeEnergyScale(22, 45)).toBeCloseTo(1, 12);
  });
  it('voltage scaling: dynamic (V/Vnom)², leakage (V/Vnom)³', () => {
    expect(dynamicVoltageScale(0.8, 0.9)).toBeCloseTo((0.8 / 0.9) ** 2, 12);
    expect(leakageVoltageScale(0.8, 0.9)).toBeCloseTo((0.8 / 0.9) ** 3, 12);
    expect(leakageVoltageScale(0.45, 0.9, 4)).toBeCloseTo(1 / 16, 12);
  });
});

describe('BER curve from a profile', () => {
  const probit = { kind: 'probit' as const, mu: { value: 0.7056, source: 's' }, sigma: { value: 0.0552, source: 's' } };
  it('probit is 0 at and above Vmin and matches the measured points within 1.3×', () => {
    expect(berAt(probit, 1)).toBe(0);
    expect(berAt(probit, 1.125)).toBe(0);
    const measured: [number, number][] = [
      [0.75, 0.2056],
      [0.833, 0.01115],
      [0.917, 6.87e-5],
      [0.958, 1.91e-6],
    ];
    for (const [v, p] of measured) {
      const r = berAt(probit, v) / p;
      expect(r).toBeGreaterThan(1 / 1.3);
      expect(r).toBeLessThan(1.3);
    }
    expect(berExtrapolated(probit, 0.7)).toBe(true);
    expect(berExtrapolated(probit, 0.8)).toBe(false);
  });
  it('measured curves interpolate log-linearly between points', () => {
    const curve = { kind: 'measured' as const, source: 's', points: [{ v: 0.8, ber: 1e-2 }, { v: 0.9, ber: 1e-4 }, { v: 1, ber: 0 }] };
    expect(berAt(curve, 0.85)).toBeCloseTo(1e-3, 9);
    expect(berAt(curve, 1)).toBe(0);
  });
});
