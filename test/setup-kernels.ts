// Tests run on the same kernels users get: the WebAssembly SIMD kernels (dist/kernels.wasm, built
// by `npm test`'s pretest). Tests of the reference kernels select them explicitly.
import { initKernels } from '../workers/engine/kernels/init.js';

await initKernels();
