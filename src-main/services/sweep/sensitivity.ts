/**
 * Sensitivity-guided mixed precision (the 'sensitivity' strategy): measure each layer's accuracy
 * drop at each candidate bit-width with every other layer at the widest one (Dong et al., HAWQ,
 * ICCV 2019, measure the same per-layer sensitivity with Hessian traces; here it is measured
 * directly, since EdgeFront evaluates points anyway), then, for every budget, allocate per-layer
 * weight bits that minimize the summed drop within the budget (strategies/bit-allocation.ts) and
 * evaluate that allocation for real. Sweeping the budget traces a front.
 *
 * Costs per layer come from the evaluated points themselves: a layer's coded bytes or energy at
 * each width, plus the rest of the network fixed at the reference. Memory is exactly additive over
 * layers; energy is additive given the fixed activation width (each layer's MAC and weight-read
 * energy depends on its own weight bits only).
 */
import type { EvalResult } from '../../../src-shared/eval-result.js';
import type { ProjectFile, ProjectResult } from '../../../src-shared/project-file.js';
import type { DesignPoint, Job } from './design-points.js';
import { allocateBits, type BitOption } from './strategies/index.js';

type SensitivityStrategy = Extract<ProjectFile['strategy'], { kind: 'sensitivity' }>;

export interface SensitivityPlan {
  readonly notices: string[];
}

/** The base point at `bits` weight bits, with the listed layers overridden (the probes and allocations; also the GUI's preview). */
export const withLayerBits = (base: DesignPoint, bits: number, layers: Readonly<Record<string, number>>): DesignPoint => {
  const overrides: Record<string, DesignPoint['config']['layers'][string]> = { ...base.config.layers };
  for (const [name, b] of Object.entries(layers)) overrides[name] = { ...overrides[name], weightBits: b };
  return { config: { ...base.config, weightBits: bits, layers: overrides }, target: base.target };
};

/** The widths a sensitivity study uses, distinct and widest first (the widest is the reference's). */
export const sensitivityWidths = (bitWidths: readonly number[]): number[] => [...new Set(bitWidths)].sort((a, b) => b - a);

/** The reference of a sensitivity study: every weight layer at the widest width. */
export const sensitivityReference = (base: DesignPoint, widths: readonly number[]): DesignPoint => withLayerBits(base, widths[0], {});

export interface SensitivityProbe {
  readonly layer: string;
  readonly bits: number;
  readonly point: DesignPoint;
}

/**
 * One probe per weight layer and narrower width: that layer alone at that width, the others at
 * the reference's. Width by width, every layer in turn: consecutive probes then differ in layers
 * spread over the whole network, so a group of them sent to one worker (prefix-groups.ts) shares
 * long network prefixes — the probe of the last layer computes what every other probe's prefix needs.
 */
export function sensitivityProbes(base: DesignPoint, widths: readonly number[], layers: readonly string[]): SensitivityProbe[] {
  const probes: SensitivityProbe[] = [];
  for (const bits of widths.slice(1)) {
    for (const layer of layers) probes.push({ layer, bits, point: withLayerBits(base, widths[0], { [layer]: bits }) });
  }
  return probes;
}

function layerCost(m: EvalResult, name: string, metric: SensitivityStrategy['budgetMetric']): number {
  const l = m.layers.find((x) => x.name === name);
  if (!l) return 0;
  return metric === 'memory.weightBytes' ? l.codedBytes : (l.energyJoules ?? 0);
}

const totalOf = (m: EvalResult, metric: SensitivityStrategy['budgetMetric']) => (metric === 'memory.weightBytes' ? m.memory.weightBytes : m.energy.perInferenceJoules);

export async function runSensitivity(
  base: DesignPoint,
  strategy: SensitivityStrategy,
  runBatch: (batch: readonly Job[]) => Promise<(ProjectResult | null)[]>,
  setTotal: (n: number) => void,
): Promise<SensitivityPlan> {
  const notices: string[] = [];
  const widths = sensitivityWidths(strategy.bitWidths);
  const top = widths[0];
  const [reference] = await runBatch([{ point: sensitivityReference(base, widths), label: `sensitivity reference: all layers w${top}` }]);
  if (!reference) {
    notices.push('The sensitivity reference point failed, so no layer sensitivities could be measured.');
    return { notices };
  }
  const ref = reference.metrics as unknown as EvalResult;
  const layers = ref.layers.filter((l) => l.bits !== null).map((l) => l.name);
  setTotal(1 + layers.length * (widths.length - 1) + strategy.budgets.length);

  const probes = sensitivityProbes(base, widths, layers);
  const probed = await runBatch(probes.map((p): Job => ({ point: p.point, label: `sensitivity ${p.layer} w${p.bits}` })));
  const metric = strategy.budgetMetric;
  const options: BitOption[][] = layers.map((layer) => {
    const row: BitOption[] = [{ bits: top, cost: layerCost(ref, layer, metric), drop: 0 }];
    probes.forEach((p, i) => {
      const r = probed[i];
      if (p.layer !== layer || !r) return;
      const m = r.metrics as unknown as EvalResult;
      row.push({ bits: p.bits, cost: layerCost(m, layer, metric), drop: ref.accuracy - m.accuracy });
    });
    return row;
  });
  const fixed = totalOf(ref, metric) - options.reduce((a, row) => a + row[0].cost, 0);

  const jobs: Job[] = [];
  for (const budget of strategy.budgets) {
    const a = allocateBits(options, Math.max(0, budget - fixed));
    if (!a) {
      notices.push(`Budget ${budget} (${metric}) is below what the narrowest widths reach (${(fixed + options.reduce((s, row) => s + Math.min(...row.map((o) => o.cost)), 0)).toPrecision(4)}); no point was evaluated for it.`);
      continue;
    }
    const bits = Object.fromEntries(layers.map((name, l) => [name, options[l][a.choice[l]].bits]));
    jobs.push({ point: withLayerBits(base, top, bits), label: `budget ${budget}: ${layers.map((n) => `${n}=w${bits[n]}`).join(' ')}` });
  }
  // Two budgets can give the same allocation: the orchestrator finds the second one cached.
  await runBatch(jobs);
  return { notices };
}
