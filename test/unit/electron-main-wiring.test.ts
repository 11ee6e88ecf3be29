/**
 * The built Electron main process (dist/electron/main.js) run under Node with a stand-in for the
 * `electron` module (test/fixtures/fake-electron): Electron's binary cannot be downloaded here, so
 * this is how main.ts's wiring is checked — the privileged scheme, the locked-down window, the
 * renderer served with its CSP, IPC answered only for the app's frame, the demo opened by
 * --open-demo and listed under Open Recent, a file from the command line delivered once the
 * renderer is ready, the close question with unsaved edits, and the window state saved on close.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/demo-assets.js';

const MAIN = join(repoRoot, 'dist', 'electron', 'main.js');

interface Seen {
  privileges: { scheme: string; privileges: Record<string, boolean> }[];
  scheme: string;
  windowOptions: { webPreferences: Record<string, unknown>; minWidth: number };
  loadedUrl: string;
  page: { status: number; csp: string };
  outside: number;
  mediaGranted: boolean;
  notificationsChecked: boolean;
  windowOpen: { action: string };
  ipc: Record<string, { ok: boolean; value?: { name: string; isDemo: boolean; path: string }; error?: { code: string } }>;
  sent: [string, { command?: string; args?: unknown; kind?: string }][];
  questions: string[];
  closedWithEdits: boolean;
  documentEdited: boolean;
  menus: { label: string; items: { label: string; accelerator?: string; submenu?: string[] }[] }[][];
  errors: string[];
}

let dir: string;
let seen: Seen;
const opened = '/somewhere/study.edgefront';

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first.`);
  dir = await mkdtemp(join(tmpdir(), 'edgefront-fake-electron-'));
  const r = spawnSync(process.execPath, ['--import', join(repoRoot, 'test/fixtures/fake-electron/register.mjs'), MAIN, opened, '--open-demo'], {
    env: { ...process.env, FAKE_ELECTRON_DIR: dir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON-RESULTS '));
  if (r.status !== 0 || !line) throw new Error(`main.js exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  seen = JSON.parse(line.slice('FAKE-ELECTRON-RESULTS '.length)) as Seen;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the Electron main process, wired (fake electron module)', () => {
  it('registers the app scheme and opens a locked-down window on it', () => {
    expect(seen.errors).toEqual([]);
    expect(seen.privileges).toEqual([{ scheme: 'edgefront', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(seen.scheme).toBe('edgefront');
    expect(seen.loadedUrl).toBe('edgefront://app/index.html');
    const prefs = seen.windowOptions.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(seen.mediaGranted).toBe(false);
    expect(seen.notificationsChecked).toBe(false);
    expect(seen.windowOpen).toEqual({ action: 'deny' });
  });

  it('serves the built renderer with the CSP, and nothing outside it', () => {
    expect(seen.page.status).toBe(200);
    expect(seen.page.csp).toContain("script-src 'self'");
    expect(seen.outside).toBe(404);
  });

  it('answers the app\'s frame over IPC with the demo --open-demo opened, and refuses others', () => {
    expect(seen.ipc.project.ok).toBe(true);
    expect(seen.ipc.project.value).toMatchObject({ name: 'fashion-mnist demo', isDemo: true });
    expect(seen.ipc.foreign).toMatchObject({ ok: false, error: { code: 'ipc-forbidden' } });
    expect(seen.ipc.unknown).toMatchObject({ ok: false, error: { code: 'api-unknown-method' } });
    expect(seen.sent.some(([channel, e]) => channel === 'edgefront:api-event' && e.kind === 'project')).toBe(true);
  });

  it('delivers the command-line file once the renderer is ready', () => {
    const commands = seen.sent.filter(([channel]) => channel === 'edgefront:command');
    expect(commands).toEqual([['edgefront:command', { command: 'open-project', args: { path: opened } }]]);
  });

  it('has the File menu with its shortcuts, and the demo under Open Recent', () => {
    const file = seen.menus.at(-1)!.find((m) => m.label === '&File')!;
    expect(file.items.filter((i) => i.accelerator).map((i) => i.accelerator)).toEqual(['CmdOrCtrl+N', 'CmdOrCtrl+O', 'CmdOrCtrl+S', 'CmdOrCtrl+Shift+S', 'CmdOrCtrl+E']);
    const recent = file.items.find((i) => i.label === 'Open &Recent')!;
    expect(recent.submenu![0]).toBe(join(dir, 'documents', 'EdgeFront', 'fashion-mnist.edgefront'));
  });

  it('asks before closing with unsaved edits (kept open when declined), then closes and saves the window state', async () => {
    expect(seen.questions).toHaveLength(1);
    expect(seen.questions[0]).toContain('unsaved');
    expect(seen.closedWithEdits).toBe(false);
    expect(seen.documentEdited).toBe(false);
    const state = JSON.parse(await readFile(join(dir, 'userData', 'window-state.json'), 'utf8'));
    expect(state).toEqual({ x: 40, y: 30, width: 1000, height: 700, maximized: false });
  });
});
