/**
 * Reads a serialized `TensorProto` (.pb), the format of the ONNX backend test inputs/outputs and
 * of `edgefront run --input NAME=FILE`.
 */
import { UserError } from '../../../src-shared/errors.js';
import type { Tensor } from '../tensor.js';
import { decodeMessage } from './decode-message.js';
import { detectNonOnnxFormat } from './file-signature.js';
import { type TensorProtoMessage, TensorProtoType } from './onnx-schema.js';
import { readBoundedFile } from './read-model.js';
import { tensorFromProto } from './tensor-from-proto.js';

/** The tensor and its `name` field ('' when the file does not name it). */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: Tensor;
}

/** Decodes a TensorProto held in memory; `source` names it in error messages. */
export function readTensorProto(bytes: Uint8Array, source: string): NamedTensor {
  if (bytes.length === 0) {
    throw new UserError('onnx-empty', `'${source}' is empty (0 bytes), so it holds no tensor.`, { source });
  }
  const format = detectNonOnnxFormat(bytes);
  if (format !== undefined) {
    throw new UserError(
      'onnx-not-onnx',
      `'${source}' is ${format}, not a serialized ONNX TensorProto (.pb). Save the tensor with ` +
        `onnx.numpy_helper.from_array(...).SerializeToString().`,
      { source, format },
    );
  }
  const proto = decodeMessage<TensorProtoMessage>(TensorProtoType, bytes, source, 'ONNX TensorProto (.pb)');
  const what = proto.name === '' ? `tensor in '${source}'` : `tensor '${proto.name}' in '${source}'`;
  return { name: proto.name, tensor: tensorFromProto(proto, what) };
}

/** Reads a .pb tensor file from disk (see `readTensorProto`). */
export async function readTensorProtoFile(path: string): Promise<NamedTensor> {
  return readTensorProto(await readBoundedFile(path, 'tensor file'), path);
}
