/**
 * From a project's design space to concrete design points: the space's axes become the strategies'
 * index axes (src-main/services/sweep/strategies/), and an index vector becomes a validated
 * DeployConfig + DeployTarget (defaults, then `base`, then one value per axis; a per-layer axis
 * value lands in `config.layers[name]`). See src-shared/design-space.ts for the layering rules.
 */
import { deployConfigSchema, type DeployConfig } from '../../../src-shared/deploy-config.js';
import { deployTargetSchema, type DeployTarget } from '../../../src-shared/deploy-target.js';
import { CONFIG_AXES, CONFIG_FIELDS, LAYER_AXES, TARGET_AXES, type DesignSpace } from '../../../src-shared/design-space.js';
import { UserError } from '../../../src-shared/errors.js';
import type { Axis, Candidate } from './strategies/index.js';

export interface SweepAxis extends Axis {
  /** 'weightBits', 'vdd', or 'layers./conv1/Conv.weightBits'. */
  readonly name: string;
  readonly field: string;
  /** The layer of a per-layer axis, null for a global one. */
  readonly layer: string | null;
  readonly kind: 'config' | 'target';
  readonly values: readonly unknown[];
}

export interface DesignPoint {
  readonly config: DeployConfig;
  readonly target: DeployTarget;
}

/** One design point to evaluate, with the label progress shows for it. */
export interface Job {
  readonly point: DesignPoint;
  readonly label: string;
}

/** The axes in a fixed order: global config axes, target axes, then layers by name. */
export function sweepAxes(space: DesignSpace): SweepAxis[] {
  const axes: SweepAxis[] = [];
  for (const field of CONFIG_AXES) {
    const values = space.axes[field];
    if (values) axes.push({ name: field, field, layer: null, kind: 'config', values, size: values.length });
  }
  for (const field of TARGET_AXES) {
    const values = space.axes[field];
    if (values) axes.push({ name: field, field, layer: null, kind: 'target', values, size: values.length });
  }
  for (const layer of Object.keys(space.axes.layers).sort()) {
    for (const field of LAYER_AXES) {
      const values = space.axes.layers[layer][field];
      if (values) axes.push({ name: `layers.${layer}.${field}`, field, layer, kind: 'config', values, size: values.length });
    }
  }
  return axes;
}

const CONFIG_FIELD_SET = new Set<string>(CONFIG_FIELDS);

/** The design point of one index vector; `seeds` is the project's Monte-Carlo seed count. */
export function pointAt(space: DesignSpace, axes: readonly SweepAxis[], candidate: Candidate, seeds: number): DesignPoint {
  const config: Record<string, unknown> = {};
  const target: Record<string, unknown> = { seeds };
  for (const [field, value] of Object.entries(space.base)) {
    if (value === undefined) continue;
    if (CONFIG_FIELD_SET.has(field)) config[field] = value;
    else target[field] = value;
  }
  const layers: Record<string, Record<string, unknown>> = {};
  for (const [name, o] of Object.entries((config.layers as Record<string, Record<string, unknown>> | undefined) ?? {})) layers[name] = { ...o };
  axes.forEach((axis, i) => {
    const value = axis.values[candidate[i]];
    if (axis.layer !== null) (layers[axis.layer] ??= {})[axis.field] = value;
    else if (axis.kind === 'config') config[axis.field] = value;
    else target[axis.field] = value;
  });
  config.layers = layers;
  const c = deployConfigSchema.safeParse(config);
  const t = deployTargetSchema.safeParse(target);
  if (!c.success || !t.success) {
    const issues = [...(c.error?.issues ?? []), ...(t.error?.issues ?? [])].map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new UserError('sweep-point-invalid', `The design space yields an invalid point (${issues}). Check the project's designSpace.base and axes.`, { issues });
  }
  return { config: c.data, target: t.data };
}

/** A short human label of a point: the values of the swept axes ("weightBits=4 pruneRatio=0.5"). */
export function pointLabel(axes: readonly SweepAxis[], candidate: Candidate): string {
  if (axes.length === 0) return 'the base point';
  return axes.map((a, i) => `${a.name}=${JSON.stringify(a.values[candidate[i]])}`).join(' ');
}
