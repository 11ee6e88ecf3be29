/**
 * Runs a protobufjs decoder on untrusted bytes and turns every failure into a `UserError`.
 *
 * protobufjs bounds-checks every length it reads (RangeError "index out of range"), rejects
 * invalid wire types and limits nesting depth, so a broken file fails fast; what it throws is
 * not an EdgeFront error, hence this wrapper.
 */
import type protobuf from 'protobufjs';
import { UserError } from '../../../src-shared/errors.js';

/** `kind` says what the file should have been, e.g. "ONNX model" or "ONNX TensorProto (.pb)". */
export function decodeMessage<T>(type: protobuf.Type, bytes: Uint8Array, source: string, kind: string): T {
  try {
    return type.decode(bytes) as unknown as T;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new UserError(
      'onnx-malformed',
      `'${source}' is not a valid ${kind}: its protobuf encoding is broken (${reason}). The file may be ` +
        `truncated or corrupted; export or download it again.`,
      { source, reason },
    );
  }
}
