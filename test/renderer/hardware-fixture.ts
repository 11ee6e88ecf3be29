/** The Hardware view's data for renderer tests, computed by the backend's own code from the built-in profiles. */
import { hardwareProfileView } from '../../src-main/api/hardware-profile-view.js';
import type { HardwareProfilesView } from '../../src-shared/api/hardware-view.js';
import type { ProjectProfile } from '../../src-shared/project-file.js';
import { BUILTIN_PROFILE_IDS, loadHardwareProfile } from '../../workers/cost/profiles.js';

export function hardwareFixture(entries: ProjectProfile[] = [], uses = ['bit-serial']): HardwareProfilesView {
  return {
    profiles: BUILTIN_PROFILE_IDS.map((id) => {
      const own = entries.find((e) => e.id === id)?.embedded;
      return hardwareProfileView(own ?? loadHardwareProfile(id), { origin: own ? 'embedded' : 'built-in', overridesBuiltin: own !== undefined, usedByProject: uses.includes(id) });
    }),
    projectEntries: entries,
    projectUses: uses,
    unknownIds: [],
  };
}
