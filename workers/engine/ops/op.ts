/**
 * The contract every operator implements: one operator per file under `ops/`, registered in
 * `ops/registry.ts` (the pattern of onnxruntime-web's `op-resolve-rules.ts`).
 *
 * An operator does two things:
 * - `infer`: output dtypes and dims from input dtypes and dims (and the values of inputs that are
 *   known when the plan is built: initializers and folded constants, e.g. Reshape's `shape`).
 *   It validates its inputs and throws a `UserError` naming the node when they make no sense.
 * - `run`: computes outputs into tensors the executor has already allocated with the inferred
 *   dims (the buffer plan owns the memory; kernels never allocate their outputs).
 *
 * Semantics follow the ONNX operator specification (https://onnx.ai/onnx/operators/); the opset
 * the model imports for the node's domain is passed in so version differences (e.g. Softmax's
 * axis default before and after opset 13) can be honoured.
 */
import type { Attributes } from './attributes.js';
import type { DType, Tensor } from '../tensor.js';

export interface ValueType {
  readonly dtype: DType;
  readonly dims: readonly number[];
}

interface OpContextBase {
  /** Node name for messages (falls back to "<opType> #index" when the file has none). */
  readonly nodeName: string;
  readonly opType: string;
  /** Opset version the model imports for this node's domain. */
  readonly opset: number;
  readonly attributes: Attributes;
  /** "Conv node 'conv1'" — prefix for error messages. */
  readonly where: string;
}

export interface InferContext extends OpContextBase {
  /** Input types; undefined for an omitted optional input (empty name in ONNX). */
  readonly inputs: readonly (ValueType | undefined)[];
  /** The input's value when it is known at plan time (initializer or folded constant). */
  constInput(index: number): Tensor | undefined;
  /** Number of outputs the node declares (some ops have optional outputs). */
  readonly outputCount: number;
}

export interface RunContext extends OpContextBase {
  readonly inputs: readonly (Tensor | undefined)[];
  /** Preallocated with the inferred dtypes and dims. */
  readonly outputs: readonly Tensor[];
}

export interface OpDef {
  /** ONNX op_type (or an EdgeFront-internal type in the 'edgefront' domain). */
  readonly type: string;
  /** '' for the default ONNX domain. */
  readonly domain?: string;
  /**
   * When set, output 0 is a view of input 0's data with the inferred dims (Reshape, Flatten,
   * Squeeze, Unsqueeze, Identity, Dropout at inference): no copy, no `run` call for that output.
   */
  readonly aliasesInput0?: boolean;
  /**
   * When true the executor may not fold this node even if all its inputs are constant
   * (none today; reserved for random ops).
   */
  readonly noFold?: boolean;
  /**
   * EdgeFront ops with state in their closure (grids, weights, requantizers) return a key of it
   * (ops/state-key.ts), so identical computations in two deployments can be recognised.
   */
  readonly stateKey?: () => string;
  infer(ctx: InferContext): ValueType[];
  run(ctx: RunContext): void;
}
