/**
 * The input files of a project (model, dataset, labels, calibration set) and whether they are
 * still the files the project recorded. A result is only reproducible on the bytes it was computed
 * on, so a moved file or a changed hash is reported loudly — with the number of results it makes
 * stale — instead of letting a sweep silently mix results from two models.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ProjectFile } from '../../../src-shared/project-file.js';
import { sha256Input } from './sha256-file.js';

export type InputRole = 'model' | 'dataset' | 'labels' | 'calibration' | 'calibration-labels';

const ROLE_NAMES: Readonly<Record<InputRole, string>> = {
  model: 'model file',
  dataset: 'dataset',
  labels: 'labels file',
  calibration: 'calibration set',
  'calibration-labels': 'calibration labels file',
};

export interface ProjectInput {
  readonly role: InputRole;
  /** As written in the project (relative to its folder). */
  readonly path: string;
  readonly absolutePath: string;
  /** The hash the project recorded. */
  readonly sha256: string;
}

/** Every input file the project names, model first. */
export function projectInputs(project: ProjectFile, dir: string): ProjectInput[] {
  const out: ProjectInput[] = [];
  const add = (role: InputRole, ref: { path: string; sha256: string } | undefined) => {
    if (ref) out.push({ role, path: ref.path, absolutePath: resolve(dir, ref.path), sha256: ref.sha256 });
  };
  add('model', project.model);
  add('dataset', project.dataset);
  add('labels', project.dataset.labels);
  const calibration = project.split.calibration;
  if ('path' in calibration) {
    add('calibration', calibration);
    add('calibration-labels', calibration.labels);
  }
  return out;
}

export interface InputProblem {
  readonly role: InputRole;
  readonly path: string;
  readonly absolutePath: string;
  readonly kind: 'missing' | 'changed';
  /** The recorded hash. */
  readonly expected: string;
  /** The file's hash now (null when missing). */
  readonly actual: string | null;
  /** A full sentence for the user. */
  readonly message: string;
}

export interface StaleResult {
  readonly key: string;
  /** Why: "model", "dataset", "labels", "calibration". */
  readonly because: readonly InputRole[];
}

export interface InputsReport {
  /** No problem and no stale result. */
  readonly ok: boolean;
  readonly problems: readonly InputProblem[];
  readonly staleResults: readonly StaleResult[];
  /** Hash of each input now (the recorded one when the file is missing). */
  readonly current: Readonly<Partial<Record<InputRole, string>>>;
}

async function hashIfPresent(path: string): Promise<string | null> {
  try {
    return await sha256Input(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/**
 * Rehashes every input and compares with what the project recorded and with the hashes each result
 * was computed on. Never throws for missing or changed files: it reports them.
 */
export async function checkInputs(project: ProjectFile, dir: string): Promise<InputsReport> {
  const problems: InputProblem[] = [];
  const current: Partial<Record<InputRole, string>> = {};
  const changed = new Set<InputRole>();
  for (const input of projectInputs(project, dir)) {
    const actual = await hashIfPresent(input.absolutePath);
    current[input.role] = actual ?? input.sha256;
    if (actual === input.sha256) continue;
    const what = ROLE_NAMES[input.role];
    if (actual === null) {
      problems.push({
        ...input,
        kind: 'missing',
        expected: input.sha256,
        actual,
        message: `The ${what} ${input.path} of the project is missing (looked for ${input.absolutePath}). Put it back, or point the project at its new place.`,
      });
    } else {
      changed.add(input.role);
      problems.push({ ...input, kind: 'changed', expected: input.sha256, actual, message: '' });
    }
  }

  const staleResults: StaleResult[] = [];
  for (const r of project.results) {
    const because: InputRole[] = [];
    if (current.model !== undefined && r.modelSha256 !== current.model) because.push('model');
    if (current.dataset !== undefined && r.datasetSha256 !== current.dataset) because.push('dataset');
    // Results do not record the hashes of labels and calibration set: a change makes all stale.
    for (const role of ['labels', 'calibration', 'calibration-labels'] as const) if (changed.has(role)) because.push(role);
    if (because.length > 0) staleResults.push({ key: r.key, because });
  }

  const withMessages = problems.map((p): InputProblem => {
    if (p.kind !== 'changed') return p;
    const stale = staleResults.filter((s) => s.because.includes(p.role)).length;
    const consequence =
      project.results.length === 0
        ? 'Check that this is the file you meant, then save the project to record it.'
        : `${stale} of ${project.results.length} results were computed on the old file and are stale: re-run the sweep to refresh them, or restore the original file.`;
    return {
      ...p,
      message: `The ${ROLE_NAMES[p.role]} ${p.absolutePath} has changed since the project recorded it (sha256 ${short(p.actual ?? '')}, recorded ${short(p.expected)}). ${consequence}`,
    };
  });
  return { ok: withMessages.length === 0 && staleResults.length === 0, problems: withMessages, staleResults, current };
}

/** The report as lines for a terminal: every problem, then the stale-result count. Empty when ok. */
export function describeInputsReport(report: InputsReport, resultCount: number): string[] {
  const lines = report.problems.map((p) => p.message);
  const changed = new Set(report.problems.filter((p) => p.kind === 'changed').map((p) => p.role));
  const unexplained = report.staleResults.filter((s) => !s.because.some((r) => changed.has(r))).length;
  if (unexplained > 0) {
    lines.push(
      `${unexplained} of ${resultCount} results were computed on other versions of the model or dataset than the project's files; they are stale. Re-run the sweep to refresh them.`,
    );
  }
  return lines;
}

/**
 * The labels file the IDX reader would pick for `*-images-idx3-ubyte[.gz]` (the MNIST naming
 * convention of workers/data/raw-dataset.ts), so a project records it explicitly and packs it.
 */
export async function idxSiblingLabels(datasetPath: string): Promise<string | undefined> {
  const name = basename(datasetPath);
  const pattern = /images([.-])idx3([.-])ubyte/;
  if (!pattern.test(name)) return undefined;
  const labels = name.replace(pattern, 'labels$1idx1$2ubyte');
  for (const candidate of [labels, labels.endsWith('.gz') ? labels.slice(0, -3) : `${labels}.gz`]) {
    const full = join(dirname(datasetPath), candidate);
    if (await stat(full).then((s) => s.isFile(), () => false)) return full;
  }
  return undefined;
}
