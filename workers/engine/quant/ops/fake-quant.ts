/**
 * FakeQuant: quantize then dequantize an activation tensor (per tensor) on its quantizer's grid,
 * in float. Before calibration it passes values through unchanged and feeds them to the range
 * observer, so ranges are observed on the final (quantized, pruned) weights with every activation
 * quantizer transparent — DESIGN.md's calibration convention.
 */
import { InternalError } from '../../../../src-shared/errors.js';
import type { OpDef } from '../../ops/op.js';
import type { QuantParams } from '../types.js';
import { fakeQuantize } from '../quantize.js';
import type { RangeObserver } from '../calibration/observer.js';

export interface ActivationQuantizer {
  /** The quantization point (value name in the float graph). */
  readonly value: string;
  readonly bits: number;
  readonly kind: QuantParams['kind'];
  /** How the range is calibrated (the layer's setting). */
  readonly calibMethod: 'minmax' | 'percentile' | 'mse';
  readonly calibPercentile: number;
  /** Set by calibration; null while observing. */
  params: QuantParams | null;
  observer: RangeObserver | null;
}

export function makeFakeQuantOp(q: ActivationQuantizer): OpDef {
  return {
    type: 'FakeQuant',
    domain: 'edgefront',
    noFold: true,
    infer(ctx) {
      const t = ctx.inputs[0];
      if (!t || t.dtype !== 'float32') {
        throw new InternalError('fakequant-input', `${ctx.where}: FakeQuant needs a float32 input.`);
      }
      return [{ dtype: 'float32', dims: t.dims }];
    },
    run(ctx) {
      const x = ctx.inputs[0]!.data as Float32Array;
      const y = ctx.outputs[0].data as Float32Array;
      if (q.params) {
        fakeQuantize(x, q.params, y);
        return;
      }
      y.set(x);
      q.observer?.observe(x);
    },
  };
}
