/** GlobalAveragePool: mean over all spatial dims (https://onnx.ai/onnx/operators/onnx__GlobalAveragePool.html). */
import { globalPoolOp } from './global-pool.js';

export const globalAveragePoolOp = globalPoolOp('GlobalAveragePool', 'mean');
