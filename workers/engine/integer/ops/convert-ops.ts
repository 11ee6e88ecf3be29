/**
 * The boundary between float and integer tensors in integer mode: Quantize (float → stored
 * levels, at the graph input and after a float fallback) and Dequantize (stored levels → float,
 * before a float fallback and at the graph outputs).
 */
import type { OpDef } from '../../ops/op.js';
import { stateKeyOf } from '../../ops/state-key.js';
import { quantizeToCodes } from '../../quant/quantize.js';
import type { IntGrid } from '../int-grid.js';

export function makeQuantizeOp(grid: IntGrid): OpDef {
  let codes = new Int32Array(0);
  return {
    type: 'Quantize',
    stateKey: stateKeyOf('Quantize', grid),
    domain: 'edgefront',
    noFold: true,
    infer(ctx) {
      return [{ dtype: grid.dtype, dims: ctx.inputs[0]!.dims }];
    },
    run(ctx) {
      const x = ctx.inputs[0]!.data as Float32Array;
      const y = ctx.outputs[0].data as Uint8Array | Int32Array;
      if (codes.length < x.length) codes = new Int32Array(x.length);
      const c = codes.subarray(0, x.length);
      quantizeToCodes(x, grid.params, c);
      const levels = grid.params.levels;
      const offset = grid.offset;
      for (let i = 0; i < c.length; i++) y[i] = levels[c[i]] + offset;
    },
  };
}

export function makeDequantizeOp(grid: IntGrid): OpDef {
  return {
    type: 'Dequantize',
    stateKey: stateKeyOf('Dequantize', grid),
    domain: 'edgefront',
    noFold: true,
    infer(ctx) {
      return [{ dtype: 'float32', dims: ctx.inputs[0]!.dims }];
    },
    run(ctx) {
      const x = ctx.inputs[0]!.data as Uint8Array | Int32Array;
      const y = ctx.outputs[0].data as Float32Array;
      const s = grid.scale;
      const z = grid.zero;
      for (let i = 0; i < x.length; i++) y[i] = s * (x[i] - z);
    },
  };
}

/** ReLU on stored levels (not fused into a group): max(x, stored zero). */
export function makeIntReluOp(grid: IntGrid): OpDef {
  return {
    type: 'IntRelu',
    stateKey: stateKeyOf('IntRelu', grid),
    domain: 'edgefront',
    noFold: true,
    infer(ctx) {
      return [{ dtype: grid.dtype, dims: ctx.inputs[0]!.dims }];
    },
    run(ctx) {
      const x = ctx.inputs[0]!.data as Uint8Array | Int32Array;
      const y = ctx.outputs[0].data as Uint8Array | Int32Array;
      const z = grid.zero;
      for (let i = 0; i < x.length; i++) y[i] = x[i] < z ? z : x[i];
    },
  };
}
