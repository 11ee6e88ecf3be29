/**
 * Reads and writes project files. Loading is the strict direction: the bytes must be JSON, say
 * they are an EdgeFront project, be of a version this build understands (older ones are migrated,
 * newer ones refused with "update EdgeFront"), and pass the schema — each failure is a UserError
 * that names the file and what to fix. The inputs are then rehashed so stale results are reported
 * up front. Saving validates, then writes canonical JSON (sorted keys, two-space indent, final
 * newline) atomically, so two saves of the same project are byte-identical and version-control
 * diffs show only what changed.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { canonicalStringify } from '../../../src-shared/canonical-json.js';
import { UserError } from '../../../src-shared/errors.js';
import { parseProjectFile, PROJECT_FORMAT, PROJECT_FORMAT_VERSION, type ProjectFile, type ProjectFileInput } from '../../../src-shared/project-file.js';
import { writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';
import { locateJsonSyntaxError } from './json-syntax.js';
import { migrateProject, type JsonObject } from './migrations.js';
import { checkInputs, type InputsReport } from './project-inputs.js';

export { checkInputs, describeInputsReport, projectInputs, type InputProblem, type InputsReport, type ProjectInput, type StaleResult } from './project-inputs.js';
export { createProject, type CreateProjectOptions } from './create-project.js';

export interface LoadedProject {
  readonly project: ProjectFile;
  /** Absolute path of the project file. */
  readonly path: string;
  /** Its folder: the base of the project's relative paths. */
  readonly dir: string;
  /** Missing or changed inputs and stale results; null when not checked. */
  readonly staleness: InputsReport | null;
  /** The version the file was migrated from (saving writes the current one), or null. */
  readonly migratedFrom: number | null;
}

export interface LoadOptions {
  /** Rehash the inputs (default true; false for a quick look, e.g. a recent-projects list). */
  readonly checkInputs?: boolean;
}

async function readProjectText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist. Check the path'
        : code === 'EISDIR'
          ? 'is a folder, not a project file. Give the path of the .edgefront file inside it'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read: permission denied. Change its permissions'
            : `cannot be read (${err instanceof Error ? err.message : String(err)})`;
    throw new UserError('project-read', `The project file ${file} ${why}.`, { file, cause: code });
  }
}

/**
 * Parses the text of a project file (from disk, an archive or the clipboard): JSON syntax, format,
 * version, migrations, schema. `file` only names the source in errors.
 */
export function parseProjectText(text: string, file: string): { project: ProjectFile; migratedFrom: number | null } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    const at = locateJsonSyntaxError(body);
    const where = at ? `line ${at.line}, column ${at.column}: ${at.problem}` : err instanceof Error ? err.message : String(err);
    throw new UserError('project-json', `The project ${file} is not valid JSON at ${where}. Fix it in a text editor (or restore a backup) and open it again.`, {
      file,
      line: at?.line,
      column: at?.column,
    });
  }
  const doc = checkFormat(json, file);
  const { doc: migrated, applied } = migrateProject(doc, file);
  return { project: parseProjectFile(migrated, file), migratedFrom: applied.length > 0 ? applied[0].from : null };
}

/** Refuses what is not an EdgeFront project, or one from a newer EdgeFront. */
function checkFormat(json: unknown, file: string): JsonObject {
  const doc = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as JsonObject) : null;
  if (doc?.format !== PROJECT_FORMAT) {
    const hint =
      doc?.format === 'edgefront-hardware-profile'
        ? 'it is a hardware profile; add it to a project under hardware.profiles instead'
        : doc && 'format' in doc
          ? `its "format" is ${JSON.stringify(doc.format)}, not "${PROJECT_FORMAT}"`
          : `it has no "format": "${PROJECT_FORMAT}" field`;
    throw new UserError('project-not-a-project', `${file} is not an EdgeFront project: ${hint}. Open a .edgefront file saved by EdgeFront.`, { file });
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    throw new UserError('project-invalid', `The project ${file} has no valid "version" (found ${JSON.stringify(version) ?? 'nothing'}); it must be a whole number such as ${PROJECT_FORMAT_VERSION}.`, {
      file,
      field: 'version',
    });
  }
  if (version > PROJECT_FORMAT_VERSION) {
    throw new UserError(
      'project-too-new',
      `The project ${file} was made by a newer EdgeFront (version ${version}); this build reads up to ${PROJECT_FORMAT_VERSION} — update EdgeFront.`,
      { file, version, supported: PROJECT_FORMAT_VERSION },
    );
  }
  return doc;
}

/** Reads, migrates and validates a project, then (by default) checks its inputs. */
export async function loadProject(path: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const file = resolve(path);
  const dir = dirname(file);
  const { project, migratedFrom } = parseProjectText(await readProjectText(file), file);
  const staleness = options.checkInputs === false ? null : await checkInputs(project, dir);
  return { project, path: file, dir, staleness, migratedFrom };
}

/** The exact text `saveProject` writes for a (validated) project. */
export function projectFileText(project: ProjectFile): string {
  return `${canonicalStringify(project)}\n`;
}

/**
 * Validates `project` (filling defaults) and writes it atomically to `path`. Returns what was
 * written. Paths inside the project stay as they are: they are relative to `path`'s folder.
 */
export async function saveProject(path: string, project: ProjectFile | ProjectFileInput, fs?: AtomicWriteFs): Promise<ProjectFile> {
  const file = resolve(path);
  const valid = parseProjectFile(project, file);
  await writeFileAtomic(file, projectFileText(valid), fs);
  return valid;
}
