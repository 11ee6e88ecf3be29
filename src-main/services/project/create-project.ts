/**
 * Starts a project from a model and a dataset: records their paths relative to the project file's
 * folder (with `/`, so the file reads the same on Windows) and their hashes, and fills every other
 * part with its default unless given. The labels file an IDX dataset would find by the MNIST
 * naming convention is recorded explicitly, so it is hashed and packed too. Does not write the
 * file: pass the result to `saveProject`.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { DesignSpaceInput } from '../../../src-shared/design-space.js';
import { UserError } from '../../../src-shared/errors.js';
import {
  DEFAULT_CALIBRATION_COUNT,
  parseProjectFile,
  PROJECT_FORMAT,
  PROJECT_FORMAT_VERSION,
  type ProjectFile,
  type ProjectFileInput,
} from '../../../src-shared/project-file.js';
import { idxSiblingLabels } from './project-inputs.js';
import { sha256Input } from './sha256-file.js';

type DatasetInput = ProjectFileInput['dataset'];

export interface CreateProjectOptions {
  /** Where the project will be saved: paths are recorded relative to its folder. */
  readonly projectPath: string;
  readonly modelPath: string;
  /** Samples file or image folder. */
  readonly datasetPath: string;
  /** Labels file; for `*-images-idx3-ubyte` datasets the MNIST-named sibling is found when omitted. */
  readonly labelsPath?: string;
  readonly datasetOptions?: Partial<Pick<DatasetInput, 'format' | 'layout' | 'scale' | 'mean' | 'std' | 'classCount'>>;
  /** A separate calibration set; otherwise the first `calibrationCount` samples (512) of the dataset. */
  readonly calibrationPath?: string;
  readonly calibrationLabelsPath?: string;
  readonly calibrationCount?: number;
  /** Evaluate on the first N samples only. */
  readonly testLimit?: number;
  /** Default: the project file's name without `.edgefront`. */
  readonly name?: string;
  readonly description?: string;
  readonly hardware?: ProjectFileInput['hardware'];
  readonly designSpace?: DesignSpaceInput;
  readonly strategy?: ProjectFileInput['strategy'];
  readonly seeds?: number;
  readonly evaluation?: ProjectFileInput['evaluation'];
}

/** `target` as the project records it: relative to `dir`, `/`-separated. */
export function projectRelativePath(dir: string, target: string): string {
  const rel = relative(dir, resolve(target));
  // On Windows a file on another drive has no relative path: keep it absolute.
  return (isAbsolute(rel) ? rel : rel || '.').split(sep).join('/');
}

async function hashInput(role: string, path: string): Promise<string> {
  const full = resolve(path);
  const info = await stat(full).catch(() => null);
  if (!info) throw new UserError('project-input-missing', `The ${role} ${full} does not exist. Check the path and try again.`, { file: full });
  if (role !== 'dataset' && role !== 'calibration set' && info.isDirectory()) {
    throw new UserError('project-input-missing', `The ${role} ${full} is a folder; give the file.`, { file: full });
  }
  return sha256Input(full);
}

export async function createProject(options: CreateProjectOptions): Promise<ProjectFile> {
  const projectFile = resolve(options.projectPath);
  const dir = dirname(projectFile);
  const ref = async (role: string, path: string) => ({ path: projectRelativePath(dir, path), sha256: await hashInput(role, path) });

  const format = options.datasetOptions?.format ?? 'auto';
  const labelsPath = options.labelsPath ?? (format === 'auto' || format === 'idx' ? await idxSiblingLabels(resolve(options.datasetPath)) : undefined);
  const dataset: DatasetInput = {
    ...(await ref('dataset', options.datasetPath)),
    ...options.datasetOptions,
    ...(labelsPath !== undefined ? { labels: await ref('labels file', labelsPath) } : {}),
  };

  let calibration: NonNullable<ProjectFileInput['split']>['calibration'] = { count: options.calibrationCount ?? DEFAULT_CALIBRATION_COUNT };
  if (options.calibrationPath !== undefined) {
    const calibrationLabels =
      options.calibrationLabelsPath ?? (format === 'auto' || format === 'idx' ? await idxSiblingLabels(resolve(options.calibrationPath)) : undefined);
    calibration = {
      ...(await ref('calibration set', options.calibrationPath)),
      ...(calibrationLabels !== undefined ? { labels: await ref('calibration labels file', calibrationLabels) } : {}),
    };
  }

  const input: ProjectFileInput = {
    format: PROJECT_FORMAT,
    version: PROJECT_FORMAT_VERSION,
    name: options.name ?? basename(projectFile, extname(projectFile)),
    ...(options.description !== undefined ? { description: options.description } : {}),
    model: await ref('model file', options.modelPath),
    dataset,
    split: { calibration, test: options.testLimit !== undefined ? { limit: options.testLimit } : {} },
    hardware: options.hardware,
    designSpace: options.designSpace,
    strategy: options.strategy,
    seeds: options.seeds,
    evaluation: options.evaluation,
    results: [],
  };
  return parseProjectFile(input, projectFile);
}
