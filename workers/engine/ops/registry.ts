/**
 * The operator table: every supported (domain, op_type) and its `OpDef`, the single place the
 * executor resolves nodes (the pattern of onnxruntime-web's `op-resolve-rules.ts`). A unit test
 * checks that every OpDef exported from a file in `ops/` is listed here.
 */
import { addOp } from './add.js';
import { averagePoolOp } from './average-pool.js';
import { batchNormalizationOp } from './batch-normalization.js';
import { castLikeOp } from './cast-like.js';
import { castOp } from './cast.js';
import { clipOp } from './clip.js';
import { concatOp } from './concat.js';
import { constantOfShapeOp } from './constant-of-shape.js';
import { constantOp } from './constant.js';
import { convIntegerOp } from './conv-integer.js';
import { convOp } from './conv.js';
import { divOp } from './div.js';
import { dropoutOp } from './dropout.js';
import { expOp } from './exp.js';
import { flattenOp } from './flatten.js';
import { gatherOp } from './gather.js';
import { gemmOp } from './gemm.js';
import { globalAveragePoolOp } from './global-average-pool.js';
import { globalMaxPoolOp } from './global-max-pool.js';
import { identityOp } from './identity.js';
import { leakyReluOp } from './leaky-relu.js';
import { lessOp } from './less.js';
import { matMulOp } from './mat-mul.js';
import { maxPoolOp } from './max-pool.js';
import { maxOp } from './max.js';
import { mulOp } from './mul.js';
import type { OpDef } from './op.js';
import { padOp } from './pad.js';
import { reduceMaxOp } from './reduce-max.js';
import { reduceSumOp } from './reduce-sum.js';
import { reluOp } from './relu.js';
import { reshapeOp } from './reshape.js';
import { shapeOp } from './shape.js';
import { sigmoidOp } from './sigmoid.js';
import { softmaxOp } from './softmax.js';
import { squeezeOp } from './squeeze.js';
import { subOp } from './sub.js';
import { tanhOp } from './tanh.js';
import { transposeOp } from './transpose.js';
import { unsqueezeOp } from './unsqueeze.js';
import { whereOp } from './where.js';

/** Every registered operator. */
export const ALL_OPS: readonly OpDef[] = [
  addOp, averagePoolOp, batchNormalizationOp, castLikeOp, castOp, clipOp, concatOp, constantOfShapeOp,
  constantOp, convIntegerOp, convOp, divOp, dropoutOp, expOp, flattenOp, gatherOp, gemmOp,
  globalAveragePoolOp, globalMaxPoolOp, identityOp, leakyReluOp, lessOp, matMulOp, maxPoolOp, maxOp,
  mulOp, padOp, reduceMaxOp, reduceSumOp, reluOp, reshapeOp, shapeOp, sigmoidOp, softmaxOp,
  squeezeOp, subOp, tanhOp, transposeOp, unsqueezeOp, whereOp,
];

/** 'ai.onnx' is the default domain's explicit name; both mean ''. */
function normalizeDomain(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain;
}

function key(domain: string, opType: string): string {
  return `${normalizeDomain(domain)}::${opType}`;
}

const TABLE: ReadonlyMap<string, OpDef> = new Map(ALL_OPS.map((op) => [key(op.domain ?? '', op.type), op]));

/** The operator for a node, or undefined when EdgeFront does not implement it. */
export function getOp(domain: string, opType: string): OpDef | undefined {
  return TABLE.get(key(domain, opType));
}

export function isSupportedOp(domain: string, opType: string): boolean {
  return TABLE.has(key(domain, opType));
}

/** Supported op types of the default ONNX domain, sorted (for messages and `edgefront info`). */
export const SUPPORTED_OP_TYPES: readonly string[] = ALL_OPS.filter((op) => normalizeDomain(op.domain ?? '') === '')
  .map((op) => op.type)
  .sort();
