/**
 * The numbers of a hardware profile as editable rows. Every number of a profile travels with its
 * source (`{ value, source }`, or `{ bits, value, source }` in a per-width table), so walking the
 * profile finds them all, including fields a later profile version adds.
 */
import type { HardwareProfile } from '../../../../src-shared/hardware-profile.js';

export type ProfilePath = readonly (string | number)[];

export interface ProfileNumber {
  /** Where it sits in the profile: ['memory', 'levels', 0, 'sizeBytes']. */
  readonly path: ProfilePath;
  /** The same, readable: levels by id, table entries by width ("memory.levels[wbuf].sizeBytes"). */
  readonly label: string;
  /** First part of the path: technology, compute, memory, sramVoltage, … */
  readonly section: string;
  readonly value: number;
  readonly source: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function elementLabel(item: unknown, index: number): string {
  if (isRecord(item) && typeof item.id === 'string') return item.id;
  if (isRecord(item) && typeof item.bits === 'number') return `${item.bits} bits`;
  return String(index);
}

export function profileNumbers(profile: HardwareProfile): ProfileNumber[] {
  const out: ProfileNumber[] = [];
  const walk = (node: unknown, path: (string | number)[], label: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...path, i], `${label}[${elementLabel(item, i)}]`));
      return;
    }
    if (!isRecord(node)) return;
    if (typeof node.value === 'number' && typeof node.source === 'string') {
      out.push({ path, label, section: String(path[0]), value: node.value, source: node.source });
      return;
    }
    for (const [key, child] of Object.entries(node)) walk(child, [...path, key], label ? `${label}.${key}` : key);
  };
  walk(profile, [], '');
  return out;
}

/** A copy of the profile with the number at `path` changed (its value or its source). */
export function withProfileNumber(profile: HardwareProfile, path: ProfilePath, patch: { readonly value?: unknown; readonly source?: string }): HardwareProfile {
  // A JSON copy: the profile may be one of Vue's reactive proxies, which structuredClone refuses.
  const copy = JSON.parse(JSON.stringify(profile)) as Record<string, unknown>;
  let node: unknown = copy;
  for (const part of path) node = (node as Record<string | number, unknown>)[part];
  Object.assign(node as Record<string, unknown>, patch);
  return copy as unknown as HardwareProfile;
}
