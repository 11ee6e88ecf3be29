/**
 * Multi-objective analysis of sweep results: dominance, non-dominated sorting and crowding
 * (NSGA-II), exact hypervolume, the knee of a 2-objective front and uncertainty-aware dominance.
 * Pure functions with no Node or DOM dependency, shared by the main process (the optimizer, the
 * report) and the renderer (the Pareto plot).
 */
export * from './objectives.js';
export * from './dominance.js';
export * from './non-dominated-sort.js';
export * from './hypervolume.js';
export * from './knee.js';
export * from './uncertain-dominance.js';
