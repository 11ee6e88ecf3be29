/**
 * Runs an IrGraph on batches. Plans are built lazily per set of input dims and cached (a sweep
 * evaluates the same batch size over and over; only the last, partial batch needs a second plan).
 */
import { CancelledError, InternalError, UserError } from '../../../src-shared/errors.js';
import type { IrGraph } from '../ir/graph.js';
import { formatDims, sizeOf, type Tensor } from '../tensor.js';
import { buildPlan, dimsKey, type ExecPlan, type InputDims } from './plan.js';

export interface RunOptions {
  /** Checked between nodes: return true to abandon the run (throws CancelledError). */
  readonly shouldStop?: () => boolean;
  /** Called after each node with the node's outputs (debugging, calibration, statistics). */
  readonly onNodeOutputs?: (nodeIndex: number, outputs: readonly Tensor[]) => void;
}

export class InferenceSession {
  private readonly plans = new Map<string, ExecPlan>();

  constructor(readonly graph: IrGraph) {}

  plan(inputDims: InputDims): ExecPlan {
    const key = dimsKey(inputDims);
    let p = this.plans.get(key);
    if (!p) {
      p = buildPlan(this.graph, inputDims);
      this.plans.set(key, p);
    }
    return p;
  }

  /** Runs the graph; returns copies of the graph outputs (the plan's buffers are reused). */
  run(feeds: ReadonlyMap<string, Tensor>, options: RunOptions = {}): Map<string, Tensor> {
    return this.runFrom(feeds, null, options);
  }

  /**
   * Runs the graph from step `resume.step` on, with `resume.values` standing in for every value
   * the skipped steps produced that later steps (or the outputs) read — the values live across
   * that step boundary (exec/shared-prefix.ts finds them and their data). null runs every step.
   */
  runFrom(
    feeds: ReadonlyMap<string, Tensor>,
    resume: { readonly step: number; readonly values: ReadonlyMap<string, Tensor> } | null,
    options: RunOptions = {},
  ): Map<string, Tensor> {
    const dims = new Map<string, readonly number[]>();
    for (const input of this.graph.inputs) {
      const t = feeds.get(input.name);
      if (!t) throw new UserError('input-missing', `No data was given for input '${input.name}' of ${this.graph.source}.`);
      if (input.dtype && t.dtype !== input.dtype) {
        throw new UserError(
          'input-dtype',
          `Input '${input.name}' of ${this.graph.source} is ${input.dtype} but was given ${t.dtype} data ${formatDims(t.dims)}. Convert the input file to ${input.dtype}.`,
        );
      }
      dims.set(input.name, t.dims);
    }
    const plan = this.plan(dims);
    for (const [name, target] of plan.inputTensors) {
      const src = feeds.get(name)!;
      (target.data as unknown as { set(a: ArrayLike<unknown>): void }).set(src.data as ArrayLike<unknown>);
    }
    if (resume) {
      for (const [name, src] of resume.values) {
        const target = plan.valueTensor(name);
        if (!target || src.data.length !== target.data.length || src.dtype !== target.dtype) {
          throw new InternalError('resume-value', `Cannot resume ${this.graph.source} at step ${resume.step}: value '${name}' does not match the plan.`);
        }
        (target.data as unknown as { set(a: ArrayLike<unknown>): void }).set(src.data as ArrayLike<unknown>);
      }
    }
    const steps = plan.steps;
    for (let i = resume?.step ?? 0; i < steps.length; i++) {
      if (options.shouldStop?.()) throw new CancelledError();
      const s = steps[i];
      s.node.op.run(s.ctx);
      options.onNodeOutputs?.(i, s.ctx.outputs);
    }
    const out = new Map<string, Tensor>();
    for (const [name, t] of plan.outputTensors) {
      out.set(name, { dtype: t.dtype, dims: [...t.dims], data: t.data.slice(0, sizeOf(t.dims)) as Tensor['data'] });
    }
    return out;
  }
}
