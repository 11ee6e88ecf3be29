/**
 * The commands that reproduce a report: the sweep and report commands of the project, and the
 * `edgefront eval` command line of a single design point (the knee), so a colleague can check one
 * number without rerunning a sweep.
 *
 * The eval line is derived from the stored DeployConfig/DeployTarget field by field, printing only
 * what differs from the defaults (the CLI's defaults are the schema's). Settings `eval` has no flag
 * for are reported as notes instead of being silently dropped: a command that looks complete but
 * evaluates another point would be worse than one that says what it cannot express.
 */
import { deployConfigSchema, type DeployConfig } from '../../../src-shared/deploy-config.js';
import { deployTargetSchema, type DeployTarget } from '../../../src-shared/deploy-target.js';
import { PROJECT_EXTENSION } from '../../../src-shared/project-file.js';
import type { ReportModel } from './report-data.js';

/** An argument as a POSIX shell word: unchanged when safe, else single-quoted. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface EvalCommand {
  /** The argument vector after `edgefront`. */
  readonly argv: readonly string[];
  /** The command line, shell-quoted. */
  readonly command: string;
  /** JSON to save as the `--layer-config` file, when the point has per-layer overrides. */
  readonly layerConfig: { readonly file: string; readonly json: string } | null;
  /** What the command line cannot express, or what the reader must prepare. */
  readonly notes: readonly string[];
}

const CONFIG_DEFAULTS: DeployConfig = deployConfigSchema.parse({});
const TARGET_DEFAULTS: DeployTarget = deployTargetSchema.parse({});

/** The `edgefront eval` command of one design point of the project. */
export function evalCommandFor(model: ReportModel, config: DeployConfig, target: DeployTarget, embeddedProfiles: readonly string[]): EvalCommand {
  const p = model.project;
  const argv: string[] = ['eval', '--model', p.model.path, '--data', p.dataset.path];
  const notes: string[] = [];
  const flag = (name: string, value?: string | number) => {
    argv.push(`--${name}`);
    if (value !== undefined) argv.push(String(value));
  };
  if (p.dataset.labels) flag('labels', p.dataset.labels.path);
  if (p.dataset.mean) flag('mean', p.dataset.mean.join(','));
  if (p.dataset.std) flag('std', p.dataset.std.join(','));
  if (p.testLimit !== null) flag('limit', p.testLimit);
  if (p.calibration.kind === 'count') {
    flag('calib-size', p.calibration.count);
  } else {
    flag('calib', p.calibration.path);
    if (p.calibration.labels) flag('calib-labels', p.calibration.labels.path);
  }
  const unexpressed = [
    p.dataset.format !== 'auto' ? `format ${p.dataset.format}` : null,
    p.dataset.layout !== 'auto' ? `layout ${p.dataset.layout}` : null,
    p.dataset.scale !== null ? `scale ${p.dataset.scale}` : null,
    p.dataset.classCount !== null ? `classCount ${p.dataset.classCount}` : null,
  ].filter((x) => x !== null);
  if (unexpressed.length > 0) notes.push(`The project sets the dataset's ${unexpressed.join(', ')}; eval has no flags for these and detects them from the file.`);

  const c = config;
  const d = CONFIG_DEFAULTS;
  if (c.weightBits !== null) flag('wbits', c.weightBits);
  if (c.activationBits !== null) flag('abits', c.activationBits);
  if (c.weightQuantizer !== d.weightQuantizer) flag('quantizer', c.weightQuantizer);
  if (c.activationQuantizer !== d.activationQuantizer) flag('act-quantizer', c.activationQuantizer);
  if (c.granularity !== d.granularity) flag('granularity', c.granularity);
  if (!c.narrowRange) flag('wide-range');
  if (c.weightClip !== d.weightClip) flag('weight-clip', c.weightClip);
  if (c.weightRounding !== d.weightRounding) flag('weight-rounding', c.weightRounding);
  if (c.pruneRatio !== d.pruneRatio) flag('prune', c.pruneRatio);
  if (c.pruneKind !== d.pruneKind) flag('prune-kind', c.pruneKind);
  if (c.pruneScope !== d.pruneScope) flag('prune-scope', c.pruneScope);
  if (c.calibMethod !== d.calibMethod) flag('calib-method', c.calibMethod);
  if (c.calibPercentile !== d.calibPercentile) flag('calib-percentile', c.calibPercentile);
  if (!c.foldBatchNorm) flag('no-fold-bn');
  if (c.mode !== d.mode) flag('mode', c.mode);
  if (c.accumulatorBits !== d.accumulatorBits) flag('acc-bits', c.accumulatorBits);
  if (c.accumulatorOverflow !== d.accumulatorOverflow) flag('acc-overflow', c.accumulatorOverflow);
  if (c.requantRounding !== d.requantRounding) notes.push(`The point uses requantRounding "${c.requantRounding}", which eval has no flag for (it always uses "${d.requantRounding}").`);
  let layerConfig: EvalCommand['layerConfig'] = null;
  if (Object.keys(c.layers).length > 0) {
    layerConfig = { file: 'knee-layers.json', json: JSON.stringify(c.layers, null, 2) };
    flag('layer-config', layerConfig.file);
  }

  const t = target;
  const td = TARGET_DEFAULTS;
  if (embeddedProfiles.includes(t.hardware)) {
    flag('hw', `${t.hardware}.json`);
    notes.push(`The hardware profile "${t.hardware}" is embedded in the project file: save the "embedded" object of its entry in hardware.profiles as ${t.hardware}.json.`);
  } else {
    flag('hw', t.hardware);
  }
  if (t.vdd !== null) flag('vdd', t.vdd);
  if (t.coding !== td.coding) flag('coding', t.coding);
  else if (t.storage !== td.storage) flag('storage', t.storage);
  if (t.coding !== td.coding && t.storage !== td.storage) notes.push(`The point's storage "${t.storage}" is superseded by coding ${t.coding} (coded weights are stored as the coded stream).`);
  if (t.protectMsb !== td.protectMsb) flag('protect-msb', t.protectMsb);
  if (t.faultMode !== td.faultMode) flag('fault-mode', t.faultMode);
  if (t.faultPersistence !== td.faultPersistence) flag('fault-persistence', t.faultPersistence);
  if (t.seeds !== td.seeds) flag('seeds', t.seeds);
  notes.push("Paths are relative to the project's folder: run the command there.");
  return { argv, command: ['edgefront', ...argv].map(shellQuote).join(' '), layerConfig, notes };
}

/** The project file's name as the commands should name it. */
export function projectFileName(model: ReportModel): string {
  return model.project.file ?? `${model.project.name}${PROJECT_EXTENSION}`;
}

/** `edgefront sweep NAME.edgefront` and `edgefront report NAME.edgefront --format html`. */
export function projectCommands(model: ReportModel): { readonly sweep: string; readonly report: string } {
  const file = shellQuote(projectFileName(model));
  return { sweep: `edgefront sweep ${file}`, report: `edgefront report ${file} --format html` };
}
