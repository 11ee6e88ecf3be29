import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src-shared/errors.js';
import { kneePoint, type Sense } from '../../src-shared/pareto/index.js';

describe('kneePoint', () => {
  // Convex front (both minimized) with an obvious knee at (2, 2). Normalized by the span 10 of
  // each objective the points are (0,1) (0.1,0.4) (0.2,0.2) (0.4,0.1) (1,0); their distances
  // 1 − x − y to the line x + y = 1 are 0, 0.5, 0.6, 0.5, 0.
  const front = [
    [0, 10],
    [1, 4],
    [2, 2],
    [4, 1],
    [10, 0],
  ];

  it('picks the point farthest from the line through the extremes', () => {
    expect(kneePoint(front, ['min', 'min'])).toBe(2);
  });

  it('is invariant to senses, scaling, order, dominated points and NaN points', () => {
    // Accuracy (max) in [0.8, 0.9] against memory (min) in bytes: the same shape.
    const points = front.map(([a, b]) => [0.9 - a / 100, 1000 + b * 512]);
    const senses: Sense[] = ['max', 'min'];
    expect(kneePoint(points, senses)).toBe(2);
    const shuffled = [points[4], [0.7, 9000], points[1], points[2], [NaN, 1], points[0], points[3]];
    expect(kneePoint(shuffled, senses)).toBe(3);
  });

  it('follows the documented choices for small, empty and degenerate fronts', () => {
    expect(kneePoint([], ['min', 'min'])).toBe(-1);
    expect(kneePoint([[NaN, 1]], ['min', 'min'])).toBe(-1);
    expect(kneePoint([[3, 4]], ['min', 'min'])).toBe(0);
    // Two points: both extremes, tie; the one best on the first objective wins.
    expect(kneePoint([[5, 1], [1, 5]], ['min', 'min'])).toBe(1);
    expect(kneePoint([[0.8, 1], [0.9, 5]], ['max', 'min'])).toBe(1);
    // Straight-line front: all distances 0; the best first objective wins.
    expect(kneePoint([[2, 2], [1, 3], [3, 1]], ['min', 'min'])).toBe(1);
    // Duplicates of the knee: the lowest index.
    expect(kneePoint([...front, [2, 2]], ['min', 'min'])).toBe(2);
    expect(() => kneePoint([[1, 2, 3]], ['min', 'min', 'min'])).toThrow(InternalError);
  });
});
