/**
 * From a design space to design points: axis order, layering (schema defaults < base < axis value),
 * per-layer axes landing in config.layers, and the target's seeds from the project.
 */
import { describe, expect, it } from 'vitest';
import { designSpaceSchema } from '../../src-shared/design-space.js';
import { pointAt, pointLabel, sweepAxes } from '../../src-main/services/sweep/design-points.js';
import { gridCandidates } from '../../src-main/services/sweep/strategies/index.js';

const space = designSpaceSchema.parse({
  base: { mode: 'integer', activationBits: 8, coding: 'rans', layers: { fc: { granularity: 'tensor' } } },
  axes: { pruneRatio: [0, 0.5], weightBits: [4, 8], vdd: [null, 0.7], layers: { conv1: { weightBits: [2, 8] } } },
});

describe('design points', () => {
  it('orders axes: config axes, target axes, then per-layer axes', () => {
    expect(sweepAxes(space).map((a) => [a.name, a.size])).toEqual([
      ['weightBits', 2],
      ['pruneRatio', 2],
      ['vdd', 2],
      ['layers.conv1.weightBits', 2],
    ]);
  });

  it('layers defaults, base and axis values, per-layer values into config.layers', () => {
    const axes = sweepAxes(space);
    const p = pointAt(space, axes, [1, 0, 1, 0], 5);
    expect(p.config.weightBits).toBe(8);
    expect(p.config.pruneRatio).toBe(0);
    expect(p.config.activationBits).toBe(8);
    expect(p.config.mode).toBe('integer');
    expect(p.config.granularity).toBe('channel'); // schema default
    expect(p.config.layers).toEqual({ fc: { granularity: 'tensor' }, conv1: { weightBits: 2 } });
    expect(p.target).toMatchObject({ vdd: 0.7, coding: 'rans', seeds: 5, hardware: 'bit-serial' });
    expect(pointLabel(axes, [1, 0, 1, 0])).toBe('weightBits=8 pruneRatio=0 vdd=0.7 layers.conv1.weightBits=2');
  });

  it('the grid covers every combination exactly once', () => {
    const axes = sweepAxes(space);
    const keys = [...gridCandidates(axes)].map((c) => JSON.stringify(pointAt(space, axes, c, 1)));
    expect(keys).toHaveLength(16);
    expect(new Set(keys).size).toBe(16);
  });
});
