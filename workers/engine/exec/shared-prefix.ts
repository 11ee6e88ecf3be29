/**
 * Runs several deployments of one model on the same batches, computing a shared network prefix
 * once: design points that differ only in later layers (a sensitivity probe of layer 7, a
 * per-layer bit allocation) compute the same values up to the first layer that differs, and a
 * naive loop recomputes them for every point.
 *
 * Members run one after the other on each batch. Each picks the latest step boundary whose live
 * values (those produced before it and read after it) all have signatures (value-signatures.ts)
 * that an earlier member computes; it then skips every step before that boundary and starts from
 * copies of those values, made by the earlier member while it ran the batch. Only those values
 * are copied, one batch at a time, so the memory cost is a few activation tensors per batch.
 *
 * The order matters: a member can only reuse what runs before it. Members run latest-diverging
 * first (ordered by the first step whose value no other member computes): for sensitivity probes
 * of layers 1…L that is the probes of layer L, which compute the whole unchanged prefix, then L−1,
 * whose prefix is part of it, and so on — so every probe but the first skips its unchanged prefix.
 *
 * Results are bit-identical to running every member on its own (same ops on the same data; see
 * test/unit/exec-shared-prefix.test.ts).
 */
import type { Tensor } from '../tensor.js';
import { dimsKey, type ExecPlan, type InputDims } from './plan.js';
import type { InferenceSession } from './session.js';
import { valueSignatures } from './value-signatures.js';

/** How one member runs at one set of input dims. */
interface MemberSchedule {
  /** First step it runs; steps before it are skipped. */
  readonly resumeStep: number;
  /** Values it starts from: its own value name → the signature to take from the batch store. */
  readonly resumeValues: ReadonlyMap<string, string>;
  /** Step index → its output values to copy into the store (value name, signature). */
  readonly captures: ReadonlyMap<number, readonly (readonly [string, string])[]>;
  readonly steps: number;
}

export interface PrefixReuse {
  /** Steps the members would run on their own, and the steps actually run, summed over batches. */
  readonly stepsTotal: number;
  readonly stepsRun: number;
}

export class SharedPrefixRunner {
  private readonly schedules = new Map<string, Schedule>();
  private stepsTotal = 0;
  private stepsRun = 0;

  constructor(private readonly sessions: readonly InferenceSession[]) {}

  get reuse(): PrefixReuse {
    return { stepsTotal: this.stepsTotal, stepsRun: this.stepsRun };
  }

  /** The graph outputs of every member for one batch (the same feeds for all), in member order. */
  run(feeds: ReadonlyMap<string, Tensor>): Map<string, Tensor>[] {
    const dims: InputDims = new Map([...feeds].map(([name, t]) => [name, t.dims] as const));
    const { order, schedules } = this.scheduleFor(dims);
    const store = new Map<string, Tensor>();
    const outputs = new Array<Map<string, Tensor>>(this.sessions.length);
    for (const m of order) outputs[m] = this.runMember(m, schedules[m], feeds, dims, store);
    return outputs;
  }

  private runMember(m: number, s: MemberSchedule, feeds: ReadonlyMap<string, Tensor>, dims: InputDims, store: Map<string, Tensor>): Map<string, Tensor> {
    const session = this.sessions[m];
    this.stepsTotal += s.steps;
    this.stepsRun += s.steps - s.resumeStep;
    const values = new Map([...s.resumeValues].map(([name, sig]) => [name, store.get(sig)!] as const));
    const capture = s.captures.size
      ? (step: number, outputs: readonly Tensor[]) => {
          const wanted = s.captures.get(step);
          if (!wanted) return;
          const node = session.plan(dims).steps[step].node;
          for (const [name, sig] of wanted) {
            const t = outputs[node.outputs.indexOf(name)];
            store.set(sig, { dtype: t.dtype, dims: t.dims, data: t.data.slice() as Tensor['data'] });
          }
        }
      : undefined;
    return session.runFrom(feeds, s.resumeStep > 0 ? { step: s.resumeStep, values } : null, { onNodeOutputs: capture });
  }

  private scheduleFor(dims: InputDims): Schedule {
    const key = dimsKey(dims);
    let s = this.schedules.get(key);
    if (!s) {
      s = schedule(this.sessions.map((session) => session.plan(dims)), this.sessions.map((x) => x.graph));
      this.schedules.set(key, s);
    }
    return s;
  }
}

interface Schedule {
  /** Member indices in the order they run. */
  readonly order: readonly number[];
  /** Per member index. */
  readonly schedules: readonly MemberSchedule[];
}

/** Where each value is produced (step index; −1 for graph inputs) and last needed. */
function lifetimes(plan: ExecPlan, graphOutputs: readonly string[]): { produced: Map<string, number>; lastUse: Map<string, number> } {
  const produced = new Map<string, number>();
  const lastUse = new Map<string, number>();
  for (const name of plan.inputTensors.keys()) produced.set(name, -1);
  plan.steps.forEach(({ node }, i) => {
    for (const v of node.inputs) if (v && produced.has(v)) lastUse.set(v, i);
    for (const o of node.outputs) if (o) produced.set(o, i);
  });
  for (const o of graphOutputs) if (produced.has(o)) lastUse.set(o, Number.POSITIVE_INFINITY);
  return { produced, lastUse };
}

/** Values produced before boundary k (after the graph inputs) and needed at or after it. */
function liveAcross(k: number, produced: Map<string, number>, lastUse: Map<string, number>): string[] {
  const live: string[] = [];
  for (const [v, p] of produced) {
    const last = lastUse.get(v);
    if (p >= 0 && p < k && last !== undefined && last >= k) live.push(v);
  }
  return live;
}

/** Index of the first step of each member whose output no other member computes (steps.length if none). */
function divergence(plans: readonly ExecPlan[], sigs: readonly Map<string, string>[]): number[] {
  const owners = new Map<string, Set<number>>();
  plans.forEach((plan, m) => {
    for (const { node } of plan.steps) {
      for (const o of node.outputs) {
        if (!o) continue;
        const s = sigs[m].get(o)!;
        const set = owners.get(s) ?? new Set<number>();
        set.add(m);
        owners.set(s, set);
      }
    }
  });
  return plans.map((plan, m) => {
    const i = plan.steps.findIndex(({ node }) => node.outputs.some((o) => o && owners.get(sigs[m].get(o)!)!.size === 1));
    return i < 0 ? plan.steps.length : i;
  });
}

function schedule(plans: readonly ExecPlan[], graphs: readonly InferenceSession['graph'][]): Schedule {
  const sigs = plans.map((plan, m) => valueSignatures(graphs[m], plan));
  const diverges = divergence(plans, sigs);
  const order = plans.map((_, m) => m).sort((a, b) => diverges[b] - diverges[a] || a - b);
  /** Signature → the member and step that will copy it into the store. */
  const provider = new Map<string, { member: number; step: number; name: string }>();
  const resumes = new Array<{ step: number; values: Map<string, string> }>(plans.length);
  const captures = plans.map(() => new Map<number, [string, string][]>());
  for (const m of order) {
    const plan = plans[m];
    const sig = sigs[m];
    const { produced, lastUse } = lifetimes(plan, graphs[m].outputs.map((o) => o.name));
    let chosen = 0;
    let values = new Map<string, string>();
    for (let k = plan.steps.length; k > 0; k--) {
      const live = liveAcross(k, produced, lastUse);
      if (live.every((v) => provider.has(sig.get(v)!))) {
        chosen = k;
        values = new Map(live.map((v) => [v, sig.get(v)!] as const));
        break;
      }
    }
    for (const s of values.values()) {
      const p = provider.get(s)!;
      const list = captures[p.member].get(p.step) ?? [];
      if (!list.some(([, x]) => x === s)) list.push([p.name, s]);
      captures[p.member].set(p.step, list);
    }
    resumes[m] = { step: chosen, values };
    // What this member computes can serve later members (first provider wins).
    for (let i = chosen; i < plan.steps.length; i++) {
      for (const o of plan.steps[i].node.outputs) {
        const s = o ? sig.get(o) : undefined;
        if (o && s && !s.startsWith('unique:') && !provider.has(s)) provider.set(s, { member: m, step: i, name: o });
      }
    }
  }
  return {
    order,
    schedules: plans.map((plan, m) => ({ resumeStep: resumes[m].step, resumeValues: resumes[m].values, captures: captures[m], steps: plan.steps.length })),
  };
}
