import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import type { HardwareProfile } from '../../src-shared/hardware-profile.js';
import { estimateCost, type CostLayerInput } from '../../workers/cost/cost-model.js';
import { accessEnergyPerBitPj, macEnergyPj } from '../../workers/cost/mac-model.js';
import { loadHardwareProfile } from '../../workers/cost/profiles.js';

const gemm = (over: Partial<CostLayerInput> = {}): CostLayerInput => ({
  name: 'fc',
  op: 'Gemm',
  macs: 1000,
  weightParams: 1000,
  weightBits: 8,
  inputBits: 8,
  outputBits: 8,
  weightSparsity: 0,
  inputElements: 100,
  outputElements: 10,
  weightStoredBytes: 1000,
  storageFormat: 'dense',
  ...over,
});

const clone = (p: HardwareProfile): HardwareProfile => structuredClone(p);

describe('bit-serial profile, hand-computed', () => {
  const p = loadHardwareProfile('bit-serial');
  const r = estimateCost(p, { layers: [gemm()], activationPeakBytes: 110 });
  const l = r.layers[0];

  it('compute: 16 bricks × 0.014 pJ + 24 × 0.003125 pJ per 8×8 MAC; 1 MAC/cycle per unit over 512 units', () => {
    expect(l.energy.computeJ).toBeCloseTo(1000 * 0.299e-12, 20);
    expect(l.cycles.compute).toBeCloseTo(1000 / 512, 12);
  });
  it('memory: 128 KiB arrays at 0.3125·√4 = 0.625 pJ/bit; weights once from wbuf, activations once from abuf', () => {
    expect(l.energy.memoryJ.wbuf).toBeCloseTo(8000 * 0.625e-12, 20);
    expect(l.energy.memoryJ.abuf).toBeCloseTo(880 * 0.625e-12, 20);
    expect(l.cycles.memoryByLevel.wbuf).toBeCloseTo(1000 / 64, 12);
    expect(l.cycles.memory).toBeCloseTo(1000 / 64, 12);
    expect(l.bound).toBe('memory');
    expect(l.cycles.total).toBeCloseTo(1000 / 64, 12);
  });
  it('leakage: (2 + 1.28 + 1.28) mW × latency; totals add up', () => {
    expect(l.energy.leakageJ).toBeCloseTo((0.00456 * (1000 / 64)) / 5e8, 20);
    const sum = l.energy.computeJ + l.energy.memoryJ.wbuf + l.energy.memoryJ.abuf + l.energy.leakageJ;
    expect(r.totals.energyPerInferenceJ).toBeCloseTo(sum, 20);
    expect(r.totals.latencySeconds).toBeCloseTo(1000 / 64 / 5e8, 20);
    expect(r.memory.fits).toEqual({ weights: true, activations: true });
    expect(r.voltage).toMatchObject({ vdd: 0.9, v: 0.9 / 0.8, ber: 0, weightsOnScaledRail: true });
  });
});

describe('V6 ratios', () => {
  it('bit-serial: 8×8 vs 2×2 MAC costs 0.299/0.089 pJ and 16× the cycles', () => {
    const p = loadHardwareProfile('bit-serial');
    const e8 = macEnergyPj(p, { weightBits: 8, activationBits: 8 });
    const e2 = macEnergyPj(p, { weightBits: 2, activationBits: 2 });
    expect(e8).toBeCloseTo(0.299, 6);
    expect(e2).toBeCloseTo(0.089, 6);
    const c = (b: number) => estimateCost(p, { layers: [gemm({ weightBits: b, inputBits: b })], activationPeakBytes: 0 }).layers[0].cycles.compute;
    expect(c(8) / c(2)).toBeCloseTo(16, 12);
  });
  it('XNOR accelerator: binary is 1/11.6 of int8 in compute energy', () => {
    const p = loadHardwareProfile('xnor-binary');
    const e = (b: number) => estimateCost(p, { layers: [gemm({ weightBits: b, inputBits: b })], activationPeakBytes: 0 }).totals.energy.computeJ;
    expect(e(8) / e(1)).toBeCloseTo(405 / 35, 10);
    expect(e(8) / e(1)).toBeCloseTo(11.6, 1);
    // 4-bit runs in the 8-bit mode (the next supported width).
    expect(e(4)).toBeCloseTo(e(8), 20);
  });
  it('MCU: binary is 3.8× cheaper than int8; 4-bit +30 %, 2-bit +36 % (Rusci et al.)', () => {
    const p = loadHardwareProfile('cortex-m7');
    const run = (b: number) => estimateCost(p, { layers: [gemm({ weightBits: b, inputBits: b })], activationPeakBytes: 0 }).layers[0];
    expect(run(8).energy.computeJ / run(1).energy.computeJ).toBeCloseTo(3.8, 10);
    expect(run(8).cycles.compute / run(1).cycles.compute).toBeCloseTo(3.8, 10);
    expect(run(4).energy.computeJ / run(8).energy.computeJ).toBeCloseTo(1.3, 10);
    expect(run(2).energy.computeJ / run(8).energy.computeJ).toBeCloseTo(1.36, 10);
    expect(run(8).energy.computeJ).toBeCloseTo(1000 * 330e-12, 18);
  });
});

describe('V5: MCU footprint', () => {
  const p = loadHardwareProfile('cortex-m7');
  it('activation RAM = liveness peak + 24 B per tensor + 56 B per op; weights in flash', () => {
    const r = estimateCost(p, { layers: [gemm(), gemm({ name: 'fc2' })], activationPeakBytes: 279_511, tensorCount: 9, opCount: 4 });
    expect(r.memory.activationBytes).toBe(279_511 + 9 * 24 + 4 * 56);
    expect(r.memory.activationOverheadBytes).toBe(440);
    expect(r.memory.weightsLevel).toBe('flash');
    expect(r.memory.levels.find((l) => l.id === 'flash')!.usedBytes).toBe(2000);
    expect(r.memory.levels.find((l) => l.id === 'sram')!.usedBytes).toBe(279_951);
  });
  it('defaults count the graph input, each output, and weight + bias tensors', () => {
    const r = estimateCost(p, { layers: [gemm(), { ...gemm({ name: 'relu', op: 'Relu', macs: 0, weightParams: 0, weightStoredBytes: 0 }) }], activationPeakBytes: 1000 });
    expect(r.memory.activationOverheadBytes).toBe((1 + 3 + 1) * 24 + 2 * 56);
  });
  it('reports, without throwing, weights that do not fit', () => {
    const r = estimateCost(p, { layers: [gemm({ weightStoredBytes: 3_000_000 })], activationPeakBytes: 100 });
    expect(r.memory.fits).toEqual({ weights: false, activations: true });
    expect(r.warnings.join(' ')).toMatch(/do not fit in "flash"/);
  });
  it('weights can be placed in SRAM when the profile says so', () => {
    const q = clone(p);
    q.memory.weightsLevel = 'sram';
    const r = estimateCost(q, { layers: [gemm()], activationPeakBytes: 100, tensorCount: 0, opCount: 0 });
    expect(r.memory.levels.find((l) => l.id === 'sram')!.usedBytes).toBe(1100);
  });
});

describe('spatial array (Eyeriss ratios)', () => {
  const p = loadHardwareProfile('eyeriss-int8');
  it('access energy per bit is ratio × the 16-bit MAC energy / 16', () => {
    const mac16 = 0.002995 * 256 + 0.001042 * 16 + 0.003125 * 32;
    const dram = p.memory.levels.find((l) => l.id === 'dram')!;
    expect(accessEnergyPerBitPj(p, dram.access, dram.sizeBytes?.value)).toBeCloseTo((200 * mac16) / 16, 10);
  });
  it('RF sees weight, input and two partial-sum accesses per MAC; DRAM the stored weights once', () => {
    const r = estimateCost(p, { layers: [gemm()], activationPeakBytes: 110 });
    const mac16 = 0.002995 * 256 + 0.001042 * 16 + 0.003125 * 32;
    const rfBits = 1000 * (8 + 8 + 2 * 32) + 10 * 8;
    expect(r.layers[0].energy.memoryJ.rf).toBeCloseTo((rfBits * mac16 * 1e-12) / 16, 18);
    expect(r.layers[0].energy.memoryJ.dram).toBeCloseTo((8000 * 200 * mac16 * 1e-12) / 16, 18);
    expect(r.voltage.vdd).toBeNull();
  });
  it('zero-skipping gates MACs with a zero weight or input: energy falls, cycles do not', () => {
    const dense = estimateCost(p, { layers: [gemm()], activationPeakBytes: 0 }).layers[0];
    const sparse = estimateCost(p, { layers: [gemm({ weightSparsity: 0.5, inputZeroFraction: 0.5 })], activationPeakBytes: 0 }).layers[0];
    expect(sparse.energyMacs).toBe(250);
    expect(sparse.energy.computeJ).toBeCloseTo(dense.energy.computeJ / 4, 20);
    expect(sparse.cycles.compute).toBe(dense.cycles.compute);
    const noSkip = estimateCost(loadHardwareProfile('bit-serial'), { layers: [gemm({ weightSparsity: 0.5 })], activationPeakBytes: 0 }).layers[0];
    expect(noSkip.energyMacs).toBe(1000);
  });
  it('binary and ternary weights cost QTools gates on the adder, not a multiplier', () => {
    const add8 = 0.003125 * 8;
    const acc = 0.003125 * 32;
    expect(macEnergyPj(p, { weightBits: 1, activationBits: 8 })).toBeCloseTo(0.3 * add8 + acc, 12);
    expect(macEnergyPj(p, { weightBits: 2, activationBits: 8, weightKind: 'ternary' })).toBeCloseTo(0.6 * add8 + acc, 12);
    expect(macEnergyPj(p, { weightBits: null, activationBits: 8 })).toBeCloseTo(4.6, 12);
  });
});

describe('SRAM voltage scaling', () => {
  const p = loadHardwareProfile('xnor-binary');
  const layers = [gemm({ weightBits: 1, inputBits: 1, weightStoredBytes: 200 })];
  it('energy falls with Vdd; the voltage-scaled level scales by (V/Vnom)², leakage by (V/Vnom)³', () => {
    const hi = estimateCost(p, { layers, activationPeakBytes: 0, vdd: 0.9 });
    const lo = estimateCost(p, { layers, activationPeakBytes: 0, vdd: 0.72 });
    expect(lo.totals.energyPerInferenceJ).toBeLessThan(hi.totals.energyPerInferenceJ);
    expect(lo.totals.energy.memoryJ.wmem / hi.totals.energy.memoryJ.wmem).toBeCloseTo(0.64, 12);
    expect(lo.totals.energy.memoryJ.dmem).toBeCloseTo(hi.totals.energy.memoryJ.dmem, 20);
    expect(lo.voltage.v).toBeCloseTo(0.9, 12);
    expect(lo.voltage.leakageScale).toBeCloseTo(0.512, 12);
    expect(lo.voltage.ber).toBeGreaterThan(1e-4);
    expect(lo.voltage.ber).toBeLessThan(1e-3);
    expect(lo.totals.latencyCycles).toBe(hi.totals.latencyCycles);
  });
  it('SECDED on the top bits adds 12.5 % of the protected bits to storage and traffic', () => {
    const r = estimateCost(p, { layers: [gemm({ weightStoredBytes: 1000 })], activationPeakBytes: 0, protectMsb: 2 });
    const plain = estimateCost(p, { layers: [gemm({ weightStoredBytes: 1000 })], activationPeakBytes: 0 });
    expect(r.memory.protectionBytes).toBeCloseTo(1000 * (2 / 8) * (8 / 64), 12);
    expect(r.totals.energy.memoryJ.wmem / plain.totals.energy.memoryJ.wmem).toBeCloseTo(1 + (2 / 8) * 0.125, 12);
  });
  it('hardened cells read the protected share at nominal voltage × their energy factor', () => {
    const b = loadHardwareProfile('bit-serial');
    const at = (protectMsb: number) => estimateCost(b, { layers: [gemm()], activationPeakBytes: 0, vdd: 0.8, protectMsb }).totals.energy.memoryJ.wbuf;
    const s = (0.8 / 0.9) ** 2;
    expect(at(4) / at(0)).toBeCloseTo((0.5 * s + 0.5 * 1.3) / s, 12);
    const r = estimateCost(b, { layers: [gemm()], activationPeakBytes: 0, protectMsb: 4 });
    expect(r.memory.protectionBytes).toBeCloseTo(1000 * 0.5 * 0.3, 12);
  });
  it('vdd on a profile without scaled SRAM only warns; nonsense vdd throws', () => {
    const r = estimateCost(loadHardwareProfile('cortex-m7'), { layers, activationPeakBytes: 0, vdd: 0.7 });
    expect(r.warnings.join(' ')).toMatch(/no voltage-scaled SRAM/);
    expect(() => estimateCost(p, { layers, activationPeakBytes: 0, vdd: -1 })).toThrow(UserError);
  });
});

describe('entropy decoder', () => {
  const p = loadHardwareProfile('bit-serial');
  const coded = gemm({ storageFormat: 'coded', weightStoredBytes: 300, decoder: { symbols: 1000, cyclesPerSymbol: 2, tableBytes: 512 } });
  it('adds symbols × cycles/symbol / parallelism cycles after the roofline, at the decoder energy per cycle', () => {
    const r = estimateCost(p, { layers: [coded], activationPeakBytes: 0 });
    const l = r.layers[0];
    expect(l.cycles.decoder).toBe(500);
    expect(l.energy.decoderJ).toBeCloseTo(500 * 2e-12, 20);
    expect(l.cycles.total).toBeCloseTo(Math.max(l.cycles.compute, l.cycles.memory) + 500, 12);
    expect(r.memory.decoderTableBytes).toBe(512);
    expect(r.memory.levels.find((x) => x.id === 'wbuf')!.usedBytes).toBe(812);
  });
  it('a profile without decoder figures refuses coded layers with a UserError', () => {
    const q = clone(p);
    delete (q as { decoder?: unknown }).decoder;
    expect(() => estimateCost(q, { layers: [coded], activationPeakBytes: 0 })).toThrow(/no "decoder" figures/);
  });
});

describe('input validation', () => {
  it('rejects negative or non-finite counts', () => {
    const p = loadHardwareProfile('bit-serial');
    expect(() => estimateCost(p, { layers: [gemm({ macs: NaN })], activationPeakBytes: 0 })).toThrow(/fc\.macs/);
    expect(() => estimateCost(p, { layers: [gemm({ weightSparsity: 1.5 })], activationPeakBytes: 0 })).toThrow(/weightSparsity/);
  });
});
