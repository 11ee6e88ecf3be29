// The recent projects list: ordering, the cap of 10, entries whose file is gone stay listed and
// marked, a corrupt list starts empty with one notice (and is kept aside), and the config folder
// is chosen from the flag, the environment, then the XDG default.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfigDir } from '../../src-main/services/project/config-dir.js';
import { forgetProject, MAX_RECENT_PROJECTS, readRecentProjects, RECENT_PROJECTS_FILE, rememberProject } from '../../src-main/services/project/recent-projects.js';
import { tempDir } from '../helpers/project-fixtures.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(count: number) {
  const t = await tempDir('edgefront-recent-');
  cleanup = t.cleanup;
  const config = join(t.dir, 'config');
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = join(t.dir, `study-${i}.edgefront`);
    await writeFile(f, '{}');
    files.push(f);
  }
  return { dir: t.dir, config, files };
}

describe('recent projects', () => {
  it('starts empty when there is no list yet, and lists the most recently opened first', async () => {
    const { config, files } = await setup(3);
    expect(await readRecentProjects(config)).toEqual([]);
    await rememberProject(config, files[0]);
    await rememberProject(config, files[1], 'Second study');
    await rememberProject(config, files[2]);
    await rememberProject(config, files[0]);
    const list = await readRecentProjects(config);
    expect(list.map((e) => e.path)).toEqual([files[0], files[2], files[1]]);
    expect(list[2].name).toBe('Second study');
    expect(list[0].name).toBe('study-0');
    expect(list.every((e) => e.exists)).toBe(true);
  });

  it(`keeps at most ${MAX_RECENT_PROJECTS} entries, dropping the oldest`, async () => {
    const { config, files } = await setup(MAX_RECENT_PROJECTS + 2);
    for (const f of files) await rememberProject(config, f);
    const list = await readRecentProjects(config);
    expect(list).toHaveLength(MAX_RECENT_PROJECTS);
    expect(list[0].path).toBe(files.at(-1));
    expect(list.map((e) => e.path)).not.toContain(files[0]);
    expect(list.map((e) => e.path)).not.toContain(files[1]);
  });

  it('marks a project whose file is gone instead of dropping it, until it is forgotten', async () => {
    const { config, files } = await setup(2);
    await rememberProject(config, files[0]);
    await rememberProject(config, files[1]);
    await rm(files[0]);
    const list = await readRecentProjects(config);
    expect(list.map((e) => [e.path, e.exists])).toEqual([
      [files[1], true],
      [files[0], false],
    ]);
    const after = await forgetProject(config, files[0]);
    expect(after.map((e) => e.path)).toEqual([files[1]]);
    expect(await readRecentProjects(config)).toHaveLength(1);
  });

  it('starts empty on a corrupt list, says so once and keeps the old file aside', async () => {
    const { config, files } = await setup(1);
    await rememberProject(config, files[0]);
    await writeFile(join(config, RECENT_PROJECTS_FILE), '{"format": "edgefront-recent-projects", "version": 1, "projects": [ {"path": 3} ]}');
    const notices: string[] = [];
    expect(await readRecentProjects(config, { onNotice: (m) => notices.push(m) })).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(join(config, RECENT_PROJECTS_FILE));
    expect(notices[0]).toMatch(/corrupt.*starts empty/);
    expect(await readRecentProjects(config, { onNotice: (m) => notices.push(m) })).toEqual([]);
    expect(notices).toHaveLength(1);
    const names = await readdir(config);
    const aside = names.find((n) => n.startsWith(`${RECENT_PROJECTS_FILE}.corrupt-`));
    expect(aside).toBeDefined();
    expect(await readFile(join(config, aside!), 'utf8')).toContain('"path": 3');
    // The list works again afterwards.
    await rememberProject(config, files[0]);
    expect((await readRecentProjects(config)).map((e) => e.path)).toEqual([files[0]]);
  });

  it('treats a list that is not JSON as corrupt too', async () => {
    const { config, files } = await setup(1);
    await rememberProject(config, files[0]);
    await writeFile(join(config, RECENT_PROJECTS_FILE), 'not json at all');
    const notices: string[] = [];
    expect(await readRecentProjects(config, { onNotice: (m) => notices.push(m) })).toEqual([]);
    expect(notices[0]).toContain('not JSON');
  });
});

describe('config folder', () => {
  it('prefers the flag, then EDGEFRONT_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(resolveConfigDir('/a/b', { EDGEFRONT_CONFIG_DIR: '/c', XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/a/b');
    expect(resolveConfigDir(undefined, { EDGEFRONT_CONFIG_DIR: '/c', XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/c');
    expect(resolveConfigDir(undefined, { XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/edgefront');
    expect(resolveConfigDir(undefined, {}, '/home/u')).toBe('/home/u/.config/edgefront');
  });
});
