/**
 * JSON with a canonical key order. Project files are shared between colleagues and kept in version
 * control, and every evaluated design point is identified by a hash of its configuration: both
 * need the same value to serialize to the same bytes on every machine, whatever order the keys
 * were inserted in. Object keys are sorted by UTF-16 code unit (`Array.prototype.sort`, not
 * `localeCompare`, which depends on the locale); arrays keep their order; numbers are written by
 * `JSON.stringify` (shortest round-trip form, identical in every engine).
 *
 * Values JSON cannot carry are refused rather than silently altered the way `JSON.stringify`
 * does (NaN → null, Infinity → null, a Date → a string, a Map → {}): a NaN in a project is a bug.
 * The one exception is an object property whose value is `undefined`: it is left out, exactly as
 * if it were absent, because zod keeps `{ description: undefined }` as an own key and an
 * optional field that is unset must not make a project unsaveable.
 */
import { InternalError } from './errors.js';

/** A value that survives a JSON round trip unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function where(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${part}`;
  return out || '(top level)';
}

function refuse(path: readonly (string | number)[], what: string): never {
  throw new InternalError('canonical-json', `Cannot write ${what} at ${where(path)} as JSON.`, { field: where(path) });
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, indent: string, depth: number, path: (string | number)[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse(path, String(value));
      return JSON.stringify(value);
    case 'undefined':
      return refuse(path, 'undefined');
    case 'object':
      break;
    default:
      return refuse(path, `a ${typeof value}`);
  }
  if (value === null) return 'null';
  const inner = indent ? `\n${indent.repeat(depth + 1)}` : '';
  const outer = indent ? `\n${indent.repeat(depth)}` : '';
  const colon = indent ? ': ' : ':';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) {
      // Holes and undefined elements would become null in JSON.stringify: refuse them instead.
      if (!(i in value)) refuse([...path, i], 'an array hole');
      items.push(write(value[i], indent, depth + 1, [...path, i]));
    }
    return `[${inner}${items.join(`,${inner}`)}${outer}]`;
  }
  if (!isPlainObject(value)) refuse(path, `a ${value.constructor?.name ?? 'non-plain'} object`);
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  if (keys.length === 0) return '{}';
  const members = keys.map((k) => `${JSON.stringify(k)}${colon}${write(value[k], indent, depth + 1, [...path, k])}`);
  return `{${inner}${members.join(`,${inner}`)}${outer}}`;
}

/** Compact JSON with object keys sorted recursively: the input of content hashes. */
export function canonicalJson(value: unknown): string {
  return write(value, '', 0, []);
}

/**
 * Pretty-printed JSON with object keys sorted recursively (no trailing newline): what project
 * files are saved as, so two saves of the same project are byte-identical and diffs are small.
 */
export function canonicalStringify(value: unknown, indent = 2): string {
  return write(value, ' '.repeat(Math.max(0, Math.min(10, Math.trunc(indent)))), 0, []);
}
