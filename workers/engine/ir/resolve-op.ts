/**
 * Finds the implementation of an operator: the ONNX operator table (`ops/registry.ts`) for the
 * default domain, and EdgeFront's own table for the internal 'edgefront' domain, whose nodes only
 * transforms create (fake-quant and integer-mode operators); a model file may not use it.
 */
import { getOp } from '../ops/registry.js';
import type { OpDef } from '../ops/op.js';
import { getInternalOp } from '../quant/ops/registry.js';

export const INTERNAL_DOMAIN = 'edgefront';

/** ONNX's default domain has two spellings. */
export function normalizeDomain(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain;
}

export function resolveOp(domain: string, opType: string): OpDef | undefined {
  const d = normalizeDomain(domain);
  if (d === INTERNAL_DOMAIN) return getInternalOp(opType);
  return getOp(d, opType);
}

/** What a model file may use (internal ops are not part of the file format). */
export function isModelOpSupported(domain: string, opType: string): boolean {
  const d = normalizeDomain(domain);
  return d !== INTERNAL_DOMAIN && getOp(d, opType) !== undefined;
}
