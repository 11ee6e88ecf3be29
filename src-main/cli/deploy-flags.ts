/**
 * The quantization / pruning flags shared by `eval` and `run`, and their translation into a
 * validated DeployConfig. Omitted quantization flags mean float; `--wbits` alone quantizes the
 * weights only, `--abits` alone the activations only (DESIGN.md's CLI contract).
 */
import { readFileSync } from 'node:fs';
import {
  CALIB_METHODS,
  EXEC_MODES,
  GRANULARITIES,
  PRUNE_KINDS,
  QUANTIZERS,
  WEIGHT_ROUNDINGS,
  deployConfigSchema,
  layerOverrideSchema,
  type DeployConfig,
} from '../../src-shared/deploy-config.js';
import { CODING_METHODS, DEFAULT_HARDWARE, FAULT_MODES, FAULT_PERSISTENCES, STORAGE_FORMATS, deployTargetSchema, type DeployTarget } from '../../src-shared/deploy-target.js';
import { UserError } from '../../src-shared/errors.js';
import { choiceFlag, intFlag, numberFlag } from './flag-values.js';
import { UsageError } from './usage-error.js';

export const DEPLOY_OPTIONS = {
  wbits: { type: 'string' },
  abits: { type: 'string' },
  quantizer: { type: 'string' },
  'act-quantizer': { type: 'string' },
  granularity: { type: 'string' },
  'wide-range': { type: 'boolean' },
  'weight-clip': { type: 'string' },
  'weight-rounding': { type: 'string' },
  prune: { type: 'string' },
  'prune-kind': { type: 'string' },
  'prune-scope': { type: 'string' },
  'calib-method': { type: 'string' },
  'calib-percentile': { type: 'string' },
  'no-fold-bn': { type: 'boolean' },
  mode: { type: 'string' },
  'acc-bits': { type: 'string' },
  'acc-overflow': { type: 'string' },
  'layer-config': { type: 'string' },
} as const;

/** Hardware, voltage, storage and fault flags of `eval` (a DeployTarget). */
export const TARGET_OPTIONS = {
  hw: { type: 'string' },
  vdd: { type: 'string' },
  coding: { type: 'string' },
  storage: { type: 'string' },
  'protect-msb': { type: 'string' },
  'fault-mode': { type: 'string' },
  'fault-persistence': { type: 'string' },
  seeds: { type: 'string' },
} as const;

export const targetHelp = (builtins: readonly string[]): string => `Hardware, voltage and storage (cost models: docs/cost-models.md, faults: docs/faults.md):
  --hw PROFILE            hardware profile: a built-in id (${builtins.join(', ')}) or a profile JSON file
                          (default ${DEFAULT_HARDWARE})
  --vdd V                 SRAM supply voltage in volts (default: the profile's nominal voltage);
                          below the profile's Vmin, stored weight bits fail at the profile's BER(V)
  --seeds K               Monte-Carlo fault draws at that voltage (default 1): mean, std, 95 % CI
  --fault-mode M          flip|stuck-at (default flip)
  --fault-persistence P   persistent|transient (default persistent: failing cells fail on every
                          read; transient: each block of 16 inferences reads a fresh fault draw)
  --protect-msb K         the top K bits of every weight word never fail (ECC / hardened cells)
  --coding C              none|huffman|rans entropy coding of the stored weights (default none)
  --storage S             dense|csr|relative|auto weight format without coding (default dense)`;

type TargetValues = { [K in keyof typeof TARGET_OPTIONS]?: string };

export function deployTargetFromFlags(v: TargetValues): DeployTarget {
  const raw = {
    hardware: v.hw,
    vdd: numberFlag('vdd', v.vdd, 0.01, 5),
    coding: choiceFlag('coding', v.coding, CODING_METHODS),
    storage: choiceFlag('storage', v.storage, STORAGE_FORMATS),
    protectMsb: intFlag('protect-msb', v['protect-msb'], 0, 16),
    faultMode: choiceFlag('fault-mode', v['fault-mode'], FAULT_MODES),
    faultPersistence: choiceFlag('fault-persistence', v['fault-persistence'], FAULT_PERSISTENCES),
    seeds: intFlag('seeds', v.seeds, 1, 10000),
  };
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined));
  const parsed = deployTargetSchema.safeParse(cleaned);
  if (!parsed.success) throw new UsageError(`Invalid hardware settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  if (parsed.data.coding !== 'none' && v.storage !== undefined) {
    throw new UsageError(`--storage ${v.storage} and --coding ${parsed.data.coding} exclude each other: entropy-coded weights are stored as the coded stream. Give one of them.`);
  }
  return parsed.data;
}

export const DEPLOY_HELP = `Quantization and pruning (omitted quantization flags mean float):
  --wbits B               weight bits 1-16 (alone: weights only)
  --abits B               activation bits 1-16 (alone: activations only)
  --quantizer Q           weight quantizer: ${QUANTIZERS.join('|')} (default symmetric)
  --act-quantizer Q       activation quantizer (default asymmetric)
  --granularity G         channel|tensor (weights; default channel)
  --wide-range            weights use [-2^(b-1), 2^(b-1)-1] instead of the narrow range
  --weight-clip R         clamp each weight group to R (0..1] of its range before quantizing
                          (default 1: no clipping; smaller steps, smaller bit-flip damage)
  --weight-rounding M     nearest|truncate (default nearest; truncate = a plain float-to-int cast)
  --prune R               prune a fraction R (0..1) of the weights before quantization
  --prune-kind K          unstructured|filter (default unstructured)
  --prune-scope S         global|layer for unstructured pruning (default global)
  --calib-method M        minmax|percentile|mse (default minmax)
  --calib-percentile P    percentile for --calib-method percentile (default 99.99)
  --no-fold-bn            keep BatchNormalization separate instead of folding it
  --mode M                fake|integer (default fake: dequantized floats; integer: integer codes,
                          exact accumulation, fixed-point requantization)
  --acc-bits B            integer mode accumulator width 8-32 (default 32)
  --acc-overflow O        wrap|saturate (default wrap)
  --layer-config FILE     per-layer overrides: JSON {"layerName": {"weightBits": 4, ...}}`;

type DeployValues = { [K in keyof typeof DEPLOY_OPTIONS]?: (typeof DEPLOY_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export function deployConfigFromFlags(v: DeployValues): DeployConfig {
  const weightQuantizer = choiceFlag('quantizer', v.quantizer, QUANTIZERS);
  let weightBits = intFlag('wbits', v.wbits, 1, 16) ?? null;
  // Binary and ternary fix their own width; naming them is enough to quantize the weights.
  if (weightBits === null && weightQuantizer === 'binary') weightBits = 1;
  if (weightBits === null && weightQuantizer === 'ternary') weightBits = 2;
  let layers: Record<string, unknown> = {};
  if (v['layer-config'] !== undefined) layers = readLayerConfig(v['layer-config']);
  const raw = {
    weightBits,
    activationBits: intFlag('abits', v.abits, 1, 16) ?? null,
    weightQuantizer,
    activationQuantizer: choiceFlag('act-quantizer', v['act-quantizer'], QUANTIZERS),
    granularity: choiceFlag('granularity', v.granularity, GRANULARITIES),
    narrowRange: v['wide-range'] ? false : undefined,
    weightClip: numberFlag('weight-clip', v['weight-clip'], 1e-6, 1),
    weightRounding: choiceFlag('weight-rounding', v['weight-rounding'], WEIGHT_ROUNDINGS),
    pruneRatio: numberFlag('prune', v.prune, 0, 1),
    pruneKind: choiceFlag('prune-kind', v['prune-kind'], PRUNE_KINDS),
    pruneScope: choiceFlag('prune-scope', v['prune-scope'], ['global', 'layer'] as const),
    calibMethod: choiceFlag('calib-method', v['calib-method'], CALIB_METHODS),
    calibPercentile: numberFlag('calib-percentile', v['calib-percentile'], 50.000001, 100),
    foldBatchNorm: v['no-fold-bn'] ? false : undefined,
    mode: choiceFlag('mode', v.mode, EXEC_MODES),
    accumulatorBits: intFlag('acc-bits', v['acc-bits'], 8, 32),
    accumulatorOverflow: choiceFlag('acc-overflow', v['acc-overflow'], ['wrap', 'saturate'] as const),
    layers,
  };
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined));
  const parsed = deployConfigSchema.safeParse(cleaned);
  if (!parsed.success) throw new UsageError(`Invalid quantization settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  return parsed.data;
}

function readLayerConfig(path: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError('layer-config', `Cannot read the layer configuration ${path}: ${(e as Error).message}. It must be a JSON object mapping layer names to settings.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UserError('layer-config', `${path} must hold a JSON object mapping layer names to settings, e.g. {"conv1": {"weightBits": 4}}.`);
  }
  for (const [name, o] of Object.entries(json)) {
    const r = layerOverrideSchema.safeParse(o);
    if (!r.success) {
      throw new UserError('layer-config', `${path}: layer '${name}': ${r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}.`);
    }
  }
  return json as Record<string, unknown>;
}
