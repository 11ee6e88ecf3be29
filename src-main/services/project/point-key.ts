/**
 * The identity of a design point: the sha256 of the canonical JSON of its full configuration and
 * target. Results are stored under this key, so the sweep skips points already evaluated and a
 * point is found again whatever the key order or the spelling of defaults in the input (both are
 * normalized through their schemas first: `{}` and `{ weightBits: null }` are the same point).
 */
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import { deployConfigSchema, type DeployConfig, type DeployConfigInput } from '../../../src-shared/deploy-config.js';
import { deployTargetSchema, type DeployTarget, type DeployTargetInput } from '../../../src-shared/deploy-target.js';
import { sha256Bytes } from './sha256-file.js';

export function pointKey(config: DeployConfig | DeployConfigInput, target: DeployTarget | DeployTargetInput): string {
  const normalized = { config: deployConfigSchema.parse(config), target: deployTargetSchema.parse(target) };
  return sha256Bytes(canonicalJson(normalized));
}
