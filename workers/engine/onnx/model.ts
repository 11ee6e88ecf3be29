/**
 * The ONNX model as read from a file, validated and converted to engine types, before it becomes
 * the IR. Mirrors `onnx.proto` (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) but only
 * what EdgeFront uses, with every tensor already decoded into a typed array.
 */
import type { DType, Tensor } from '../tensor.js';

/** A dimension: a fixed size, a symbolic name (e.g. "batch"), or unknown. */
export type OnnxDim = number | string | null;

export interface OnnxValueInfo {
  readonly name: string;
  /** Element type; undefined when the file does not say (allowed for intermediate values). */
  readonly dtype?: DType;
  /** undefined when the rank is unknown. */
  readonly dims?: readonly OnnxDim[];
  /**
   * The element type as the file names it (`TensorProto.DataType`, e.g. 'FLOAT16'), when the file
   * gives one. Differs from `dtype` for 16-bit floats (widened to float32) and is the only type
   * information for element types the engine cannot hold.
   */
  readonly onnxElemType?: string;
}

export type OnnxAttributeValue =
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'tensor'; readonly value: Tensor }
  | { readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly type: 'graph' | 'graphs' | 'sparse_tensor' | 'type_proto' | 'unsupported'; readonly value: null };

export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  /** '' or 'ai.onnx' for the default domain. */
  readonly domain: string;
  /** Input value names; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, OnnxAttributeValue>;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  /** Graph inputs that are not initializers (what the user feeds). */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly initializers: ReadonlyMap<string, Tensor>;
  /** value_info entries (intermediate type/shape hints). */
  readonly valueInfo: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  readonly irVersion: number;
  /** Opset version per domain ('' = ai.onnx). */
  readonly opsets: ReadonlyMap<string, number>;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly graph: OnnxGraph;
  /** Where the model came from (for error messages). */
  readonly source: string;
}
