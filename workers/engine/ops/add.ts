/**
 * Add: C = A + B with multidirectional broadcasting (https://onnx.ai/onnx/operators/onnx__Add.html).
 * Integer results wrap to the dtype's width, as the typed array store does.
 */
import { ALL_NUMBER_DTYPES, binaryOp, type BigIntArray, type NumberArray } from './elementwise-binary.js';

function addNumbers(out: NumberArray, o: number, a: NumberArray, ao: number, as: number, b: NumberArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] + b[ib];
    ia += as;
    ib += bs;
  }
}

function addBigInts(out: BigIntArray, o: number, a: BigIntArray, ao: number, as: number, b: BigIntArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] + b[ib];
    ia += as;
    ib += bs;
  }
}

/** The float32 loop (see BinaryKernels.float32), specialised for same-shape rows and for a repeated B element. */
function addFloat32(out: Float32Array, o: number, a: Float32Array, ao: number, as: number, b: Float32Array, bo: number, bs: number, n: number): void {
  if (as === 1 && bs === 1) {
    for (let i = 0; i < n; i++) out[o + i] = a[ao + i] + b[bo + i];
    return;
  }
  if (as === 1) {
    const v = b[bo];
    for (let i = 0; i < n; i++) out[o + i] = a[ao + i] + v;
    return;
  }
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] + b[ib];
    ia += as;
    ib += bs;
  }
}

export const addOp = binaryOp('Add', {
  float32: addFloat32,
  numbers: (dtype) => (ALL_NUMBER_DTYPES.includes(dtype) ? addNumbers : undefined),
  bigints: addBigInts,
});
