/**
 * An op's state key: what, beyond its attributes and its inputs, determines its outputs. ONNX
 * operators are pure functions of both and need none; EdgeFront's own operators (FakeQuant, the
 * fused and integer ops) carry quantization grids, weights and requantizers in their closures and
 * declare them here, so exec/value-signatures.ts can recognise the same computation in two
 * deployments (the shared-prefix reuse of a sweep). An edgefront op without a state key is never
 * considered equal to another.
 *
 * Functions inside the state are skipped: the factories' callbacks (output dims, conv geometry)
 * derive from the node's attributes, which the signature already covers.
 */
import { createHash } from 'node:crypto';

/**
 * A memoized key of `state`, computed on first use: an op's state must not change once the op
 * exists (deployments are rebuilt, never edited in place: see deploy/fault-variant.ts).
 */
export function stateKeyOf(...state: unknown[]): () => string {
  let key: string | null = null;
  return () => (key ??= stableKey(state));
}

let uncalibrated = 0;

/**
 * The state key of an activation quantizer's op: its fitted parameters, or a key equal to no
 * other while it is still observing (before calibration its output is not yet its final one).
 */
export function quantizerStateKey(get: () => object | null, ...extra: unknown[]): () => string {
  let params: object | null = null;
  let key = '';
  return () => {
    const p = get();
    if (p === null) return `observing:${++uncalibrated}`;
    if (p !== params) {
      params = p;
      key = stableKey([p, ...extra]);
    }
    return key;
  };
}

/** A deterministic string for plain data: numbers (−0 and NaN kept apart), typed arrays by content hash, maps, objects by sorted key. */
export function stableKey(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(v: unknown, out: string[]): void {
  if (v === null) out.push('n');
  else if (v === undefined) out.push('u');
  else if (typeof v === 'number') out.push(Object.is(v, -0) ? '#-0' : `#${v}`);
  else if (typeof v === 'bigint') out.push(`b${v}`);
  else if (typeof v === 'boolean') out.push(v ? 't' : 'f');
  else if (typeof v === 'string') out.push(JSON.stringify(v));
  else if (typeof v === 'function' || typeof v === 'symbol') out.push('_');
  else if (ArrayBuffer.isView(v)) out.push(`${v.constructor.name}(${v.byteLength}:${contentHash(v)})`);
  else if (Array.isArray(v)) {
    out.push('[');
    for (const x of v) {
      write(x, out);
      out.push(',');
    }
    out.push(']');
  } else if (v instanceof Map) {
    const entries = [...v.entries()].map(([k, x]) => [stableKey(k), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    out.push('M{');
    for (const [k, x] of entries) {
      out.push(k, ':');
      write(x, out);
      out.push(',');
    }
    out.push('}');
  } else {
    const o = v as Record<string, unknown>;
    out.push('{');
    for (const k of Object.keys(o).sort()) {
      out.push(JSON.stringify(k), ':');
      write(o[k], out);
      out.push(',');
    }
    out.push('}');
  }
}

/**
 * SHA-256 of a typed array's bytes. Not memoized per array: an array could be changed in place
 * later, and hashing a deployment's weights once per signature computation is cheap (a few ms
 * for millions of parameters).
 */
export function contentHash(v: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('base64');
}
