/** ReduceSum (https://onnx.ai/onnx/operators/onnx__ReduceSum.html); axes became an input in opset 13. */
import { reduceOp } from './reduce.js';

export const reduceSumOp = reduceOp('ReduceSum', 13, 'sum');
