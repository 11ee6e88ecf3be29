/**
 * FakeQuant: quantize then dequantize an activation tensor (per tensor) on its quantizer's grid,
 * in float. Before calibration it passes values through unchanged and feeds them to the range
 * observer, so ranges are observed on the final (quantized, pruned) weights with every activation
 * quantizer transparent — DESIGN.md's calibration convention.
 */
import { InternalError } from '../../../../src-shared/errors.js';
import { getKernels } from '../../kernels/index.js';
import type { OpDef } from '../../ops/op.js';
import type { QuantParams } from '../types.js';
import { fakeQuantize, uniformGridOf } from '../quantize.js';
import type { RangeObserver } from '../calibration/observer.js';
import { quantizerStateKey } from '../../ops/state-key.js';

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

/** The FakeQuant op keeps its quantizer visible, so fusions (deploy/fuse-conv-fake-quant.ts) can take it over. */
export interface FakeQuantOpDef extends OpDef {
  readonly quantizer: ActivationQuantizer;
}

export function makeFakeQuantOp(q: ActivationQuantizer): FakeQuantOpDef {
  return {
    quantizer: q,
    type: 'FakeQuant',
    domain: 'edgefront',
    noFold: true,
    stateKey: quantizerStateKey(() => q.params),
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
        applyActivationQuantizer(q.params, x, y);
        return;
      }
      y.set(x);
      q.observer?.observe(x);
    },
  };
}

/**
 * `fakeQuantize(x, params, y)`, on the kernels' fake-quant routine when it has one and the grid is
 * uniform per tensor (the usual activation grid; same numbers, see kernels/types.ts).
 */
export function applyActivationQuantizer(params: QuantParams, x: Float32Array, y: Float32Array): void {
  const kernels = getKernels();
  const grid = kernels.fakeQuantUniform ? uniformGridOf(params) : null;
  if (grid && x.length === y.length) kernels.fakeQuantUniform!(x, grid, y);
  else fakeQuantize(x, params, y);
}
