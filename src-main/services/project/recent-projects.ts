/**
 * The Recent projects list (Start view, and the desktop shell's File → Open Recent menu): a small
 * JSON file in the user's config folder, most recent first, at most 10 entries. A project whose
 * file has gone stays listed, marked, until the user removes it — a file on an unplugged drive
 * comes back. A corrupt list is moved aside (so the message is said once, and the user can still
 * read the old file) and the list starts empty; it never stops the application. Writes are atomic.
 */
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';

export const RECENT_PROJECTS_FILE = 'recent-projects.json';
export const MAX_RECENT_PROJECTS = 10;

const storedEntrySchema = z
  .object({
    path: z.string().min(1),
    name: z.string(),
    /** ISO 8601 time of the last opening. */
    openedAt: z.string().min(1),
  })
  .strict();

const storedListSchema = z
  .object({
    format: z.literal('edgefront-recent-projects'),
    version: z.literal(1),
    projects: z.array(storedEntrySchema),
  })
  .strict();

type StoredEntry = z.infer<typeof storedEntrySchema>;

export interface RecentProject extends StoredEntry {
  /** False when nothing is at `path` any more. */
  readonly exists: boolean;
}

export interface RecentProjectsOptions {
  /** Told once, when a corrupt list was moved aside and the list started empty. */
  readonly onNotice?: (message: string) => void;
}

const listFile = (configDir: string) => join(resolve(configDir), RECENT_PROJECTS_FILE);

async function isFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ?? false;
}

/** The stored entries; a missing file is an empty list, a corrupt one is moved aside and reported. */
async function readStored(configDir: string, options: RecentProjectsOptions): Promise<StoredEntry[]> {
  const file = listFile(configDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    options.onNotice?.(`The recent projects list ${file} could not be read (${(err as Error).message}); it is shown empty.`);
    return [];
  }
  let problem: string;
  try {
    const parsed = storedListSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.projects;
    problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ');
  } catch (err) {
    problem = `not JSON (${(err as Error).message})`;
  }
  const aside = `${file}.corrupt-${Date.now()}`;
  const moved = await rename(file, aside).then(
    () => true,
    () => false,
  );
  options.onNotice?.(
    `The recent projects list ${file} was corrupt (${problem}), so the list starts empty${moved ? `; the old file was kept as ${aside}` : ''}. Your projects are untouched: open them again by path.`,
  );
  return [];
}

async function writeStored(configDir: string, projects: readonly StoredEntry[]): Promise<void> {
  await mkdir(resolve(configDir), { recursive: true });
  const body: z.infer<typeof storedListSchema> = { format: 'edgefront-recent-projects', version: 1, projects: [...projects] };
  await writeFileAtomic(listFile(configDir), `${JSON.stringify(body, null, 2)}\n`);
}

/** Most recent first, at most 10, each marked whether its file is still there. */
export async function readRecentProjects(configDir: string, options: RecentProjectsOptions = {}): Promise<RecentProject[]> {
  const stored = await readStored(configDir, options);
  const sorted = [...stored].sort((a, b) => b.openedAt.localeCompare(a.openedAt)).slice(0, MAX_RECENT_PROJECTS);
  return Promise.all(sorted.map(async (e) => ({ ...e, exists: await isFile(e.path) })));
}

/** Puts `path` at the top of the list (named `name`, default the file name without `.edgefront`). */
export async function rememberProject(configDir: string, path: string, name?: string, options: RecentProjectsOptions = {}): Promise<RecentProject[]> {
  const full = resolve(path);
  const stored = await readStored(configDir, options);
  const entry: StoredEntry = { path: full, name: name ?? basename(full, extname(full)), openedAt: new Date().toISOString() };
  const rest = stored.filter((e) => e.path !== full).sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  await writeStored(configDir, [entry, ...rest].slice(0, MAX_RECENT_PROJECTS));
  return readRecentProjects(configDir, options);
}

/** Removes `path` from the list (nothing happens to the project file). */
export async function forgetProject(configDir: string, path: string, options: RecentProjectsOptions = {}): Promise<RecentProject[]> {
  const full = resolve(path);
  const stored = await readStored(configDir, options);
  const kept = stored.filter((e) => e.path !== full);
  if (kept.length !== stored.length) await writeStored(configDir, kept);
  return readRecentProjects(configDir, options);
}
