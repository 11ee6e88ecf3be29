import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { pruneFilters } from '../../workers/engine/prune/filter.js';

describe('pruneFilters', () => {
  it('zeroes the filters of smallest L1 norm and their bias entries', () => {
    // 4 filters of 3 weights: L1 norms 6, 0.6, 60, 3.
    const w = Float32Array.of(1, -2, 3, 0.5, 0, -0.125, 10, 20, -30, -1, 1, 1);
    const bias = Float32Array.of(1, 2, 3, 4);
    const result = pruneFilters(w, 4, 0.5, bias);
    expect(result.removed).toEqual([1, 3]);
    expect(Array.from(result.l1Norms)).toEqual([6, 0.625, 60, 3]);
    expect(Array.from(w)).toEqual([1, -2, 3, 0, 0, 0, 10, 20, -30, 0, 0, 0]);
    expect(Array.from(bias)).toEqual([1, 0, 3, 0]);
    expect(result.sparsity).toBe(0.5);
  });

  it('removes floor(r · outC) filters, ties to the lower index, and works without a bias', () => {
    const w = new Float32Array(5 * 2).fill(1);
    const result = pruneFilters(w, 5, 0.7); // floor(3.5) = 3
    expect(result.removed).toEqual([0, 1, 2]);
    expect(Array.from(w)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(pruneFilters(Float32Array.of(1, 2), 2, 0).removed).toEqual([]);
    expect(pruneFilters(Float32Array.of(1, 2), 2, 1).removed).toEqual([0, 1]);
  });

  it('validates the ratio (user error) and the layout (internal error)', () => {
    expect(() => pruneFilters(Float32Array.of(1, 2), 2, 2)).toThrow(UserError);
    expect(() => pruneFilters(Float32Array.of(1, 2, 3), 2, 0.5)).toThrow(/2 equal filters/);
    expect(() => pruneFilters(Float32Array.of(1, 2), 2, 0.5, Float32Array.of(1))).toThrow(/bias/);
  });
});
