/**
 * Finds the implementation of an operator in the ONNX operator table (`ops/registry.ts`).
 * EdgeFront's own operators (domain 'edgefront': FakeQuant, QConv, ConvRelu, …) carry per-node
 * state and are created by the transforms that insert them, never looked up by name, so a model
 * file that names that domain is refused like any unsupported domain.
 */
import { getOp } from '../ops/registry.js';
import type { OpDef } from '../ops/op.js';

export const INTERNAL_DOMAIN = 'edgefront';

/** ONNX's default domain has two spellings. */
export function normalizeDomain(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain;
}

export function resolveOp(domain: string, opType: string): OpDef | undefined {
  const d = normalizeDomain(domain);
  if (d === INTERNAL_DOMAIN) return undefined;
  return getOp(d, opType);
}

/** What a model file may use. */
export function isModelOpSupported(domain: string, opType: string): boolean {
  return resolveOp(domain, opType) !== undefined;
}
