/**
 * A small ONNX encoder for tests: builds ModelProto / TensorProto objects (snake_case, as in
 * onnx.proto) and encodes them with the same protobufjs schema the reader uses. 64-bit integers
 * may be given as numbers or decimal strings (for values beyond 2^53).
 */
import {
  AttributeType,
  ModelProtoType,
  TensorDataType,
  TensorProtoType,
} from '../../workers/engine/onnx/onnx-schema.js';

export { AttributeType, TensorDataType };

type Int64 = number | string;

export interface TensorProtoInit {
  name?: string;
  data_type: number;
  dims: Int64[];
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: Int64[];
  double_data?: number[];
  uint64_data?: Int64[];
  string_data?: Uint8Array[];
  external_data?: { key: string; value: string }[];
  data_location?: number;
}

export interface AttributeInit {
  name: string;
  type: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProtoInit;
  g?: Uint8Array;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
}

export interface NodeInit {
  op_type: string;
  input: string[];
  output: string[];
  name?: string;
  domain?: string;
  attribute?: AttributeInit[];
}

export interface ValueInfoInit {
  name: string;
  type?: {
    tensor_type?: { elem_type: number; shape?: { dim: ({ dim_value: Int64 } | { dim_param: string } | object)[] } };
    sequence_type?: Uint8Array;
  };
}

export interface GraphInit {
  name?: string;
  node: NodeInit[];
  input?: ValueInfoInit[];
  output?: ValueInfoInit[];
  initializer?: TensorProtoInit[];
  value_info?: ValueInfoInit[];
  sparse_initializer?: Uint8Array[];
}

export interface ModelInit {
  ir_version?: Int64;
  opset_import?: { domain: string; version: Int64 }[];
  producer_name?: string;
  producer_version?: string;
  graph?: GraphInit;
}

const utf8 = new TextEncoder();

/** Little-endian bytes of a typed array (what raw_data holds). */
export function rawBytes(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

/** A float32 tensor stored in raw_data. */
export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorProtoInit {
  return { name, data_type: TensorDataType.FLOAT, dims, raw_data: rawBytes(Float32Array.from(values)) };
}

/** A graph input/output description; `dims` entries are sizes or symbolic names. */
export function valueInfo(name: string, elemType: number, dims?: (number | string)[]): ValueInfoInit {
  const shape = dims && { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) };
  return { name, type: { tensor_type: { elem_type: elemType, ...(shape ? { shape } : {}) } } };
}

export function node(
  opType: string,
  input: string[],
  output: string[],
  name = '',
  attribute: AttributeInit[] = [],
  domain = '',
): NodeInit {
  return { op_type: opType, input, output, name, attribute, domain };
}

export const attr = {
  float: (name: string, f: number): AttributeInit => ({ name, type: AttributeType.FLOAT, f }),
  int: (name: string, i: Int64): AttributeInit => ({ name, type: AttributeType.INT, i }),
  string: (name: string, s: string): AttributeInit => ({ name, type: AttributeType.STRING, s: utf8.encode(s) }),
  tensor: (name: string, t: TensorProtoInit): AttributeInit => ({ name, type: AttributeType.TENSOR, t }),
  floats: (name: string, floats: number[]): AttributeInit => ({ name, type: AttributeType.FLOATS, floats }),
  ints: (name: string, ints: Int64[]): AttributeInit => ({ name, type: AttributeType.INTS, ints }),
  strings: (name: string, s: string[]): AttributeInit => ({
    name,
    type: AttributeType.STRINGS,
    strings: s.map((x) => utf8.encode(x)),
  }),
};

/** A model around `graph` with an ai.onnx opset import (13 unless given). */
export function model(graph: GraphInit, opset = 13, irVersion = 8): ModelInit {
  return {
    ir_version: irVersion,
    opset_import: [{ domain: '', version: opset }],
    producer_name: 'edgefront-test',
    graph,
  };
}

// protobufjs returns a Node Buffer, whose slice() is a view; copy into a plain Uint8Array so tests
// that damage a slice do not damage the original.
export function encodeModel(init: ModelInit): Uint8Array {
  return new Uint8Array(ModelProtoType.encode(ModelProtoType.fromObject(init)).finish());
}

export function encodeTensor(init: TensorProtoInit): Uint8Array {
  return new Uint8Array(TensorProtoType.encode(TensorProtoType.fromObject(init)).finish());
}
