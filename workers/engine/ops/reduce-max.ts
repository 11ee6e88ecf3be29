/** ReduceMax (https://onnx.ai/onnx/operators/onnx__ReduceMax.html); axes became an input in opset 18. */
import { reduceOp } from './reduce.js';

export const reduceMaxOp = reduceOp('ReduceMax', 18, 'max');
