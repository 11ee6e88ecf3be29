/**
 * Search strategies of the sweep over an abstract design space (axes of indexed choices): full
 * grid, uniform random, Latin hypercube and NSGA-II. All deterministic given a seed.
 */
export * from './index-space.js';
export { gridCandidates } from './grid.js';
export { randomCandidates, randomCandidatesFrom } from './random.js';
export { latinHypercube, latinHypercubeFrom } from './latin-hypercube.js';
export { createNsga2, type Evaluated, type Nsga2, type Nsga2Options } from './nsga2.js';
export { createRng, createRngFromState, type Rng } from './seeded-rng.js';
export { allocateBits, type Allocation, type BitOption } from './bit-allocation.js';
