/**
 * Per-operation energy formulas the cost model scales its published figures with. Pure numbers in
 * picojoules; sources next to each constant and in docs/cost-models.md.
 */

/** QKeras QTools multiplier coefficients (google/qkeras, qtools/settings.py; fit to Horowitz ISSCC 2014, 45 nm, 0.9 V). */
export const QTOOLS_MUL_QUAD_PJ = 0.002995;
export const QTOOLS_MUL_LIN_PJ = 0.001042;
/** QTools adder: 0.003125 pJ per bit (Horowitz: 8-bit add 0.03 pJ, 32-bit 0.1 pJ). */
export const QTOOLS_ADD_PER_BIT_PJ = 0.003125;
/** QTools DRAM: 20.3125 pJ per bit (google/qkeras qtools/settings.py). */
export const QTOOLS_DRAM_PJ_PER_BIT = 20.3125;
/** E_bit(32 KiB) in E_bit(S) = 0.3125·√(S/32 KiB) pJ: Horowitz' 20 pJ per 64-bit read of a 32 KB array. */
export const SRAM_PJ_PER_BIT_AT_32KB = 0.3125;
export const SRAM_REFERENCE_BYTES = 32 * 1024;

/**
 * The operand width QTools charges a multiplier for: √(b_a·b_w), so unequal operands cost between
 * the two square widths (qkeras multiplier_impl.py, FixedPointMultiplier.gate_bits).
 */
export function effectiveMulBits(activationBits: number, weightBits: number): number {
  return Math.sqrt(activationBits * weightBits);
}

/** Integer multiplier energy (pJ, 45 nm): 0.002995·b² + 0.001042·b. */
export function multiplierEnergyPj(bits: number, quad = QTOOLS_MUL_QUAD_PJ, lin = QTOOLS_MUL_LIN_PJ): number {
  return quad * bits * bits + lin * bits;
}

/** Integer adder energy (pJ, 45 nm): 0.003125·b. */
export function adderEnergyPj(bits: number, perBit = QTOOLS_ADD_PER_BIT_PJ): number {
  return perBit * bits;
}

/**
 * SRAM read energy per bit of an array of `sizeBytes` (pJ, 45 nm): 0.3125·√(S/32 KiB). Derived
 * from Horowitz' 8 KB / 32 KB / 1 MB points (10 / 20 / 100 pJ per 64 bit), which it reproduces
 * within 13 % (REFERENCE-FIGURES §1 [D]); the √size form is the usual wire-length argument.
 */
export function sramEnergyPerBitPj(sizeBytes: number, atReference = SRAM_PJ_PER_BIT_AT_32KB): number {
  return atReference * Math.sqrt(sizeBytes / SRAM_REFERENCE_BYTES);
}

/**
 * Exponent of the node-scaling power law E ∝ node^k, fixed by Stillmaker & Baas' 45 → 14 nm
 * energy factor ×0.14: k = ln 0.14 / ln(14/45) ≈ 1.684. Using one power law for every pair of
 * nodes is an assumption (the published tables are not a single power law).
 */
export const NODE_SCALING_EXPONENT = Math.log(0.14) / Math.log(14 / 45);

/** Factor that turns an energy at `fromNm` into one at `toNm`. */
export function nodeEnergyScale(fromNm: number, toNm: number): number {
  if (fromNm === toNm) return 1;
  return Math.pow(toNm / fromNm, NODE_SCALING_EXPONENT);
}

/** Dynamic (switching) energy factor at supply v relative to vnom: (v/vnom)^exponent, exponent 2 (C·V²). */
export function dynamicVoltageScale(v: number, vnom: number, exponent = 2): number {
  return Math.pow(v / vnom, exponent);
}

/** Leakage power factor at supply v relative to vnom: (v/vnom)^exponent, exponent 3 by assumption (2–4 seen). */
export function leakageVoltageScale(v: number, vnom: number, exponent = 3): number {
  return Math.pow(v / vnom, exponent);
}
