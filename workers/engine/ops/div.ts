/**
 * Div: C = A / B with multidirectional broadcasting (https://onnx.ai/onnx/operators/onnx__Div.html).
 * Integer division truncates toward zero (C semantics; the ONNX case `test_div_int32_trunc`
 * expects −7 / 2 = −3). For 32-bit operands trunc(a / b) in doubles is exact: a non-integer
 * quotient lies at least 1/|b| from an integer, far more than the rounding error of the division.
 * Integer division by zero has no defined result, so it is reported instead of guessed.
 */
import { isFloatDType } from '../tensor.js';
import { ALL_NUMBER_DTYPES, binaryOp, type BigIntArray, type NumberArray } from './elementwise-binary.js';
import { opRuntime } from './op-error.js';

function divFloats(out: NumberArray, o: number, a: NumberArray, ao: number, as: number, b: NumberArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] / b[ib];
    ia += as;
    ib += bs;
  }
}

function divIntegers(out: NumberArray, o: number, a: NumberArray, ao: number, as: number, b: NumberArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = Math.trunc(a[ia] / b[ib]);
    ia += as;
    ib += bs;
  }
}

function divBigInts(out: BigIntArray, o: number, a: BigIntArray, ao: number, as: number, b: BigIntArray, bo: number, bs: number, n: number): void {
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    // BigInt division truncates toward zero.
    out[o + i] = a[ia] / b[ib];
    ia += as;
    ib += bs;
  }
}

/** The float32 loop (see BinaryKernels.float32), specialised for same-shape rows and for a repeated B element. */
function divFloat32(out: Float32Array, o: number, a: Float32Array, ao: number, as: number, b: Float32Array, bo: number, bs: number, n: number): void {
  if (as === 1 && bs === 1) {
    for (let i = 0; i < n; i++) out[o + i] = a[ao + i] / b[bo + i];
    return;
  }
  if (as === 1) {
    const v = b[bo];
    for (let i = 0; i < n; i++) out[o + i] = a[ao + i] / v;
    return;
  }
  let ia = ao;
  let ib = bo;
  for (let i = 0; i < n; i++) {
    out[o + i] = a[ia] / b[ib];
    ia += as;
    ib += bs;
  }
}

export const divOp = binaryOp('Div', {
  float32: divFloat32,
  numbers: (dtype) => {
    if (isFloatDType(dtype)) return divFloats;
    return ALL_NUMBER_DTYPES.includes(dtype) ? divIntegers : undefined;
  },
  bigints: divBigInts,
  check(ctx, a, b) {
    if (isFloatDType(b.dtype) || a.data.length === 0) return;
    const zero = typeof b.data[0] === 'bigint' ? 0n : 0;
    const i = (b.data as unknown as { indexOf(v: number | bigint): number }).indexOf(zero);
    if (i >= 0) {
      throw opRuntime(ctx, `divisor B holds 0 at flat index ${i}; integer division by zero has no defined result. Check the model's inputs.`);
    }
  },
});
