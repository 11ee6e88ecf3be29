/**
 * The `evaluate-group` task: several design points of one model over the same samples, batch by
 * batch, with the network prefix they share computed once (engine/exec/shared-prefix.ts). A
 * sweep sends points that differ only in per-layer settings here (sensitivity probes, per-layer
 * bit allocations); each point's result equals what the `evaluate` task gives for it alone.
 *
 * Members may carry persistent weight faults (a fixed faulty deployment per seed); transient
 * faults, which change the model every few samples, are refused — the sweep sends such points
 * alone.
 */
import { InternalError } from '../../src-shared/errors.js';
import { parseDeployConfig } from '../../src-shared/deploy-config.js';
import { parseDeployTarget } from '../../src-shared/deploy-target.js';
import { parseHardwareProfile } from '../../src-shared/hardware-profile.js';
import { datasetFromShared } from '../data/dataset.js';
import { SharedPrefixRunner, type PrefixReuse } from '../engine/exec/shared-prefix.js';
import { float32Tensor } from '../engine/tensor.js';
import {
  cachedFaultyVariant, correctPredictions, deploymentFor, deploymentKey, loadModel, reportOf,
  type EvaluatePayload, type EvaluateResult,
} from './evaluate-task.js';
import type { TaskContext } from './worker-runtime.js';

export interface EvaluateGroupPayload {
  /** One payload per point; model, data, calibration, sample range and batch size must agree. */
  readonly members: readonly EvaluatePayload[];
}

export interface EvaluateGroupResult {
  readonly results: EvaluateResult[];
  readonly reuse: PrefixReuse;
}

export async function evaluateGroupTask(payload: EvaluateGroupPayload, ctx: TaskContext): Promise<EvaluateGroupResult> {
  const members = payload.members;
  const first = members[0];
  if (!first) throw new InternalError('group-empty', 'An evaluate-group task needs at least one member.');
  for (const m of members) {
    if (m.modelPath !== first.modelPath || m.start !== first.start || m.count !== first.count || m.batchSize !== first.batchSize || m.dataset.source !== first.dataset.source) {
      throw new InternalError('group-mismatch', 'The members of an evaluate-group task must share model, data, sample range and batch size.');
    }
  }
  const graph = await loadModel(first.modelPath);
  ctx.throwIfCancelled();
  const data = datasetFromShared(first.dataset);
  const prepared = members.map((m) => {
    const config = parseDeployConfig(m.config);
    const target = parseDeployTarget(m.target);
    const key = deploymentKey(m.modelPath, config, m.calibration);
    const clean = deploymentFor(graph, key, config, m.calibration, data.sampleDims);
    const faults = m.faults && m.faults.ber > 0 ? m.faults : null;
    if (faults && target.faultPersistence !== 'persistent') {
      throw new InternalError('group-transient', 'Points with transient faults are evaluated alone, not in an evaluate-group task.');
    }
    const variant = faults ? cachedFaultyVariant(key, clean, target, faults) : null;
    return { m, clean, target, run: variant?.model ?? clean, counts: variant?.counts };
  });
  const runner = new SharedPrefixRunner(prepared.map((p) => p.run.session));
  const inputName = prepared[0].run.graph.inputs[0].name;
  const outputName = prepared[0].run.graph.outputs[0].name;
  const per = data.sampleDims.reduce((a, b) => a * b, 1);
  const correct = new Array<number>(members.length).fill(0);
  const end = first.start + first.count;
  let done = 0;
  for (let start = first.start; start < end; start += first.batchSize) {
    ctx.throwIfCancelled();
    const n = Math.min(first.batchSize, end - start);
    const x = float32Tensor(data.x.subarray(start * per, (start + n) * per), [n, ...data.sampleDims]);
    runner.run(new Map([[inputName, x]])).forEach((out, i) => {
      correct[i] += correctPredictions(out.get(outputName)!.data as Float32Array, n, data.y, start);
    });
    done += n;
    ctx.progress({ done, total: first.count, stage: 'inference' });
  }
  return {
    results: prepared.map((p, i) => ({
      correct: correct[i],
      count: first.count,
      report: p.m.wantReport ? reportOf(p.clean, p.target, parseHardwareProfile(p.m.profile, p.target.hardware)) : undefined,
      faultCounts: p.m.wantFaultCounts ? p.counts ?? { faultyBits: 0, changedBits: 0, changedWeights: 0 } : undefined,
    })),
    reuse: runner.reuse,
  };
}
