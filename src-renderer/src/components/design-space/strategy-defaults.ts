/**
 * What a strategy starts with when the user switches to it: the parameters it keeps from the
 * previous kind (samples ↔ samples, the seed), otherwise small values that run in minutes on the
 * demo. Sensitivity budgets have no sensible default (they are in bytes or joules of the model at
 * hand), so it starts without any and the preview asks for them.
 */
import type { Strategy } from '../../../../src-shared/project-file.js';

export const STRATEGY_KINDS: readonly { readonly kind: Strategy['kind']; readonly label: string; readonly help: string }[] = [
  { kind: 'grid', label: 'Grid', help: 'Every point of the grid.' },
  { kind: 'random', label: 'Random', help: 'Points drawn uniformly from the grid, without repetition.' },
  { kind: 'lhs', label: 'Latin hypercube', help: 'Points that cover every axis evenly.' },
  { kind: 'nsga2', label: 'NSGA-II', help: 'A genetic search for the accuracy / memory / energy front.' },
  { kind: 'sensitivity', label: 'Sensitivity', help: 'Per-layer sensitivity, then the best bit allocation per budget (no axes).' },
];

export function strategyOfKind(kind: Strategy['kind'], previous: Strategy): Strategy {
  const seed = 'seed' in previous ? previous.seed : 1;
  const samples = 'samples' in previous ? previous.samples : 20;
  switch (kind) {
    case 'grid':
      return { kind };
    case 'random':
    case 'lhs':
      return { kind, samples, seed };
    case 'nsga2':
      return { kind, populationSize: 8, generations: 4, seed };
    case 'sensitivity':
      return { kind, budgetMetric: 'memory.weightBytes', bitWidths: [8, 4, 2], budgets: [] };
  }
}

/** "8, 4, 2" → [8, 4, 2]; the text itself when a part is not a number (the preview then names the field). */
export function parseNumberList(text: string): number[] | string {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const numbers = parts.map(Number);
  return numbers.every((n) => Number.isFinite(n)) ? numbers : text;
}
