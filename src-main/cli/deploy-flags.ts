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
  deployConfigSchema,
  layerOverrideSchema,
  type DeployConfig,
} from '../../src-shared/deploy-config.js';
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
  // Cost-model flags: accepted now, answered "not yet available" until the cost models land.
  vdd: { type: 'string' },
  coding: { type: 'string' },
  hw: { type: 'string' },
  'protect-msb': { type: 'string' },
} as const;

export const DEPLOY_HELP = `Quantization and pruning (omitted quantization flags mean float):
  --wbits B               weight bits 1-16 (alone: weights only)
  --abits B               activation bits 1-16 (alone: activations only)
  --quantizer Q           weight quantizer: ${QUANTIZERS.join('|')} (default symmetric)
  --act-quantizer Q       activation quantizer (default asymmetric)
  --granularity G         channel|tensor (weights; default channel)
  --wide-range            weights use [-2^(b-1), 2^(b-1)-1] instead of the narrow range
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
  --layer-config FILE     per-layer overrides: JSON {"layerName": {"weightBits": 4, ...}}
Cost models (not yet available; the flags are reserved):
  --vdd V  --coding none|huffman|rans  --hw PROFILE_ID  --protect-msb K`;

type DeployValues = { [K in keyof typeof DEPLOY_OPTIONS]?: (typeof DEPLOY_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export function deployConfigFromFlags(v: DeployValues): DeployConfig {
  const notYet = (flag: string) =>
    new UserError(
      'not-yet-available',
      `${flag} is not yet available: the hardware cost models, SRAM voltage scaling and entropy coding arrive in a later EdgeFront release. Leave the flag out for now.`,
    );
  if (v.vdd !== undefined) throw notYet('--vdd');
  if (v.hw !== undefined) throw notYet('--hw');
  if (v['protect-msb'] !== undefined) throw notYet('--protect-msb');
  if (v.coding !== undefined) {
    const coding = choiceFlag('coding', v.coding, ['none', 'huffman', 'rans'] as const);
    if (coding !== 'none') throw notYet(`--coding ${coding}`);
  }
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
