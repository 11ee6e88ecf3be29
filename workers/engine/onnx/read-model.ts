/**
 * Reads an ONNX model file into an `OnnxModel`: decodes the protobuf, converts every tensor to an
 * engine `Tensor`, and rejects files that are empty, not ONNX, broken or structurally unusable
 * with one `UserError` each. Operator support and graph consistency are checked separately by
 * `validateModel` (validate.ts). Error codes are listed in docs/onnx-import.md.
 */
import { readFile, stat } from 'node:fs/promises';
import { UserError } from '../../../src-shared/errors.js';
import type { Tensor } from '../tensor.js';
import { attributeFromProto } from './attribute-from-proto.js';
import { decodeMessage } from './decode-message.js';
import { detectNonOnnxFormat } from './file-signature.js';
import { int64ToNumber } from './int64.js';
import type { OnnxAttributeValue, OnnxGraph, OnnxModel, OnnxNode } from './model.js';
import {
  type GraphProtoMessage,
  type ModelProtoMessage,
  type NodeProtoMessage,
  ModelProtoType,
  hasField,
} from './onnx-schema.js';
import { tensorFromProto } from './tensor-from-proto.js';
import { valueInfoFromProto } from './value-info-from-proto.js';

/** Protobuf messages cannot exceed 2 GiB; larger ONNX models must use external data anyway. */
export const MAX_MODEL_BYTES = 2 ** 31 - 1;

/** Reads and converts an ONNX model held in memory; `source` names it in error messages. */
export function readOnnxModel(bytes: Uint8Array, source: string): OnnxModel {
  if (bytes.length === 0) {
    throw new UserError('onnx-empty', `'${source}' is empty (0 bytes), so it holds no ONNX model. Export the model again.`, {
      source,
    });
  }
  const format = detectNonOnnxFormat(bytes);
  if (format !== undefined) {
    throw new UserError(
      'onnx-not-onnx',
      `'${source}' is ${format}, not an ONNX model. Choose the .onnx file exported from your framework ` +
        `(e.g. with torch.onnx.export).`,
      { source, format },
    );
  }
  const proto = decodeMessage<ModelProtoMessage>(ModelProtoType, bytes, source, 'ONNX model');
  if (!proto.graph) {
    if (!hasField(proto, 'ir_version') && proto.opset_import.length === 0) {
      throw new UserError(
        'onnx-not-onnx',
        `'${source}' is not an ONNX model: it has none of the fields of one (ir_version, opset_import, graph). ` +
          `Choose the .onnx file exported from your framework.`,
        { source },
      );
    }
    throw new UserError(
      'onnx-no-graph',
      `'${source}' is an ONNX file without a graph (ModelProto.graph is missing), so there is nothing to run. ` +
        `Export the model again.`,
      { source },
    );
  }
  return {
    irVersion: int64ToNumber(proto.ir_version),
    opsets: opsetsOf(proto),
    producerName: proto.producer_name,
    producerVersion: proto.producer_version,
    graph: graphFromProto(proto.graph, source),
    source,
  };
}

/** Reads a model file from disk (see `readOnnxModel`). */
export async function readOnnxModelFile(path: string): Promise<OnnxModel> {
  return readOnnxModel(await readBoundedFile(path, 'ONNX model'), path);
}

/** Reads a whole file, refusing ones larger than a protobuf message can be. */
export async function readBoundedFile(path: string, kind: string): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new UserError('file-unreadable', `Cannot read the ${kind} '${path}' (${reason}). Check the path.`, {
      path,
      reason,
    });
  }
  if (size > MAX_MODEL_BYTES) {
    throw new UserError(
      'onnx-too-large',
      `'${path}' is ${size} bytes, larger than the 2 GiB a protobuf file can hold. Models this large store ` +
        `their weights as external data, which EdgeFront does not read yet.`,
      { path, size },
    );
  }
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function opsetsOf(proto: ModelProtoMessage): Map<string, number> {
  const opsets = new Map<string, number>();
  for (const entry of proto.opset_import) {
    const domain = normalizeDomain(entry.domain);
    const version = int64ToNumber(entry.version);
    // Duplicates are invalid; the highest version is what nodes would bind to.
    opsets.set(domain, Math.max(version, opsets.get(domain) ?? -Infinity));
  }
  return opsets;
}

/** 'ai.onnx' and '' both name the default operator set; EdgeFront uses ''. */
function normalizeDomain(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain;
}

function graphFromProto(graph: GraphProtoMessage, source: string): OnnxGraph {
  if (graph.node.length === 0) {
    throw new UserError(
      'onnx-empty-graph',
      `The graph of '${source}' has no nodes, so it computes nothing. Export the model again.`,
      { source },
    );
  }
  if (graph.output.length === 0) {
    throw new UserError(
      'onnx-no-outputs',
      `The graph of '${source}' declares no outputs, so nothing it computes can be read. Export the model ` +
        `again with its outputs named.`,
      { source },
    );
  }
  if (graph.sparse_initializer.length > 0) {
    throw new UserError(
      'onnx-unsupported-tensor',
      `'${source}' has ${graph.sparse_initializer.length} sparse initializer(s), which EdgeFront does not read. ` +
        `Store them as dense initializers (e.g. convert with onnx.numpy_helper) and save again.`,
      { source },
    );
  }
  const initializers = new Map<string, Tensor>();
  graph.initializer.forEach((proto, index) => {
    const what = `initializer '${proto.name}' (#${index}) in '${source}'`;
    if (proto.name === '' || initializers.has(proto.name)) {
      throw new UserError(
        'onnx-bad-initializer',
        proto.name === ''
          ? `The initializer #${index} in '${source}' has no name, so no node can use it. Export the model again.`
          : `'${source}' has two initializers named '${proto.name}'; names must be unique. Export the model again.`,
        { source, name: proto.name, index },
      );
    }
    initializers.set(proto.name, tensorFromProto(proto, what));
  });
  return {
    name: graph.name,
    nodes: graph.node.map((node, index) => nodeFromProto(node, index, source)),
    // Before IR version 4 every initializer was also listed as a graph input; those are weights,
    // not something the user feeds.
    inputs: graph.input
      .filter((input) => !initializers.has(input.name))
      .map((input) => valueInfoFromProto(input, `graph input '${input.name}' of '${source}'`, true)),
    outputs: graph.output.map((output) => valueInfoFromProto(output, `graph output '${output.name}' of '${source}'`, true)),
    initializers,
    valueInfo: graph.value_info.map((info) => valueInfoFromProto(info, `value_info '${info.name}' of '${source}'`, false)),
  };
}

function nodeFromProto(node: NodeProtoMessage, index: number, source: string): OnnxNode {
  const label = node.name === '' ? `node #${index} (${node.op_type})` : `node '${node.name}' (${node.op_type})`;
  const attributes = new Map<string, OnnxAttributeValue>();
  for (const attribute of node.attribute) {
    attributes.set(attribute.name, attributeFromProto(attribute, `attribute '${attribute.name}' of ${label} in '${source}'`));
  }
  return {
    name: node.name,
    opType: node.op_type,
    domain: normalizeDomain(node.domain),
    inputs: [...node.input],
    outputs: [...node.output],
    attributes,
  };
}
