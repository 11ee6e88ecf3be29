/**
 * The one error every operator throws when a node makes no sense (wrong rank, channel counts that
 * do not match, an attribute out of range): a `UserError` with code `op-invalid` whose message
 * starts with the node ("Conv node 'conv1': …"), so the user can find it in their model.
 */
import { UserError } from '../../../src-shared/errors.js';

interface NodeWhere {
  readonly where: string;
  readonly nodeName: string;
  readonly opType: string;
}

export function opInvalid(ctx: NodeWhere, message: string, details?: Record<string, unknown>): UserError {
  return new UserError('op-invalid', `${ctx.where}: ${message}`, { node: ctx.nodeName, opType: ctx.opType, ...details });
}

/** A failure only the data reveals (an integer division by zero, an index out of range). */
export function opRuntime(ctx: NodeWhere, message: string, details?: Record<string, unknown>): UserError {
  return new UserError('op-runtime', `${ctx.where}: ${message}`, { node: ctx.nodeName, opType: ctx.opType, ...details });
}

/** A valid ONNX feature EdgeFront does not implement (e.g. Pad mode 'reflect'). */
export function opUnsupported(ctx: NodeWhere, message: string, details?: Record<string, unknown>): UserError {
  return new UserError('op-unsupported', `${ctx.where}: ${message}`, { node: ctx.nodeName, opType: ctx.opType, ...details });
}
