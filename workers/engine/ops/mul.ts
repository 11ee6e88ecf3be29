/**
 * Mul: C = A · B with multidirectional broadcasting (https://onnx.ai/onnx/operators/onnx__Mul.html).
 * 32-bit integer products use Math.imul: a double product of two int32 values can exceed 2^53 and
 * lose the low bits that the wrapped result keeps.
 */
import { ALL_NUMBER_DTYPES, binaryOp, type BigIntArray, type NumberArray } from './elementwise-binary.js';

function mulNumbers(out: NumberArray, o: number, a: NumberArray, ao: number, as: number, b: NumberArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] * b[ib];
    ia += as;
    ib += bs;
  }
}

function mulInt32(out: NumberArray, o: number, a: NumberArray, ao: number, as: number, b: NumberArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = Math.imul(a[ia], b[ib]);
    ia += as;
    ib += bs;
  }
}

function mulBigInts(out: BigIntArray, o: number, a: BigIntArray, ao: number, as: number, b: BigIntArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] * b[ib];
    ia += as;
    ib += bs;
  }
}

/** The float32 loop (see BinaryKernels.float32), specialised for same-shape rows and for a repeated B element. */
function mulFloat32(out: Float32Array, o: number, a: Float32Array, ao: number, as: number, b: Float32Array, bo: number, bs: number, n: number): void {
  if (as === 1 && bs === 1) {
    for (let i = 0; i < n; i++) out[o + i] = a[ao + i] * b[bo + i];
    return;
  }
  if (as === 1) {
    const v = b[bo];
    for (let i = 0; i < n; i++) out[o + i] = a[ao + i] * v;
    return;
  }
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] * b[ib];
    ia += as;
    ib += bs;
  }
}

export const mulOp = binaryOp('Mul', {
  float32: mulFloat32,
  numbers: (dtype) => {
    if (dtype === 'int32' || dtype === 'uint32') return mulInt32;
    return ALL_NUMBER_DTYPES.includes(dtype) ? mulNumbers : undefined;
  },
  bigints: mulBigInts,
});
