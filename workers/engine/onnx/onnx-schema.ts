/**
 * The part of onnx.proto that EdgeFront reads, as protobufjs types.
 *
 * Field numbers are copied from the official schema
 * (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto, checked against the v1.x file in the
 * onnx/onnx repository). Fields EdgeFront never looks inside are declared as `bytes` with the
 * same field number: a message field is length-delimited on the wire exactly like `bytes`, so the
 * file still decodes, but sub-graphs, sparse tensors and type protos are skipped in O(1) instead of
 * being decoded recursively (a hostile file cannot make us recurse through nested graphs).
 * Fields not declared at all are skipped by protobufjs as unknown fields.
 */
import protobuf from 'protobufjs';

const ONNX_PROTO = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; SPARSE_TENSOR = 11;
    TYPE_PROTO = 13; FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
    SPARSE_TENSORS = 12; TYPE_PROTOS = 14;
  }
  optional string name = 1;
  optional string ref_attr_name = 21;
  optional string doc_string = 13;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  optional bytes g = 6;                 // GraphProto, not decoded
  optional bytes sparse_tensor = 22;    // SparseTensorProto, not decoded
  optional bytes tp = 14;               // TypeProto, not decoded
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated bytes tensors = 10;          // TensorProto list, not decoded
  repeated bytes graphs = 11;           // GraphProto list, not decoded
  repeated bytes sparse_tensors = 23;   // not decoded
  repeated bytes type_protos = 15;      // not decoded
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated bytes sparse_initializer = 15;   // SparseTensorProto, not decoded
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7;
    STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13; COMPLEX64 = 14;
    COMPLEX128 = 15; BFLOAT16 = 16; FLOAT8E4M3FN = 17; FLOAT8E4M3FNUZ = 18; FLOAT8E5M2 = 19;
    FLOAT8E5M2FNUZ = 20; UINT4 = 21; INT4 = 22; FLOAT4E2M1 = 23; FLOAT8E8M0 = 24; UINT2 = 25;
    INT2 = 26;
  }
  message Segment {
    optional int64 begin = 1;
    optional int64 end = 2;
  }
  enum DataLocation { DEFAULT = 0; EXTERNAL = 1; }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional Segment segment = 3;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional string doc_string = 12;
  optional bytes raw_data = 9;
  repeated StringStringEntryProto external_data = 13;
  optional DataLocation data_location = 14;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    optional string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
    bytes sequence_type = 4;        // Sequence, not decoded
    bytes map_type = 5;             // Map, not decoded
    bytes opaque_type = 7;          // Opaque, not decoded
    bytes sparse_tensor_type = 8;   // SparseTensor, not decoded
    bytes optional_type = 9;        // Optional, not decoded
  }
  optional string denotation = 6;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

/** `TensorProto.DataType` (onnx.proto). */
export const TensorDataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
  FLOAT8E4M3FN: 17,
  FLOAT8E4M3FNUZ: 18,
  FLOAT8E5M2: 19,
  FLOAT8E5M2FNUZ: 20,
  UINT4: 21,
  INT4: 22,
  FLOAT4E2M1: 23,
  FLOAT8E8M0: 24,
  UINT2: 25,
  INT2: 26,
} as const;

/** `AttributeProto.AttributeType` (onnx.proto). */
export const AttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
  TYPE_PROTO: 13,
  TYPE_PROTOS: 14,
} as const;

/** `TensorProto.DataLocation` (onnx.proto). */
export const DataLocation = { DEFAULT: 0, EXTERNAL: 1 } as const;

/** The name of a `TensorProto.DataType` value, or `data type N` for values this schema does not know. */
export function dataTypeName(code: number): string {
  for (const [name, value] of Object.entries(TensorDataType)) if (value === code) return name;
  return `data type ${code}`;
}

// keepCase: the decoded objects use the snake_case field names of onnx.proto.
const root = protobuf.parse(ONNX_PROTO, { keepCase: true }).root;

export const ModelProtoType: protobuf.Type = root.lookupType('onnx.ModelProto');
export const GraphProtoType: protobuf.Type = root.lookupType('onnx.GraphProto');
export const TensorProtoType: protobuf.Type = root.lookupType('onnx.TensorProto');

/*
 * The decoded shapes, as far as EdgeFront reads them. protobufjs puts defaults for absent fields on
 * the prototype (so `hasOwnProperty` tells presence), decodes int64 as Long and bytes as views into
 * the input buffer.
 */

/** A 64-bit integer as protobufjs decodes it (a `Long` from the `long` package, or a number). */
export type Int64Like = number | { readonly low: number; readonly high: number; readonly unsigned: boolean };

export interface StringStringEntryMessage {
  readonly key: string;
  readonly value: string;
}

export interface TensorProtoMessage {
  readonly dims: readonly Int64Like[];
  readonly data_type: number;
  readonly segment?: { readonly begin: Int64Like; readonly end: Int64Like } | null;
  readonly float_data: readonly number[];
  readonly int32_data: readonly number[];
  readonly string_data: readonly Uint8Array[];
  readonly int64_data: readonly Int64Like[];
  readonly name: string;
  readonly raw_data: Uint8Array;
  readonly external_data: readonly StringStringEntryMessage[];
  readonly data_location: number;
  readonly double_data: readonly number[];
  readonly uint64_data: readonly Int64Like[];
}

export interface AttributeProtoMessage {
  readonly name: string;
  readonly ref_attr_name: string;
  readonly type: number;
  readonly f: number;
  readonly i: Int64Like;
  readonly s: Uint8Array;
  readonly t?: TensorProtoMessage | null;
  readonly g: Uint8Array;
  readonly sparse_tensor: Uint8Array;
  readonly tp: Uint8Array;
  readonly floats: readonly number[];
  readonly ints: readonly Int64Like[];
  readonly strings: readonly Uint8Array[];
  readonly tensors: readonly Uint8Array[];
  readonly graphs: readonly Uint8Array[];
  readonly sparse_tensors: readonly Uint8Array[];
  readonly type_protos: readonly Uint8Array[];
}

export interface DimensionMessage {
  readonly dim_value: Int64Like;
  readonly dim_param: string;
}

export interface TypeProtoMessage {
  readonly tensor_type?: {
    readonly elem_type: number;
    readonly shape?: { readonly dim: readonly DimensionMessage[] } | null;
  } | null;
  readonly sequence_type: Uint8Array;
  readonly map_type: Uint8Array;
  readonly opaque_type: Uint8Array;
  readonly sparse_tensor_type: Uint8Array;
  readonly optional_type: Uint8Array;
}

export interface ValueInfoProtoMessage {
  readonly name: string;
  readonly type?: TypeProtoMessage | null;
}

export interface NodeProtoMessage {
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly name: string;
  readonly op_type: string;
  readonly domain: string;
  readonly attribute: readonly AttributeProtoMessage[];
}

export interface GraphProtoMessage {
  readonly node: readonly NodeProtoMessage[];
  readonly name: string;
  readonly initializer: readonly TensorProtoMessage[];
  readonly sparse_initializer: readonly Uint8Array[];
  readonly input: readonly ValueInfoProtoMessage[];
  readonly output: readonly ValueInfoProtoMessage[];
  readonly value_info: readonly ValueInfoProtoMessage[];
}

export interface OperatorSetIdMessage {
  readonly domain: string;
  readonly version: Int64Like;
}

export interface ModelProtoMessage {
  readonly ir_version: Int64Like;
  readonly opset_import: readonly OperatorSetIdMessage[];
  readonly producer_name: string;
  readonly producer_version: string;
  readonly graph?: GraphProtoMessage | null;
}

/** True when the decoded message carries `field` (absent fields only exist on the prototype). */
export function hasField(message: object, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, field);
}
