/**
 * Upgrades project files written by older EdgeFront versions, one version step at a time, on the
 * raw JSON before validation: a migration knows the old layout, the schema only the current one.
 * Each step is `{ from, to, migrate }`; adding version 2 means bumping PROJECT_FORMAT_VERSION and
 * appending a `{ from: 1, to: 2 }` step here (with a fixture test), never editing an old step.
 *
 * Version 0 is the pre-release layout (never shipped, kept so the mechanism is exercised):
 * - design-space axes were named after the CLI flags: `wbits`, `abits`, `quantizer` (the weight
 *   quantizer), `prune` (the ratio) and `hw` (hardware profile ids);
 * - `hardware` was a plain list of built-in profile ids (`["bit-serial"]`), with no embedding;
 * - the calibration set was a top-level `calibration` (`{ "count": 512 }` or `{ "path", "sha256" }`)
 *   instead of `split.calibration`.
 * Everything else had the version 1 shape.
 */
import { InternalError, UserError } from '../../../src-shared/errors.js';
import { PROJECT_FORMAT_VERSION } from '../../../src-shared/project-file.js';

export type JsonObject = Record<string, unknown>;

export interface Migration {
  readonly from: number;
  readonly to: number;
  /** One line for the "migrated" notice. */
  readonly summary: string;
  /** Returns the document in the `to` layout; may modify `doc`, which is a private copy. */
  migrate(doc: JsonObject, file: string): JsonObject;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function migrationError(file: string, version: number, detail: string): UserError {
  return new UserError('project-migration', `The project ${file} (version ${version}) cannot be upgraded: ${detail}. Fix the field in the file and open it again.`, {
    file,
    version,
  });
}

/** Old axis name → version 1 name. */
export const V0_AXIS_NAMES: Readonly<Record<string, string>> = {
  wbits: 'weightBits',
  abits: 'activationBits',
  quantizer: 'weightQuantizer',
  prune: 'pruneRatio',
  hw: 'hardware',
};

const v0ToV1: Migration = {
  from: 0,
  to: 1,
  summary: 'renamed the design-space axes (wbits → weightBits, …), moved calibration under split, listed hardware as profiles',
  migrate(doc, file) {
    const space = doc.designSpace;
    if (isObject(space) && isObject(space.axes)) {
      const axes = space.axes;
      for (const [old, name] of Object.entries(V0_AXIS_NAMES)) {
        if (!(old in axes)) continue;
        if (name in axes) throw migrationError(file, 0, `designSpace.axes has both "${old}" and "${name}"; keep one`);
        axes[name] = axes[old];
        delete axes[old];
      }
    }
    if (Array.isArray(doc.hardware)) {
      doc.hardware = {
        profiles: doc.hardware.map((id, i) => {
          if (typeof id !== 'string') throw migrationError(file, 0, `hardware[${i}] is not a profile id`);
          return { id };
        }),
      };
    }
    if ('calibration' in doc) {
      const split = doc.split ?? {};
      if (!isObject(split)) throw migrationError(file, 0, 'split is not an object');
      if ('calibration' in split) throw migrationError(file, 0, 'both calibration and split.calibration are set; keep one');
      doc.split = { ...split, calibration: doc.calibration };
      delete doc.calibration;
    }
    doc.version = 1;
    return doc;
  },
};

/** Every step, in order; the last one ends at PROJECT_FORMAT_VERSION. */
export const MIGRATIONS: readonly Migration[] = [v0ToV1];

export interface MigrationOutcome {
  readonly doc: JsonObject;
  /** The steps applied, oldest first (empty for a current file). */
  readonly applied: readonly Migration[];
}

/**
 * Brings `doc` (whose `version` is an integer no newer than PROJECT_FORMAT_VERSION) to the current
 * version. The input is not modified.
 */
export function migrateProject(doc: JsonObject, file: string, migrations: readonly Migration[] = MIGRATIONS): MigrationOutcome {
  let current = doc;
  const applied: Migration[] = [];
  let version = doc.version as number;
  while (version < PROJECT_FORMAT_VERSION) {
    const step = migrations.find((m) => m.from === version);
    if (!step) {
      throw new UserError(
        'project-too-old',
        `The project ${file} is version ${version}, which this build of EdgeFront cannot upgrade (it reads versions ${migrations[0]?.from ?? PROJECT_FORMAT_VERSION} to ${PROJECT_FORMAT_VERSION}). Open it with an older EdgeFront and save it there first.`,
        { file, version },
      );
    }
    if (applied.length === 0) current = structuredClone(doc);
    current = step.migrate(current, file);
    if (current.version !== step.to || step.to <= step.from) {
      throw new InternalError('project-migration', `The project migration ${step.from} → ${step.to} left version ${String(current.version)}.`, { file });
    }
    applied.push(step);
    version = step.to;
  }
  return { doc: current, applied };
}
