/**
 * The assumptions of a hardware profile as a flat list a report can print.
 *
 * The product promises that every memory and energy figure rests on visible assumptions; a
 * profile already pairs each number with its source (hardware-profile.ts), so the report lists
 * them all rather than a hand-picked few — a reader checking one energy number must be able to find
 * every input of it. The list is derived by walking the profile, so a field added to the profile
 * schema later appears in reports without touching this file.
 */
import type { BerCurve, HardwareProfile } from '../../../src-shared/hardware-profile.js';
import { LOWEST_MEASURED_V } from '../../../workers/cost/ber.js';

/** One number of a profile with the place it came from. */
export interface ProfileFact {
  /** Where it sits in the profile, readable: `memory.levels[wbuf].sizeBytes`. */
  readonly field: string;
  readonly value: number;
  readonly source: string;
}

/** How a report found the profile a point names. */
export type ProfileOrigin = 'embedded' | 'built-in' | 'missing';

export interface ProfileSummary {
  readonly id: string;
  readonly origin: ProfileOrigin;
  /** Why the profile could not be read (origin `missing`). */
  readonly problem: string | null;
  readonly name: string | null;
  readonly kind: string | null;
  readonly description: string | null;
  /** The non-numeric choices: weights/activation levels, models of each part, zero skipping. */
  readonly settings: readonly { readonly field: string; readonly value: string }[];
  readonly facts: readonly ProfileFact[];
  /** One sentence describing the SRAM bit-error-rate curve, or null when the profile has no voltage model. */
  readonly berCurve: string | null;
  /** Evaluated (current) points that ran on this profile. */
  readonly points: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Readable name of an array element: a level by its id, a bits-table entry by its width. */
function elementLabel(item: unknown, index: number): string {
  if (isRecord(item)) {
    if (typeof item.id === 'string') return item.id;
    if (typeof item.bits === 'number') return `${item.bits} bits`;
  }
  return String(index);
}

function walk(node: unknown, path: string, facts: ProfileFact[], settings: { field: string; value: string }[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}[${elementLabel(item, i)}]`, facts, settings));
    return;
  }
  if (!isRecord(node)) return;
  // A sourced number: { value, source }, or a bits-table entry { bits, value, source }.
  if (typeof node.value === 'number' && typeof node.source === 'string') {
    facts.push({ field: path, value: node.value, source: node.source });
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    const childPath = path ? `${path}.${key}` : key;
    if (typeof child === 'string' || typeof child === 'boolean') {
      // `model`, `kind`, traffic kinds, level names: the choices the numbers plug into. Ids are
      // already in the path; a table's `source` is in the BER sentence.
      if (key !== 'source' && key !== 'id') settings.push({ field: childPath, value: String(child) });
    } else {
      walk(child, childPath, facts, settings);
    }
  }
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** A sentence describing a BER curve with its parameters and sources. */
export function describeBerCurve(curve: BerCurve, vmin: number): string {
  if (curve.kind === 'probit') {
    return (
      `Probit curve: a bit cell fails with probability p(v) = Φ((μ − v)/σ) at v = Vdd/Vmin, no failures for v ≥ 1 (Vdd ≥ ${fmt(vmin)} V); ` +
      `μ = ${fmt(curve.mu.value)} (${curve.mu.source}), σ = ${fmt(curve.sigma.value)} (${curve.sigma.source}). ` +
      `Below v = ${LOWEST_MEASURED_V} the curve is an extrapolation beyond the measured data.`
    );
  }
  const pts = curve.points;
  return (
    `Measured table of ${pts.length} points (v = Vdd/Vmin from ${fmt(pts[0].v)} to ${fmt(pts[pts.length - 1].v)}, BER from ${pts[0].ber.toExponential(2)} to ${pts[pts.length - 1].ber.toExponential(2)}), ` +
    `interpolated log-linearly; source: ${curve.source}. Below v = ${fmt(pts[0].v)} the curve is extrapolated.`
  );
}

/** The summary of a profile that was found. */
export function summarizeProfile(profile: HardwareProfile, origin: Exclude<ProfileOrigin, 'missing'>, points: number): ProfileSummary {
  const facts: ProfileFact[] = [];
  const settings: { field: string; value: string }[] = [];
  const { format: _f, version: _v, id: _i, name: _n, description: _d, kind: _k, ...rest } = profile;
  walk(rest, '', facts, settings);
  return {
    id: profile.id,
    origin,
    problem: null,
    name: profile.name,
    kind: profile.kind,
    description: profile.description ?? null,
    settings,
    facts,
    berCurve: profile.sramVoltage ? describeBerCurve(profile.sramVoltage.ber, profile.sramVoltage.vmin.value) : null,
    points,
  };
}

/** The summary of a profile a point names that could not be read. */
export function missingProfile(id: string, problem: string, points: number): ProfileSummary {
  return { id, origin: 'missing', problem, name: null, kind: null, description: null, settings: [], facts: [], berCurve: null, points };
}
