/**
 * Built-in hardware profiles (assets/hardware/<id>.json) and loading a profile by id or path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src-shared/errors.js';
import { parseHardwareProfile, type HardwareProfile } from '../../src-shared/hardware-profile.js';

export const BUILTIN_PROFILE_IDS = ['cortex-m7', 'eyeriss-int8', 'bit-serial', 'xnor-binary'] as const;

// Where assets/hardware/ sits relative to this code: from source (workers/cost/), from a bundle in
// dist/ (cli.js, worker.js) and from dist/bench/*.js. The first that holds a built-in profile wins.
const CANDIDATES = ['../../assets/hardware/', '../assets/hardware/', '../../../assets/hardware/'];

let cachedDir: string | undefined;

/** Directory of the built-in profiles as seen from this module. */
export function builtinProfileDir(): string {
  if (cachedDir) return cachedDir;
  for (const rel of CANDIDATES) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}${BUILTIN_PROFILE_IDS[0]}.json`)) return (cachedDir = dir);
  }
  throw new UserError(
    'hardware-profiles-missing',
    `The built-in hardware profiles (assets/hardware/*.json) were not found next to ${fileURLToPath(import.meta.url)}. Reinstall EdgeFront or pass a profile file path.`,
  );
}

export function listBuiltinProfiles(): { id: string; name: string; file: string }[] {
  return BUILTIN_PROFILE_IDS.map((id) => {
    const file = `${builtinProfileDir()}${id}.json`;
    return { id, name: readProfileFile(file).name, file };
  });
}

function readProfileFile(file: string): HardwareProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      'hardware-profile-unreadable',
      `The hardware profile ${file} could not be read (${code ?? (err as Error).message}). Check the path, or use a built-in id: ${BUILTIN_PROFILE_IDS.join(', ')}.`,
      { file },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError('hardware-profile-invalid', `The hardware profile ${file} is not valid JSON (${(err as Error).message}).`, { file });
  }
  return parseHardwareProfile(json, file);
}

/**
 * A built-in id (`cortex-m7`, …) or a path to a profile JSON file. Something that looks like an id
 * (no slash, no .json) but is not one is reported with the list of built-in ids.
 */
export function loadHardwareProfile(idOrPath: string): HardwareProfile {
  if ((BUILTIN_PROFILE_IDS as readonly string[]).includes(idOrPath)) return readProfileFile(`${builtinProfileDir()}${idOrPath}.json`);
  const looksLikePath = /[\\/]/.test(idOrPath) || idOrPath.toLowerCase().endsWith('.json');
  if (!looksLikePath && !existsSync(idOrPath)) {
    throw new UserError(
      'hardware-profile-unknown',
      `"${idOrPath}" is neither a built-in hardware profile nor a file. Built-in profiles: ${BUILTIN_PROFILE_IDS.join(', ')}; or pass the path of a profile JSON file.`,
      { id: idOrPath, builtin: [...BUILTIN_PROFILE_IDS] },
    );
  }
  return readProfileFile(resolve(idOrPath));
}
