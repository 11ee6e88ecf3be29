/**
 * Text formatting shared by the report writers: HTML escaping and the units the reader expects
 * (bytes with separators, energy in SI prefixes, accuracy in percent). Written by hand rather than
 * with `toLocaleString`, whose output depends on the ICU data and locale of the machine: the same
 * project must give the same report everywhere.
 */
import type { DeployConfig } from '../../../src-shared/deploy-config.js';
import type { DeployTarget } from '../../../src-shared/deploy-target.js';

/** No-break space between a number and its unit, so table cells never wrap "12 kB" apart. */
export const NBSP = '\u00a0';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** An integer with thousands separators: 1,234,567. */
export function groupDigits(n: number): string {
  const sign = n < 0 ? '-' : '';
  const s = String(Math.round(Math.abs(n)));
  return sign + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number to `digits` significant digits, without trailing zeros or exponent for usual magnitudes. */
export function sig(n: number, digits = 4): string {
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 1e-4 && a < 1e9) return String(Number(n.toPrecision(digits)));
  return n.toExponential(digits - 1);
}

export function formatBytes(n: number | null): string {
  if (n === null) return '–';
  return `${groupDigits(n)}${NBSP}B`;
}

/** 12.3 kB (decimal prefixes, so a log axis reads 1 kB, 10 kB, 100 kB), for axis labels. */
export function formatBytesShort(n: number): string {
  return formatSi(n, 'B');
}

const SI = [
  { f: 1e9, p: 'G' },
  { f: 1e6, p: 'M' },
  { f: 1e3, p: 'k' },
  { f: 1, p: '' },
  { f: 1e-3, p: 'm' },
  { f: 1e-6, p: 'µ' },
  { f: 1e-9, p: 'n' },
  { f: 1e-12, p: 'p' },
  { f: 1e-15, p: 'f' },
];

/** A quantity with an SI prefix (G … f): 3.21 µJ, 12.5 kB. */
export function formatSi(n: number | null, unit: string, digits = 3): string {
  if (n === null) return '–';
  if (n === 0) return `0${NBSP}${unit}`;
  const a = Math.abs(n);
  const s = SI.find((x) => a >= x.f) ?? SI[SI.length - 1];
  return `${sig(n / s.f, digits)}${NBSP}${s.p}${unit}`;
}

export function formatJoules(n: number | null): string {
  return formatSi(n, 'J');
}

/** A fraction as a percentage: 0.9712 → 97.12 %. */
export function formatPercent(x: number | null, decimals = 2): string {
  if (x === null) return '–';
  return `${(100 * x).toFixed(decimals)}${NBSP}%`;
}

export function formatCount(n: number | null): string {
  return n === null ? '–' : groupDigits(n);
}

export function formatNumber(n: number | null, digits = 4): string {
  return n === null ? '–' : sig(n, digits);
}

/** "float" or "4". */
export function bitsLabel(bits: number | null): string {
  return bits === null ? 'float' : String(bits);
}

/** The named-layer overrides of a config, e.g. "conv1: w4; fc3: w8". */
export function layerOverridesLabel(config: DeployConfig): string {
  const parts = Object.entries(config.layers).map(([name, o]) => {
    const fields = Object.entries(o)
      .map(([k, v]) => `${k}=${v === null ? 'float' : String(v)}`)
      .join(', ');
    return `${name}: ${fields}`;
  });
  return parts.join('; ');
}

/** A one-line summary of a design point, for tables and lists. */
export function pointLabel(config: DeployConfig, target: DeployTarget): string {
  const parts = [
    `w${bitsLabel(config.weightBits)}/a${bitsLabel(config.activationBits)}`,
    `${config.weightQuantizer}/${config.granularity}`,
  ];
  if (config.pruneRatio > 0) parts.push(`prune ${sig(config.pruneRatio, 3)} ${config.pruneKind}`);
  if (target.vdd !== null) parts.push(`${target.vdd} V`);
  if (target.coding !== 'none') parts.push(target.coding);
  parts.push(target.hardware);
  const overrides = Object.keys(config.layers).length;
  if (overrides > 0) parts.push(`+${overrides} layer override${overrides > 1 ? 's' : ''}`);
  return parts.join(' · ');
}
