/**
 * Converts a decoded `AttributeProto` to an `OnnxAttributeValue`.
 *
 * The `type` discriminator is required since IR version 2 (onnx.proto, AttributeProto.type); for
 * older files it is inferred from the field that is set, as onnx.proto prescribes for IR 1.
 * Sub-graphs, sparse tensors, tensor lists and type protos are recognized but not decoded.
 */
import type { OnnxAttributeValue } from './model.js';
import { int64ToNumber } from './int64.js';
import { type AttributeProtoMessage, AttributeType, hasField } from './onnx-schema.js';
import { tensorFromProto } from './tensor-from-proto.js';

const utf8 = new TextDecoder('utf-8');

/** `what` names the attribute for error messages, e.g. "attribute 'value' of node 'c' in 'm.onnx'". */
export function attributeFromProto(proto: AttributeProtoMessage, what: string): OnnxAttributeValue {
  switch (proto.type === AttributeType.UNDEFINED ? inferType(proto) : proto.type) {
    case AttributeType.FLOAT:
      return { type: 'float', value: proto.f };
    case AttributeType.INT:
      return { type: 'int', value: int64ToNumber(proto.i) };
    case AttributeType.STRING:
      return { type: 'string', value: utf8.decode(proto.s) };
    case AttributeType.TENSOR:
      // A TENSOR attribute without a tensor is an empty message in the file: read it as one.
      return { type: 'tensor', value: tensorFromProto(proto.t ?? EMPTY_TENSOR, `tensor of the ${what}`) };
    case AttributeType.FLOATS:
      return { type: 'floats', value: [...proto.floats] };
    case AttributeType.INTS:
      return { type: 'ints', value: proto.ints.map(int64ToNumber) };
    case AttributeType.STRINGS:
      return { type: 'strings', value: proto.strings.map((s) => utf8.decode(s)) };
    case AttributeType.GRAPH:
      return { type: 'graph', value: null };
    case AttributeType.GRAPHS:
      return { type: 'graphs', value: null };
    case AttributeType.SPARSE_TENSOR:
      return { type: 'sparse_tensor', value: null };
    case AttributeType.TYPE_PROTO:
    case AttributeType.TYPE_PROTOS:
      return { type: 'type_proto', value: null };
    default:
      return { type: 'unsupported', value: null };
  }
}

const EMPTY_TENSOR = {
  dims: [],
  data_type: 0,
  float_data: [],
  int32_data: [],
  string_data: [],
  int64_data: [],
  name: '',
  raw_data: new Uint8Array(0),
  external_data: [],
  data_location: 0,
  double_data: [],
  uint64_data: [],
};

/** IR version 1 had no type field: the one value field that is set says the type. */
function inferType(proto: AttributeProtoMessage): number {
  if (hasField(proto, 'f')) return AttributeType.FLOAT;
  if (hasField(proto, 'i')) return AttributeType.INT;
  if (hasField(proto, 's')) return AttributeType.STRING;
  if (hasField(proto, 't')) return AttributeType.TENSOR;
  if (hasField(proto, 'g')) return AttributeType.GRAPH;
  if (proto.floats.length > 0) return AttributeType.FLOATS;
  if (proto.ints.length > 0) return AttributeType.INTS;
  if (proto.strings.length > 0) return AttributeType.STRINGS;
  if (proto.tensors.length > 0) return AttributeType.TENSORS;
  if (proto.graphs.length > 0) return AttributeType.GRAPHS;
  return AttributeType.UNDEFINED;
}
