/**
 * How an activation lives in integer mode. A tensor stores each element's *level* (the integer
 * the arithmetic uses) plus a constant offset, in uint8 when the levels span at most 256 values
 * (so the SIMD kernels' u8 path applies — a signed 8-bit grid −127…127 is stored as 0…254 with
 * offset 127) and in int32 otherwise. Real value = scale · (stored − zero), zero = zeroPoint + offset.
 */
import { InternalError } from '../../../src-shared/errors.js';
import { quantizeToCodes } from '../quant/quantize.js';
import type { QuantParams } from '../quant/types.js';

export interface IntGrid {
  readonly params: QuantParams;
  readonly scale: number;
  /** Stored value of real 0 (zeroPoint + offset). */
  readonly zero: number;
  readonly offset: number;
  readonly dtype: 'uint8' | 'int32';
  /** True when levels are consecutive integers (every uniform quantizer). */
  readonly uniform: boolean;
}

export function gridOf(params: QuantParams): IntGrid {
  if (params.channels !== 1) throw new InternalError('grid-channels', 'Activation grids are per tensor.');
  const levels = params.levels;
  const lo = levels[0];
  const hi = levels[levels.length - 1];
  const fitsU8 = hi - lo <= 255;
  const offset = fitsU8 ? -lo : 0;
  let uniform = params.thresholds === null;
  for (let i = 1; i < levels.length && uniform; i++) uniform = levels[i] === levels[i - 1] + 1;
  return {
    params,
    scale: params.scale[0],
    zero: params.zeroPoint[0] + offset,
    offset,
    dtype: fitsU8 ? 'uint8' : 'int32',
    uniform,
  };
}

/** The level a real value quantizes to on this grid (for clamp bounds such as ReLU's 0). */
export function levelOfReal(grid: IntGrid, real: number): number {
  const code = quantizeToCodes(Float32Array.of(real), grid.params, new Int32Array(1))[0];
  return grid.params.levels[code];
}
