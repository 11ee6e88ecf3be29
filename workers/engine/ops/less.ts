/**
 * Less: C = A < B elementwise, bool output, with multidirectional broadcasting
 * (https://onnx.ai/onnx/operators/onnx__Less.html). NaN compares false, as in IEEE.
 */
import { ALL_NUMBER_DTYPES, binaryOp, type BigIntArray, type NumberArray } from './elementwise-binary.js';

function lessNumbers(out: NumberArray, o: number, a: NumberArray, ao: number, as: number, b: NumberArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] < b[ib] ? 1 : 0;
    ia += as;
    ib += bs;
  }
}

function lessBigInts(out: Uint8Array, o: number, a: BigIntArray, ao: number, as: number, b: BigIntArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] < b[ib] ? 1 : 0;
    ia += as;
    ib += bs;
  }
}

export const lessOp = binaryOp('Less', {
  numbers: (dtype) => (ALL_NUMBER_DTYPES.includes(dtype) ? lessNumbers : undefined),
  bigints: lessBigInts,
  output: 'bool',
});
