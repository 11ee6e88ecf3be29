/**
 * How each axis of the design space is edited: its label, whether its values are picked from a
 * list or typed, and how a typed value is read. Pure, so it is tested without a DOM; the values
 * themselves are validated by the backend's preview against the project schema.
 */
import { GRANULARITIES, PRUNE_KINDS, QUANTIZERS } from '../../../../src-shared/deploy-config.js';
import { CODING_METHODS, STORAGE_FORMATS } from '../../../../src-shared/deploy-target.js';
import type { DesignAxes, LayerAxes } from '../../../../src-shared/design-space.js';

export type GlobalAxisKey = Exclude<keyof DesignAxes, 'layers'>;
export type LayerAxisKey = keyof LayerAxes;

/** A value an axis holds: a number, a choice, or null (float / nominal supply). */
export type AxisValue = number | string | boolean | null;

export type AxisDefinition =
  | {
      readonly key: GlobalAxisKey;
      readonly label: string;
      readonly help: string;
      readonly input: 'choices';
      /** The choices; `hardware` gets the open project's profile ids instead. */
      readonly choices: readonly AxisValue[];
    }
  | {
      readonly key: GlobalAxisKey;
      readonly label: string;
      readonly help: string;
      readonly input: 'typed';
      /** The word that stands for null, if null is allowed ("float", "nominal"). */
      readonly nullWord: string | null;
      readonly integer: boolean;
      readonly placeholder: string;
    };

export const GLOBAL_AXES: readonly AxisDefinition[] = [
  { key: 'weightBits', label: 'Weight bits', help: 'Bits per stored weight (1–16), or "float".', input: 'typed', nullWord: 'float', integer: true, placeholder: 'e.g. 4 or float' },
  { key: 'activationBits', label: 'Activation bits', help: 'Bits per activation (1–16), or "float".', input: 'typed', nullWord: 'float', integer: true, placeholder: 'e.g. 8 or float' },
  { key: 'weightQuantizer', label: 'Weight quantizer', help: 'How weights are mapped to levels.', input: 'choices', choices: QUANTIZERS },
  { key: 'activationQuantizer', label: 'Activation quantizer', help: 'How activations are mapped to levels.', input: 'choices', choices: QUANTIZERS },
  { key: 'granularity', label: 'Granularity', help: 'One scale per output channel, or per tensor.', input: 'choices', choices: GRANULARITIES },
  { key: 'pruneRatio', label: 'Pruning ratio', help: 'Fraction of weights removed, 0–1.', input: 'typed', nullWord: null, integer: false, placeholder: 'e.g. 0.5' },
  { key: 'pruneKind', label: 'Pruning kind', help: 'Single weights, or whole filters.', input: 'choices', choices: PRUNE_KINDS },
  { key: 'hardware', label: 'Hardware profile', help: 'Profiles of the Hardware view (built-in or embedded in the project).', input: 'choices', choices: [] },
  { key: 'vdd', label: 'SRAM supply Vdd (V)', help: 'Supply of the voltage-scaled SRAM in volts, or "nominal".', input: 'typed', nullWord: 'nominal', integer: false, placeholder: 'e.g. 0.7' },
  { key: 'coding', label: 'Weight coding', help: 'Entropy coding of the stored weights.', input: 'choices', choices: CODING_METHODS },
  { key: 'storage', label: 'Storage format', help: 'Dense, sparse, or the smallest per layer.', input: 'choices', choices: STORAGE_FORMATS },
  { key: 'protectMsb', label: 'Protected MSBs', help: 'Top bits of each weight word that never fail (0–16).', input: 'typed', nullWord: null, integer: true, placeholder: 'e.g. 1' },
];

/** The axes a layer may override (fields of a layer override). */
export const LAYER_AXIS_KEYS: readonly LayerAxisKey[] = ['weightBits', 'activationBits', 'weightQuantizer', 'activationQuantizer', 'granularity', 'pruneRatio', 'pruneKind'];

export function axisDefinition(key: GlobalAxisKey): AxisDefinition {
  return GLOBAL_AXES.find((a) => a.key === key)!;
}

/** A typed value read for an axis, or the sentence saying why it cannot be. */
export function parseTypedValue(def: Extract<AxisDefinition, { input: 'typed' }>, text: string): { value: AxisValue } | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: 'Type a value first.' };
  if (def.nullWord !== null && t.toLowerCase() === def.nullWord) return { value: null };
  const n = Number(t);
  const alternatives = def.nullWord !== null ? ` or "${def.nullWord}"` : '';
  if (!Number.isFinite(n)) return { problem: `"${t}" is not a number${alternatives}.` };
  if (def.integer && !Number.isInteger(n)) return { problem: `"${t}" is not a whole number${alternatives}.` };
  return { value: n };
}

/** How a value reads on its chip. */
export function formatAxisValue(def: AxisDefinition, value: AxisValue): string {
  if (value === null) return def.input === 'typed' && def.nullWord !== null ? def.nullWord : 'null';
  return String(value);
}

/** A typed axis keeps its values in ascending order (null first), so chips read as a range. */
export function withValue(values: readonly AxisValue[] | undefined, value: AxisValue): AxisValue[] {
  const next = [...(values ?? []), value];
  return next.sort((a, b) => (a === null ? -1 : b === null ? 1 : typeof a === 'number' && typeof b === 'number' ? a - b : 0));
}
