/**
 * MaxPool (2-D, NCHW) on stored levels. The float MaxPool would give the same values (the grid is
 * monotone, so the largest stored value is the largest level), but it reads them element by
 * element through a generic typed array; the kernels' `maxPoolInt` works on the bytes directly.
 */
import { getKernels } from '../../kernels/index.js';
import type { OpDef } from '../../ops/op.js';
import { stateKeyOf } from '../../ops/state-key.js';
import type { IntGrid } from '../int-grid.js';
import type { PoolWindow } from './qavgpool.js';

export function makeIntMaxPoolOp(window: PoolWindow, grid: IntGrid, inferDims: (inputDims: readonly number[]) => readonly number[]): OpDef {
  return {
    type: 'IntMaxPool',
    stateKey: stateKeyOf(window, grid),
    domain: 'edgefront',
    noFold: true,
    infer(ctx) {
      return [{ dtype: grid.dtype, dims: inferDims(ctx.inputs[0]!.dims) }];
    },
    run(ctx) {
      const xT = ctx.inputs[0]!;
      const yT = ctx.outputs[0];
      const [N, C, H, W] = xT.dims;
      const [, , OH, OW] = yT.dims;
      getKernels().maxPoolInt!(N * C, H, W, OH, OW, window, xT.data as Uint8Array | Int32Array, yT.data as Uint8Array | Int32Array);
    },
  };
}
