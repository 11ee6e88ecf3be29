/**
 * The evaluation worker's script (bundled to dist/worker.js). Runs once per worker thread:
 * loads the WebAssembly kernels, then serves tasks.
 */
import { initKernelsSync } from '../engine/kernels/init.js';
import { evaluateGroupTask } from './evaluate-group-task.js';
import { evaluateTask } from './evaluate-task.js';
import { registerTaskHandlers } from './worker-runtime.js';

initKernelsSync();

export default registerTaskHandlers({ evaluate: evaluateTask, 'evaluate-group': evaluateGroupTask });
