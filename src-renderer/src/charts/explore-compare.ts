/**
 * Two points side by side: their headline figures with the difference, and their layers joined
 * by name with the difference in weight bits (the per-layer choice a mixed-precision search makes).
 */
import type { LayerDetail, PointDetails } from '../../../src-shared/api/point-details.js';
import { AXES, AXIS_INFO, type AxisId } from './explore-points.js';

export interface FigureComparison {
  readonly axis: AxisId;
  readonly label: string;
  readonly a: number | null;
  readonly b: number | null;
  /** b − a, or null when either is missing. */
  readonly delta: number | null;
  /** Which one is better by this figure's sense; null on a tie or a missing value. */
  readonly better: 'a' | 'b' | null;
}

export interface LayerComparison {
  readonly name: string;
  readonly a: LayerDetail | null;
  readonly b: LayerDetail | null;
  /** Weight bits of b minus a; null when a layer is missing or float on either side. */
  readonly bitsDelta: number | null;
}

function metricOf(d: PointDetails, axis: AxisId): number | null {
  return d.metrics[axis];
}

export function compareFigures(a: PointDetails, b: PointDetails): FigureComparison[] {
  return AXES.map((axis) => {
    const va = metricOf(a, axis);
    const vb = metricOf(b, axis);
    const delta = va === null || vb === null ? null : vb - va;
    const sense = AXIS_INFO[axis].sense;
    const better = delta === null || delta === 0 ? null : (delta > 0) === (sense === 'max') ? 'b' : 'a';
    return { axis, label: AXIS_INFO[axis].label, a: va, b: vb, delta, better };
  });
}

/** Layers of both points in a's order, then the ones only b has. */
export function compareLayers(a: PointDetails, b: PointDetails): LayerComparison[] {
  const bByName = new Map(b.layers.map((l) => [l.name, l]));
  const rows: LayerComparison[] = a.layers.map((la) => {
    const lb = bByName.get(la.name) ?? null;
    return { name: la.name, a: la, b: lb, bitsDelta: lb && la.weightBits !== null && lb.weightBits !== null ? lb.weightBits - la.weightBits : null };
  });
  const inA = new Set(a.layers.map((l) => l.name));
  for (const lb of b.layers) if (!inA.has(lb.name)) rows.push({ name: lb.name, a: null, b: lb, bitsDelta: null });
  return rows;
}
