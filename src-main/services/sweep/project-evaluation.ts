/**
 * What a project's points are evaluated on: its dataset (with preprocessing and test limit), its
 * calibration set, and its hardware profiles (embedded edits first, then the built-ins).
 */
import { resolve } from 'node:path';
import { UserError } from '../../../src-shared/errors.js';
import type { HardwareProfile } from '../../../src-shared/hardware-profile.js';
import { DEFAULT_CALIBRATION_COUNT, type ProjectFile } from '../../../src-shared/project-file.js';
import { BUILTIN_PROFILE_IDS, loadHardwareProfile } from '../../../workers/cost/profiles.js';
import type { DatasetSpec } from '../../../workers/data/dataset.js';
import type { ContextRequest } from '../evaluation-service.js';

export function contextRequestOf(project: ProjectFile, dir: string): ContextRequest {
  const d = project.dataset;
  const data: DatasetSpec = {
    path: resolve(dir, d.path),
    labelsPath: d.labels ? resolve(dir, d.labels.path) : undefined,
    format: d.format,
    layout: d.layout,
    scale: d.scale,
    mean: d.mean,
    std: d.std,
    classCount: d.classCount,
    limit: project.split.test.limit,
  };
  const c = project.split.calibration;
  if ('path' in c) {
    const calib: DatasetSpec = {
      path: resolve(dir, c.path),
      labelsPath: c.labels ? resolve(dir, c.labels.path) : undefined,
      format: c.format,
      layout: d.layout,
      scale: d.scale,
      mean: d.mean,
      std: d.std,
    };
    // As `eval --calib`: the first 512 samples of the calibration file.
    return { modelPath: resolve(dir, project.model.path), data, calib, calibSize: DEFAULT_CALIBRATION_COUNT };
  }
  return { modelPath: resolve(dir, project.model.path), data, calibSize: c.count };
}

/** Resolves a profile id of the design space: an embedded profile of the project, else a built-in. */
export function profileResolver(project: ProjectFile, file: string): (id: string) => HardwareProfile {
  const cache = new Map<string, HardwareProfile>();
  return (id) => {
    let p = cache.get(id);
    if (p) return p;
    const entry = project.hardware.profiles.find((e) => e.id === id);
    if (entry?.embedded) p = entry.embedded;
    else if ((BUILTIN_PROFILE_IDS as readonly string[]).includes(id)) p = loadHardwareProfile(id);
    else {
      const known = [...project.hardware.profiles.filter((e) => e.embedded).map((e) => e.id), ...BUILTIN_PROFILE_IDS];
      throw new UserError(
        'sweep-profile-unknown',
        `The project ${file} uses the hardware profile "${id}", which is neither embedded in the project nor built in. Known profiles: ${known.join(', ')}.`,
        { file, id },
      );
    }
    cache.set(id, p);
    return p;
  };
}
