/**
 * EdgeFront's internal operators (domain 'edgefront'), which only transforms create. Most carry
 * per-node state (fitted quantization parameters) and are built by factories next to their
 * transform; this table lists the stateless ones a serialized graph could name.
 */
import type { OpDef } from '../../ops/op.js';

const internalOps = new Map<string, OpDef>();

export function getInternalOp(opType: string): OpDef | undefined {
  return internalOps.get(opType);
}
