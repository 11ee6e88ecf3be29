/**
 * Content signatures of the values an execution plan computes: two plans (two deployments of the
 * same model) give a value the same signature exactly when it is computed the same way from the
 * same data — same op, attributes and state (ops/state-key.ts), and inputs with the same
 * signatures, down to constants equal byte for byte and the same graph input. The shared-prefix
 * runner (shared-prefix.ts) uses them to compute a prefix once for several design points that
 * differ only in later layers.
 *
 * Conservative by construction: an EdgeFront op that declares no state key, or a node whose
 * attributes cannot be keyed, gets a signature equal to no other, and so does everything after it.
 */
import { createHash } from 'node:crypto';
import type { IrGraph } from '../ir/graph.js';
import { contentHash, stableKey } from '../ops/state-key.js';
import type { Tensor } from '../tensor.js';
import type { ExecPlan } from './plan.js';

let unique = 0;

/** Signature of every graph input, constant read by a step, and step output of `plan`. */
export function valueSignatures(graph: IrGraph, plan: ExecPlan): Map<string, string> {
  const sig = new Map<string, string>();
  for (const [name, t] of plan.inputTensors) sig.set(name, `in:${name}:${t.dtype}:${t.dims.join('x')}`);
  const constantSig = (name: string): string | undefined => {
    const t: Tensor | undefined = graph.constants.get(name) ?? plan.folded.get(name);
    if (!t) return undefined;
    const s = `c:${t.dtype}:${t.dims.join('x')}:${ArrayBuffer.isView(t.data) ? contentHash(t.data) : stableKey(t.data)}`;
    sig.set(name, s);
    return s;
  };
  for (const { node } of plan.steps) {
    const stateKey = node.op.stateKey ? node.op.stateKey() : node.domain === '' ? '' : null;
    const inputs = node.inputs.map((v) => (v ? (sig.get(v) ?? constantSig(v) ?? null) : '-'));
    // Subgraph attributes are not read into the IR (value null): their content is unknown.
    const opaque = [...node.rawAttributes.values()].some((a) => a.value === null);
    let id: string;
    if (stateKey === null || opaque || inputs.includes(null)) {
      id = `unique:${++unique}`;
    } else {
      const h = createHash('sha256');
      h.update(`${node.domain}\u0000${node.opType}\u0000${node.opset}\u0000${stableKey(node.rawAttributes)}\u0000${stateKey}`);
      for (const s of inputs) h.update(`\u0000${s}`);
      id = h.digest('base64');
    }
    node.outputs.forEach((o, i) => {
      if (o) sig.set(o, `${id}#${i}`);
    });
  }
  return sig;
}
