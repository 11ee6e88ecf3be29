/**
 * The project file `NAME.edgefront`: everything needed to reproduce a study on another machine —
 * which model and dataset (by path relative to the project file's folder, and by sha256 so a
 * changed file is noticed), how the data is split, which hardware profiles, the design space, the
 * search strategy, and the results evaluated so far.
 *
 * Every part has a default where one makes sense, so the smallest project is a name, a model and a
 * dataset (with no axes, the design space is the single point of the defaults). The file is versioned (`PROJECT_FORMAT_VERSION`); older versions are
 * migrated on load and newer ones refused (src-main/services/project/).
 *
 * Object and array defaults are factories (`.default(() => ({ … }))`): zod hands out a default
 * value by reference (at most shallow-copied), so a literal default would be shared by every parsed
 * project and one project's edit would leak into the next.
 *
 * The smallest valid project (paths relative to the project file's folder):
 *
 *     {
 *       "format": "edgefront-project",
 *       "version": 1,
 *       "name": "lenet-mnist",
 *       "model": { "path": "models/lenet5.onnx", "sha256": "<64 hex digits>" },
 *       "dataset": { "path": "data/t10k-images-idx3-ubyte.gz", "sha256": "<64 hex digits>",
 *                    "labels": { "path": "data/t10k-labels-idx1-ubyte.gz", "sha256": "<64 hex digits>" } },
 *       "designSpace": { "axes": { "weightBits": [2, 4, 8], "vdd": [null, 0.6] } }
 *     }
 *
 * which loads as: calibration on the first 512 samples, test on all of them, no listed profiles
 * (the default built-in, bit-serial), empty `base`, a grid strategy, 1 seed, no early stop, no
 * results.
 */
import { z } from 'zod';
import { deployConfigSchema } from './deploy-config.js';
import { deployTargetSchema } from './deploy-target.js';
import { designSpaceSchema } from './design-space.js';
import { UserError } from './errors.js';
import { hardwareProfileSchema } from './hardware-profile.js';

export const PROJECT_FORMAT = 'edgefront-project';
export const PROJECT_FORMAT_VERSION = 1;
/** File name extension of project files. */
export const PROJECT_EXTENSION = '.edgefront';
/** Calibration samples taken from the start of the dataset when no calibration file is given (as `eval --calib-size`). */
export const DEFAULT_CALIBRATION_COUNT = 512;

/** Lower-case hex sha256. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits');

/**
 * A path relative to the project file's folder, with `/` separators (absolute paths are accepted,
 * for inputs on another drive, but make the project non-portable).
 */
const relativePath = z.string().min(1, 'a path must not be empty');

/** A file (or, for image-folder datasets, a folder) and its content hash. */
export const fileRefSchema = z.object({ path: relativePath, sha256: sha256Schema }).strict();

const datasetFormat = z.enum(['auto', 'idx', 'npy', 'npz', 'folder']);

/**
 * The evaluation dataset. For a folder, `sha256` hashes the sorted list of its files' relative
 * paths and hashes (hidden files excluded). The preprocessing fields are those of `eval`.
 */
export const datasetRefSchema = z
  .object({
    path: relativePath,
    sha256: sha256Schema,
    /** Labels file for IDX and NPY samples; recorded explicitly even when it is the MNIST-named sibling. */
    labels: fileRefSchema.optional(),
    format: datasetFormat.default('auto'),
    layout: z.enum(['auto', 'nchw', 'nhwc']).default('auto'),
    /** Multiplies raw values; absent = 1/255 for uint8 samples and image folders, 1 otherwise. */
    scale: z.number().refine((v) => v !== 0, 'scale must not be 0').optional(),
    /** Per-channel mean and std, applied after scaling (one value = every channel). */
    mean: z.array(z.number()).min(1).optional(),
    std: z.array(z.number().refine((v) => v !== 0, 'std must not be 0')).min(1).optional(),
    /** Classes the model predicts; absent = largest label + 1. */
    classCount: z.number().int().min(1).optional(),
  })
  .strict();

/** A separate calibration set (read with the dataset's preprocessing). */
export const calibrationFileSchema = z
  .object({
    path: relativePath,
    sha256: sha256Schema,
    labels: fileRefSchema.optional(),
    format: datasetFormat.default('auto'),
  })
  .strict();

export const calibrationSchema = z.union([
  /** The first `count` samples of the dataset (they are also test samples; the CLI says so). */
  z.object({ count: z.number().int().min(1) }).strict(),
  calibrationFileSchema,
]);

export const splitSchema = z
  .object({
    calibration: calibrationSchema.default(() => ({ count: DEFAULT_CALIBRATION_COUNT })),
    /** Test samples: the whole dataset, or its first `limit` samples. */
    test: z.object({ limit: z.number().int().min(1).optional() }).strict().default(() => ({})),
  })
  .strict();

/** A built-in profile by id (assets/hardware/<id>.json), or an edited profile stored in the project. */
export const projectProfileSchema = z
  .object({
    id: z.string().min(1),
    /** Absent: the built-in profile `id`. */
    embedded: hardwareProfileSchema.optional(),
  })
  .strict();

export const projectHardwareSchema = z
  .object({
    /**
     * The profiles of this project, by id. An embedded profile shadows a built-in one of the same
     * id. A profile id used in the design space that is not listed here must be a built-in.
     */
    profiles: z.array(projectProfileSchema).default(() => []),
  })
  .strict()
  .superRefine((h, ctx) => {
    h.profiles.forEach((p, i) => {
      if (h.profiles.findIndex((o) => o.id === p.id) !== i) ctx.addIssue({ code: 'custom', path: ['profiles', i, 'id'], message: `the profile id "${p.id}" is listed twice` });
      if (p.embedded && p.embedded.id !== p.id) {
        ctx.addIssue({ code: 'custom', path: ['profiles', i, 'embedded', 'id'], message: `the embedded profile's id "${p.embedded.id}" differs from the entry's id "${p.id}"` });
      }
    });
  });

const seed = z.number().int().min(0).max(2 ** 32 - 1);
const samples = z.number().int().min(1);

/** How points of the design space are chosen. */
export const strategySchema = z.discriminatedUnion('kind', [
  /** Every point of the grid. */
  z.object({ kind: z.literal('grid') }).strict(),
  /** `samples` points drawn uniformly from the grid without repetition. */
  z.object({ kind: z.literal('random'), samples, seed: seed.default(1) }).strict(),
  /** Latin hypercube over the axes: `samples` points that cover every axis evenly. */
  z.object({ kind: z.literal('lhs'), samples, seed: seed.default(1) }).strict(),
  /** NSGA-II multi-objective genetic search over the axes. */
  z
    .object({
      kind: z.literal('nsga2'),
      populationSize: z.number().int().min(4),
      generations: z.number().int().min(1),
      seed: seed.default(1),
    })
    .strict(),
  /**
   * Per-layer sensitivity analysis: each layer's error at each of `bitWidths`, then the bit
   * allocation that minimizes error within each budget of `budgetMetric`.
   */
  z
    .object({
      kind: z.literal('sensitivity'),
      budgetMetric: z.enum(['memory.weightBytes', 'energy.perInferenceJoules']),
      bitWidths: z.array(z.number().int().min(1).max(16)).min(1),
      budgets: z.array(z.number().positive()).min(1),
    })
    .strict(),
]);

export const evaluationSchema = z
  .object({
    /** Stop a point's evaluation once its accuracy interval shows it cannot reach the front. */
    earlyStop: z.boolean().default(false),
    /** Evaluate on this many test samples while exploring (then the front on all of them). */
    subset: z.number().int().min(1).optional(),
  })
  .strict();

/**
 * One evaluated design point. `key` is the sha256 of the canonical JSON of `{ config, target }`
 * (src-main/services/project/point-key.ts), so a point is found again whatever its key order.
 * `metrics` is the EvalResult of the evaluation; EvalResult has no runtime schema, so it is only
 * checked to be an object here.
 */
export const projectResultSchema = z
  .object({
    key: sha256Schema,
    config: deployConfigSchema,
    target: deployTargetSchema,
    metrics: z.record(z.string(), z.unknown()),
    evaluatedAt: z.iso.datetime({ offset: true }),
    /** Hashes of the inputs the point was evaluated on: a result whose hashes differ from the project's is stale. */
    modelSha256: sha256Schema,
    datasetSha256: sha256Schema,
  })
  .strict();

export const projectFileSchema = z
  .object({
    format: z.literal(PROJECT_FORMAT),
    version: z.literal(PROJECT_FORMAT_VERSION),
    name: z.string().min(1),
    description: z.string().optional(),
    /** The ONNX model. */
    model: fileRefSchema,
    dataset: datasetRefSchema,
    split: splitSchema.default(() => ({ calibration: { count: DEFAULT_CALIBRATION_COUNT }, test: {} })),
    hardware: projectHardwareSchema.default(() => ({ profiles: [] })),
    designSpace: designSpaceSchema.default(() => ({ base: {}, axes: { layers: {} }, constraints: [] })),
    strategy: strategySchema.default(() => ({ kind: 'grid' as const })),
    /** Monte-Carlo fault draws per point (seeds 1…K); only matter at voltages that cause bit errors. */
    seeds: deployTargetSchema.shape.seeds,
    evaluation: evaluationSchema.default(() => ({ earlyStop: false })),
    results: z.array(projectResultSchema).default(() => []),
  })
  .strict();

export type ProjectFile = z.infer<typeof projectFileSchema>;
export type ProjectFileInput = z.input<typeof projectFileSchema>;
export type FileRef = z.infer<typeof fileRefSchema>;
export type DatasetRef = z.infer<typeof datasetRefSchema>;
export type CalibrationFile = z.infer<typeof calibrationFileSchema>;
export type Split = z.infer<typeof splitSchema>;
export type ProjectProfile = z.infer<typeof projectProfileSchema>;
export type Strategy = z.infer<typeof strategySchema>;
export type EvaluationSettings = z.infer<typeof evaluationSchema>;
export type ProjectResult = z.infer<typeof projectResultSchema>;

/** One offending field of a project: `designSpace.axes.weightBits[2]`. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** "designSpace.axes.layers.conv1.weightBits[0]" from zod's path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(top level)';
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): FieldIssue[] {
  return issues.flatMap((i): FieldIssue[] => {
    const path = [...prefix, ...i.path];
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ field: fieldPath([...path, k]), message: 'is not a field of this version of the project file (misspelt?)' }));
    }
    // A value that fits no alternative: report the alternative it came closest to.
    if (i.code === 'invalid_union' && i.errors.length > 0) {
      const closest = i.errors.reduce((best, e) => (e.length < best.length ? e : best));
      if (closest.length > 0) return flatten(closest, path);
    }
    return [{ field: fieldPath(path), message: i.message }];
  });
}

/** Every issue as field + message; unrecognized keys are named one by one. */
export function issuesOf(error: z.ZodError): FieldIssue[] {
  return flatten(error.issues, []);
}

/**
 * Validates a current-version project document (already migrated). `file` only names the source
 * in the error, which lists every offending field as `path: message`.
 */
export function parseProjectFile(json: unknown, file: string): ProjectFile {
  const r = projectFileSchema.safeParse(json);
  if (r.success) return r.data;
  const issues = issuesOf(r.error);
  const list = issues.map((i) => `  ${i.field}: ${i.message}`).join('\n');
  throw new UserError('project-invalid', `The project ${file} is invalid:\n${list}\nCorrect these fields (the file is JSON: any text editor will do) and try again.`, {
    file,
    field: issues[0]?.field,
    issues,
  });
}
