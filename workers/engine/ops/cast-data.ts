/**
 * Element conversion between dtypes, as ONNX Cast defines it
 * (https://onnx.ai/onnx/operators/onnx__Cast.html): float → integer truncates toward zero (the
 * typed array store then wraps out-of-range values, as C casts on the reference platforms do),
 * anything → bool is "≠ 0", bool → number is 0/1, 64-bit integers go through BigInt exactly.
 */
import { isBigIntDType, type Tensor, type TensorData } from '../tensor.js';

export function castInto(src: Tensor, dst: Tensor): void {
  const s = src.data;
  const d = dst.data;
  const n = s.length;
  if (src.dtype === dst.dtype) {
    (d as Uint8Array).set(s as Uint8Array);
    return;
  }
  if (dst.dtype === 'bool') {
    const out = d as Uint8Array;
    for (let i = 0; i < n; i++) out[i] = s[i] ? 1 : 0;
    return;
  }
  const fromBig = isBigIntDType(src.dtype);
  if (isBigIntDType(dst.dtype)) {
    const out = d as BigInt64Array | BigUint64Array;
    for (let i = 0; i < n; i++) {
      const v = s[i];
      // NaN and infinities have no integer value; 0 is what the ONNX reference (numpy) gives for NaN.
      out[i] = fromBig ? (v as bigint) : Number.isFinite(v as number) ? BigInt(Math.trunc(v as number)) : 0n;
    }
    return;
  }
  const out = d as Exclude<TensorData, BigInt64Array | BigUint64Array>;
  if (fromBig) {
    for (let i = 0; i < n; i++) out[i] = Number(s[i] as bigint);
  } else {
    const input = s as Exclude<TensorData, BigInt64Array | BigUint64Array>;
    for (let i = 0; i < n; i++) out[i] = input[i];
  }
}
