/**
 * The Hardware view's API: the built-in profiles and the open project's embedded ones (an
 * embedded profile shadows the built-in of its id, as in the sweep), each with its charts' data.
 * Edits are saved through updateProject as embedded profiles: assets/ is never written.
 */
import type { HardwareProfilesView } from '../../src-shared/api/hardware-view.js';
import { parseApiRequest } from '../../src-shared/api/parse-request.js';
import { DEFAULT_HARDWARE } from '../../src-shared/deploy-target.js';
import type { DesignSpace } from '../../src-shared/design-space.js';
import { BUILTIN_PROFILE_IDS, loadHardwareProfile } from '../../workers/cost/profiles.js';
import { loadProject } from '../services/project/project-store.js';
import type { BackendContext } from './backend-api.js';
import { hardwareProfileView } from './hardware-profile-view.js';

/** The profile ids a design space names: its base, its hardware axis, else the default. */
export function profileIdsOf(space: DesignSpace): string[] {
  const ids = new Set<string>();
  if (space.base.hardware !== undefined) ids.add(space.base.hardware);
  for (const id of space.axes.hardware ?? []) ids.add(id);
  if (ids.size === 0) ids.add(DEFAULT_HARDWARE);
  return [...ids];
}

export function createHardwareMethods(context: BackendContext) {
  return {
    async listHardwareProfiles(request?: unknown): Promise<HardwareProfilesView> {
      parseApiRequest('listHardwareProfiles', request);
      const { path } = context.requireProject('look at its hardware profiles');
      // The file, not the view: the view does not carry the embedded profiles.
      const { project } = await loadProject(path, { checkInputs: false });
      const uses = profileIdsOf(project.designSpace);
      const builtin = new Set<string>(BUILTIN_PROFILE_IDS);
      const embedded = new Map(project.hardware.profiles.filter((p) => p.embedded).map((p) => [p.id, p.embedded!]));
      const ids = [...BUILTIN_PROFILE_IDS, ...[...embedded.keys()].filter((id) => !builtin.has(id))];
      const profiles = ids.map((id) => {
        const own = embedded.get(id);
        const profile = own ?? loadHardwareProfile(id);
        return hardwareProfileView(profile, { origin: own ? 'embedded' : 'built-in', overridesBuiltin: own !== undefined && builtin.has(id), usedByProject: uses.includes(id) });
      });
      return { profiles, projectEntries: project.hardware.profiles, projectUses: uses, unknownIds: uses.filter((id) => !ids.includes(id)) };
    },
  };
}
