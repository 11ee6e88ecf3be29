/**
 * A project with its inputs in one ZIP archive, to hand to a colleague: the project file at the
 * root, the model under `model/`, the dataset and its labels under `data/`, a separate calibration
 * set under `calibration/`; the project's paths are rewritten to point there. Results travel too,
 * and stay valid because the inputs are the same bytes (their hashes are checked when packing and
 * again after unpacking). Entries carry a fixed timestamp, so packing the same project twice gives
 * the same archive.
 *
 * Unpacking treats the archive as untrusted: every entry name is checked before anything is
 * written — no absolute paths, no `..`, no drive letters, no duplicates (zip-slip) — existing
 * files are never overwritten, and the unpacked project may only refer to files inside the
 * destination.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { unzipSync, Zip, ZipDeflate } from 'fflate';
import { UserError } from '../../../src-shared/errors.js';
import { PROJECT_EXTENSION, type ProjectFile } from '../../../src-shared/project-file.js';
import { MAX_DECODED_BYTES } from '../../../workers/data/limits.js';
import { writeFileAtomic } from './atomic-write.js';
import { loadProject, projectFileText } from './project-store.js';
import { describeInputsReport, projectInputs, type InputRole } from './project-inputs.js';
import { listFolderFiles } from './sha256-file.js';

/** Fixed entry time (DOS time cannot go below 1980 in any time zone). */
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');
/** Cap on the total unpacked size, against archives that inflate to fill the disk. */
const MAX_UNPACKED_BYTES = 4 * MAX_DECODED_BYTES;

const FOLDER_OF: Readonly<Record<InputRole, string>> = {
  model: 'model',
  dataset: 'data',
  labels: 'data',
  calibration: 'calibration',
  'calibration-labels': 'calibration',
};

export interface PackResult {
  readonly archivePath: string;
  /** Entry names, project file first. */
  readonly entries: readonly string[];
}

/** Archive entry name for an input: FOLDER/basename, numbered if two inputs share a name. */
function entryNameFor(role: InputRole, absolutePath: string, taken: Set<string>): string {
  const folder = FOLDER_OF[role];
  const name = basename(absolutePath);
  let candidate = `${folder}/${name}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${folder}/${n}-${name}`;
  taken.add(candidate);
  return candidate;
}

/** Packs the project at `projectPath` and its inputs into the ZIP archive `outPath`. */
export async function packProject(projectPath: string, outPath: string): Promise<PackResult> {
  const loaded = await loadProject(projectPath);
  const report = loaded.staleness;
  if (report && report.problems.length > 0) {
    throw new UserError(
      'pack-inputs',
      `Cannot pack ${loaded.path}: a colleague could not reproduce it from these inputs.\n${describeInputsReport(report, loaded.project.results.length).join('\n')}`,
      { file: loaded.path, problems: report.problems.map((p) => ({ role: p.role, path: p.path, kind: p.kind })) },
    );
  }

  const project: ProjectFile = structuredClone(loaded.project);
  const taken = new Set<string>();
  const files: { entry: string; source: string }[] = [];
  for (const input of projectInputs(loaded.project, loaded.dir)) {
    const entry = entryNameFor(input.role, input.absolutePath, taken);
    if ((await stat(input.absolutePath)).isDirectory()) {
      for (const rel of await listFolderFiles(input.absolutePath)) files.push({ entry: `${entry}/${rel}`, source: join(input.absolutePath, ...rel.split('/')) });
    } else {
      files.push({ entry, source: input.absolutePath });
    }
    setInputPath(project, input.role, entry);
  }

  const projectEntry = `${basename(loaded.path, extname(loaded.path))}${PROJECT_EXTENSION}`;
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else chunks.push(data);
  });
  const add = (name: string, bytes: Uint8Array) => {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = ENTRY_TIME;
    zip.add(file);
    file.push(bytes, true);
  };
  add(projectEntry, new TextEncoder().encode(projectFileText(project)));
  for (const f of files) add(f.entry, await readFile(f.source));
  zip.end();
  if (failure) throw failure;

  const size = chunks.reduce((n, c) => n + c.length, 0);
  const archive = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    archive.set(c, offset);
    offset += c.length;
  }
  const archivePath = resolve(outPath);
  await writeFileAtomic(archivePath, archive);
  return { archivePath, entries: [projectEntry, ...files.map((f) => f.entry)] };
}

function setInputPath(project: ProjectFile, role: InputRole, path: string): void {
  const calibration = project.split.calibration;
  switch (role) {
    case 'model':
      project.model.path = path;
      break;
    case 'dataset':
      project.dataset.path = path;
      break;
    case 'labels':
      if (project.dataset.labels) project.dataset.labels.path = path;
      break;
    case 'calibration':
      if ('path' in calibration) calibration.path = path;
      break;
    case 'calibration-labels':
      if ('path' in calibration && calibration.labels) calibration.labels.path = path;
      break;
  }
}

/** Why an entry name may not be extracted, or null when it is safe. */
export function unsafeEntryReason(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\0')) return 'a NUL character';
  if (name.startsWith('/') || name.startsWith('\\')) return 'an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'a drive letter';
  if (name.split(/[\\/]/).some((part) => part === '..')) return 'a ".." component';
  return null;
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Extracts a packed project into `destDir` (created if needed; existing files are never
 * overwritten) and verifies every input's hash. Returns the path of the extracted project file.
 */
export async function unpackProject(archivePath: string, destDir: string): Promise<string> {
  const archiveFile = resolve(archivePath);
  const dest = resolve(destDir);
  const bytes = await readFile(archiveFile).catch((err: unknown) => {
    throw new UserError('archive-read', `Cannot read the archive ${archiveFile}: ${(err as { code?: string }).code === 'ENOENT' ? 'it does not exist' : String(err)}.`, {
      file: archiveFile,
    });
  });
  const invalid = (err: unknown) =>
    new UserError('archive-invalid', `${archiveFile} is not a readable ZIP archive (${err instanceof Error ? err.message : String(err)}). Ask for the file again.`, {
      file: archiveFile,
    });

  // Pass 1: list the entries without inflating anything, and refuse the archive before writing.
  const entries: { name: string; originalSize: number }[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, originalSize: f.originalSize });
        return false;
      },
    });
  } catch (err) {
    throw invalid(err);
  }
  const unsafe = entries.map((e) => ({ name: e.name, reason: unsafeEntryReason(e.name) ?? (isInside(dest, resolve(dest, e.name)) ? null : 'a path outside the folder') }));
  const bad = unsafe.filter((e) => e.reason !== null);
  if (bad.length > 0) {
    throw new UserError(
      'archive-unsafe-path',
      `The archive ${archiveFile} has entries that would be written outside ${dest}: ${bad.map((b) => `"${b.name}" (${b.reason})`).join(', ')}. It was not made by EdgeFront's pack, or was tampered with; nothing was extracted.`,
      { file: archiveFile, entries: bad.map((b) => b.name) },
    );
  }
  const names = entries.map((e) => e.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new UserError('archive-unsafe-path', `The archive ${archiveFile} holds "${duplicate}" twice; nothing was extracted.`, { file: archiveFile });
  }
  const total = entries.reduce((n, e) => n + e.originalSize, 0);
  if (total > MAX_UNPACKED_BYTES) {
    throw new UserError('archive-too-large', `The archive ${archiveFile} would unpack to ${total} bytes, more than EdgeFront accepts (${MAX_UNPACKED_BYTES}); nothing was extracted.`, { file: archiveFile });
  }
  const projects = names.filter((n) => !n.includes('/') && n.endsWith(PROJECT_EXTENSION));
  if (projects.length !== 1) {
    throw new UserError(
      'archive-no-project',
      `The archive ${archiveFile} holds ${projects.length === 0 ? 'no' : `${projects.length}`} ${PROJECT_EXTENSION} project file${projects.length === 1 ? '' : 's'} at its top level; a packed project has exactly one. Nothing was extracted.`,
      { file: archiveFile },
    );
  }
  const fileEntries = names.filter((n) => !n.endsWith('/'));
  const existing: string[] = [];
  for (const n of fileEntries) if (await stat(resolve(dest, n)).then(() => true, () => false)) existing.push(resolve(dest, n));
  if (existing.length > 0) {
    throw new UserError(
      'unpack-exists',
      `Unpacking ${archiveFile} would overwrite ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ` and ${existing.length - 3} more` : ''}. Unpack into a new or empty folder; nothing was extracted.`,
      { file: archiveFile, existing },
    );
  }

  // Pass 2: inflate and write.
  let contents: Record<string, Uint8Array>;
  try {
    contents = unzipSync(bytes);
  } catch (err) {
    throw invalid(err);
  }
  for (const name of fileEntries) {
    const target = resolve(dest, name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents[name], { flag: 'wx' });
  }

  const projectPath = resolve(dest, projects[0]);
  const loaded = await loadProject(projectPath);
  const outside = projectInputs(loaded.project, loaded.dir).filter((i) => !isInside(dest, i.absolutePath));
  if (outside.length > 0) {
    throw new UserError(
      'archive-unsafe-path',
      `The project packed in ${archiveFile} refers to files outside the archive (${outside.map((i) => i.path).join(', ')}), so it is not self-contained. It was extracted to ${dest}; do not trust it.`,
      { file: archiveFile },
    );
  }
  const report = loaded.staleness;
  if (report && report.problems.length > 0) {
    throw new UserError(
      'archive-hash-mismatch',
      `The archive ${archiveFile} was extracted to ${dest}, but its inputs do not match the hashes the project records, so it is damaged or incomplete:\n${describeInputsReport(report, loaded.project.results.length).join('\n')}`,
      { file: archiveFile, problems: report.problems.map((p) => ({ role: p.role, path: p.path, kind: p.kind })) },
    );
  }
  return projectPath;
}
