/**
 * Finding the hardware profiles a project's points ran on, for the report's assumptions section.
 *
 * Same order as the sweep (sweep/project-evaluation.ts): a profile embedded in the project wins,
 * then a built-in. Unlike the sweep, a profile that cannot be found is not an error: the results
 * already exist, and a report that says "profile X could not be read" is more useful than none.
 */
import type { HardwareProfile } from '../../../src-shared/hardware-profile.js';
import type { ProjectFile } from '../../../src-shared/project-file.js';
import { BUILTIN_PROFILE_IDS, loadHardwareProfile } from '../../../workers/cost/profiles.js';

export type ProfileLookupResult =
  | { readonly profile: HardwareProfile; readonly origin: 'embedded' | 'built-in' }
  | { readonly problem: string };

/** Finds a profile by the id a point's target names. */
export type ProfileLookup = (id: string) => ProfileLookupResult;

/** Embedded profiles of the project first, then the built-ins shipped in assets/hardware/. */
export function projectProfileLookup(project: ProjectFile): ProfileLookup {
  return (id) => {
    const entry = project.hardware.profiles.find((e) => e.id === id);
    if (entry?.embedded) return { profile: entry.embedded, origin: 'embedded' };
    if ((BUILTIN_PROFILE_IDS as readonly string[]).includes(id)) {
      try {
        return { profile: loadHardwareProfile(id), origin: 'built-in' };
      } catch (err) {
        return { problem: err instanceof Error ? err.message : String(err) };
      }
    }
    return { problem: `"${id}" is neither embedded in the project nor a built-in profile (${BUILTIN_PROFILE_IDS.join(', ')}).` };
  };
}

/** A lookup over the project's embedded profiles only (no file access): for tests and previews. */
export function embeddedProfileLookup(project: ProjectFile): ProfileLookup {
  return (id) => {
    const entry = project.hardware.profiles.find((e) => e.id === id);
    return entry?.embedded ? { profile: entry.embedded, origin: 'embedded' } : { problem: `"${id}" is not embedded in the project.` };
  };
}
