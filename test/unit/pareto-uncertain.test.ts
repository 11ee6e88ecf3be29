import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src-shared/errors.js';
import {
  dominates,
  nonDominatedIndices,
  paretoFront,
  robustNonDominatedIndices,
  robustParetoFront,
  uncertainDominates,
  type Interval,
  type Sense,
} from '../../src-shared/pareto/index.js';

const exact = (v: number): Interval => ({ lo: v, hi: v });
const objectives = [
  { key: 'accuracy', sense: 'max' },
  { key: 'weightBytes', sense: 'min' },
] as const;

describe('uncertainDominates', () => {
  const senses: Sense[] = ['max', 'min'];

  it('needs the intervals to separate the points', () => {
    const a = [{ lo: 0.9, hi: 0.92 }, exact(100)];
    const b = [{ lo: 0.85, hi: 0.89 }, exact(120)];
    const c = [{ lo: 0.88, hi: 0.91 }, exact(120)]; // overlaps a's accuracy interval
    const d = [{ lo: 0.8, hi: 0.9 }, exact(100)]; // a's worst equals d's best, memory equal: no strict gain
    const e = [{ lo: 0.8, hi: 0.9 }, exact(99)];
    expect(uncertainDominates(a, b, senses)).toBe(true);
    expect(uncertainDominates(b, a, senses)).toBe(false);
    expect(uncertainDominates(a, c, senses)).toBe(false); // plain dominance on midpoints would say yes
    expect(dominates([0.91, 100], [0.895, 120], senses)).toBe(true);
    expect(uncertainDominates(a, d, senses)).toBe(false);
    expect(uncertainDominates(e, a, senses)).toBe(false); // e's optimistic accuracy is only a's pessimistic
    expect(uncertainDominates([{ lo: 0.9, hi: 0.92 }, exact(99)], d, senses)).toBe(true); // equal at the edge, better in memory
    expect(uncertainDominates([exact(NaN), exact(1)], b, senses)).toBe(false);
  });

  it('uses the pessimistic/optimistic bound of each sense (interval on a minimized objective)', () => {
    // Energy (min) measured with an interval: a's worst energy 5 must not exceed b's best energy.
    const s2: Sense[] = ['min', 'max'];
    expect(uncertainDominates([{ lo: 3, hi: 5 }, exact(1)], [{ lo: 5, hi: 9 }, exact(1)], s2)).toBe(false); // no strict gain
    expect(uncertainDominates([{ lo: 3, hi: 5 }, exact(2)], [{ lo: 5, hi: 9 }, exact(1)], s2)).toBe(true);
    expect(uncertainDominates([{ lo: 3, hi: 6 }, exact(2)], [{ lo: 5, hi: 9 }, exact(1)], s2)).toBe(false); // overlap
    expect(uncertainDominates([{ lo: 3, hi: 4 }, exact(1)], [{ lo: 5, hi: 9 }, exact(1)], s2)).toBe(true);
  });

  it('matches the definition on random intervals with random senses', () => {
    const iv = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 })).map(([lo, w]): Interval => ({ lo, hi: lo + w }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((m) =>
          fc.record({
            senses: fc.array(fc.constantFrom<Sense>('max', 'min'), { minLength: m, maxLength: m }),
            a: fc.array(iv, { minLength: m, maxLength: m }),
            b: fc.array(iv, { minLength: m, maxLength: m }),
          }),
        ),
        ({ senses: s, a, b }) => {
          // Worst case of a against best case of b, objective by objective.
          const noWorse = s.every((sense, i) => (sense === 'max' ? a[i].lo >= b[i].hi : a[i].hi <= b[i].lo));
          const better = s.some((sense, i) => (sense === 'max' ? a[i].lo > b[i].hi : a[i].hi < b[i].lo));
          expect(uncertainDominates(a, b, s)).toBe(noWorse && better);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reduces to plain dominance with zero-width intervals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((m) =>
          fc.record({
            senses: fc.array(fc.constantFrom<Sense>('max', 'min'), { minLength: m, maxLength: m }),
            a: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: m, maxLength: m }),
            b: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: m, maxLength: m }),
          }),
        ),
        ({ senses: s, a, b }) => {
          expect(uncertainDominates(a.map(exact), b.map(exact), s)).toBe(dominates(a, b, s));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('robustParetoFront', () => {
  /** Keyed points whose accuracy carries a random interval around the estimate; memory is exact. */
  const uncertainPoints = fc.array(
    fc.record({
      value: fc.integer({ min: 0, max: 20 }),
      below: fc.integer({ min: 0, max: 4 }),
      above: fc.integer({ min: 0, max: 4 }),
      memory: fc.integer({ min: 0, max: 10 }),
    }),
    { maxLength: 40 },
  );

  it('is a superset of the plain front on the estimates, and equals it with zero-width intervals', () => {
    fc.assert(
      fc.property(uncertainPoints, (raw) => {
        const points = raw.map((r) => ({
          accuracy: { value: r.value / 20, lo: (r.value - r.below) / 20, hi: (r.value + r.above) / 20 },
          weightBytes: r.memory,
        }));
        const estimates = raw.map((r) => ({ accuracy: r.value / 20, weightBytes: r.memory }));
        const robust = robustParetoFront(points, objectives);
        const plain = paretoFront(estimates, objectives);
        for (const i of plain) expect(robust).toContain(i);
        // Independent check of the robust front: brute force straight from the definition.
        const lo = (i: number) => points[i].accuracy.lo;
        const hi = (i: number) => points[i].accuracy.hi;
        const expected = points
          .map((_, i) => i)
          .filter(
            (p) =>
              !points.some(
                (_, q) =>
                  q !== p &&
                  lo(q) >= hi(p) &&
                  points[q].weightBytes <= points[p].weightBytes &&
                  (lo(q) > hi(p) || points[q].weightBytes < points[p].weightBytes),
              ),
          );
        expect(robust).toEqual(expected);
        expect(robustParetoFront(estimates, objectives)).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a statistically indistinguishable point the plain front drops', () => {
    const points = [
      { accuracy: { value: 0.91, lo: 0.9, hi: 0.92 }, weightBytes: 100 },
      { accuracy: { value: 0.905, lo: 0.895, hi: 0.915 }, weightBytes: 100 },
      { accuracy: { value: 0.7, lo: 0.69, hi: 0.71 }, weightBytes: 100 },
    ];
    expect(robustParetoFront(points, objectives)).toEqual([0, 1]);
    expect(paretoFront(points.map((p) => ({ accuracy: p.accuracy.value, weightBytes: p.weightBytes })), objectives)).toEqual([0]);
  });

  it('widens an interval that misses its estimate, drops NaN points, rejects swapped bounds', () => {
    // Point 0's lo rounded just above its estimate 0 (as a clamped Wilson interval can). Taken as
    // is, 0's pessimistic accuracy would equal point 1's (exact) 1e-17 and 0 uses less memory, so
    // 0 would interval-dominate 1 although 1 is on the plain front (0 has lower accuracy).
    const points = [
      { accuracy: { value: 0, lo: 1e-17, hi: 0.01 }, weightBytes: 0.5 },
      { accuracy: 1e-17, weightBytes: 1 },
      { accuracy: { value: NaN, lo: NaN, hi: NaN }, weightBytes: 0 },
    ];
    expect(paretoFront([{ accuracy: 0, weightBytes: 0.5 }, { accuracy: 1e-17, weightBytes: 1 }], objectives)).toEqual([0, 1]);
    expect(robustParetoFront(points, objectives)).toEqual([0, 1]);
    expect(() => robustParetoFront([{ accuracy: { value: 0.5, lo: 0.6, hi: 0.4 }, weightBytes: 1 }], objectives)).toThrow(InternalError);
    expect(robustNonDominatedIndices([], ['max'])).toEqual([]);
    expect(nonDominatedIndices([], ['max'])).toEqual([]);
  });
});
