/** GlobalMaxPool: max over all spatial dims (https://onnx.ai/onnx/operators/onnx__GlobalMaxPool.html). */
import { globalPoolOp } from './global-pool.js';

export const globalMaxPoolOp = globalPoolOp('GlobalMaxPool', 'max');
