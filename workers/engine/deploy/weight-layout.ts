/**
 * Weights are pruned and quantized with the output channel as the leading axis ([outC, …], as
 * Conv weights already are). Gemm without transB and MatMul store [K, N]; these helpers move such
 * matrices to [N, K] and back.
 */
import type { IrNode } from '../ir/graph.js';

export function isOutputChannelFirst(node: IrNode): boolean {
  if (node.opType === 'Conv') return true;
  if (node.opType === 'Gemm') return node.attributes.int('transB', 0) !== 0;
  return false; // MatMul: B is [K, N]
}

export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}
