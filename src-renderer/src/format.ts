/** How numbers read in the views: plain, short, with units. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInteger(n: number): string {
  return integer.format(n);
}

/** "12,345 B", "41.2 KiB", "3.10 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${formatInteger(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toPrecision(3)} KiB`;
  return `${(n / (1024 * 1024)).toPrecision(3)} MiB`;
}

/** A fraction 0..1 as "91.23 %". */
export function formatPercent(fraction: number, digits = 2): string {
  return `${(100 * fraction).toFixed(digits)} %`;
}

/** "42 s", "3 min 05 s", "1 h 02 min"; "—" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Energy in the unit that keeps 3 significant digits readable: "1.23 µJ". */
export function formatJoules(j: number): string {
  const units: [number, string][] = [
    [1, 'J'],
    [1e-3, 'mJ'],
    [1e-6, 'µJ'],
    [1e-9, 'nJ'],
    [1e-12, 'pJ'],
  ];
  for (const [scale, unit] of units) if (Math.abs(j) >= scale) return `${(j / scale).toPrecision(3)} ${unit}`;
  return `${j.toExponential(2)} J`;
}

/** "[1, 16, 28, 28]"; symbolic dims by name. */
export function formatShape(dims: readonly (number | string | null)[]): string {
  return `[${dims.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
