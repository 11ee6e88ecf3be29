/**
 * `npm start`'s launcher (scripts/start.mjs): Electron when its binary is installed, one download
 * attempt when only the package is, browser mode otherwise — and on this machine, where the
 * binary cannot be downloaded, the real check says so.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideLaunch, electronStatus, launchCommand, type ElectronStatus } from '../../scripts/start.mjs';
import { repoRoot } from '../helpers/demo-assets.js';

function fakeFs(files: Record<string, string>) {
  return {
    existsSync: (p: string) => p in files,
    readFileSync: (p: string) => {
      if (!(p in files)) throw new Error(`ENOENT ${p}`);
      return files[p];
    },
  };
}

const root = '/app';
const pkg = join(root, 'node_modules', 'electron');
const display = { DISPLAY: ':0' };

describe('electronStatus', () => {
  it('tells a missing package, a missing binary and a ready one apart without loading electron', () => {
    expect(electronStatus(root, {}, fakeFs({})).kind).toBe('no-package');
    expect(electronStatus(root, {}, fakeFs({ [join(pkg, 'package.json')]: '{}' }))).toEqual({ kind: 'no-binary', reason: "Electron's binary has not been downloaded" });
    const pathTxt = { [join(pkg, 'package.json')]: '{}', [join(pkg, 'path.txt')]: 'electron' };
    expect(electronStatus(root, {}, fakeFs(pathTxt)).kind).toBe('no-binary');
    expect(electronStatus(root, {}, fakeFs({ ...pathTxt, [join(pkg, 'dist', 'electron')]: '' }))).toEqual({ kind: 'ready', executable: join(pkg, 'dist', 'electron') });
    expect(electronStatus(root, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' }, fakeFs({ [join(pkg, 'package.json')]: '{}', '/opt/e/electron': '' }))).toEqual({ kind: 'ready', executable: '/opt/e/electron' });
  });

  it('finds the electron package installed in this checkout (a devDependency without an install script)', () => {
    const status = electronStatus(repoRoot, {});
    expect(status.kind).not.toBe('no-package');
  });
});

describe('decideLaunch', () => {
  const ready: ElectronStatus = { kind: 'ready', executable: '/e/electron' };
  const noBinary: ElectronStatus = { kind: 'no-binary', reason: "Electron's binary has not been downloaded" };
  const noPackage: ElectronStatus = { kind: 'no-package', reason: 'the electron package is not installed' };

  it('runs Electron when it is ready and there is a display', () => {
    expect(decideLaunch({ status: ready, args: [], env: display, platform: 'linux', fetchTried: false })).toEqual({ mode: 'electron', executable: '/e/electron' });
    expect(decideLaunch({ status: ready, args: [], env: {}, platform: 'darwin', fetchTried: false }).mode).toBe('electron');
  });

  it('tries the download once, then falls back to browser mode with the reason', () => {
    expect(decideLaunch({ status: noBinary, args: [], env: display, platform: 'linux', fetchTried: false })).toEqual({ mode: 'fetch' });
    expect(decideLaunch({ status: noBinary, args: [], env: display, platform: 'linux', fetchTried: true })).toEqual({ mode: 'browser', reason: noBinary.reason });
    expect(decideLaunch({ status: noBinary, args: ['--no-fetch'], env: display, platform: 'linux', fetchTried: false }).mode).toBe('browser');
    expect(decideLaunch({ status: noPackage, args: [], env: display, platform: 'win32', fetchTried: false })).toEqual({ mode: 'browser', reason: noPackage.reason });
  });

  it('uses browser mode when asked, or when Linux has no display (no download attempted)', () => {
    expect(decideLaunch({ status: ready, args: ['--browser'], env: display, platform: 'linux', fetchTried: false }).mode).toBe('browser');
    expect(decideLaunch({ status: ready, args: [], env: { ...display, EDGEFRONT_BROWSER: '1' }, platform: 'linux', fetchTried: false }).mode).toBe('browser');
    const headless = decideLaunch({ status: noBinary, args: [], env: {}, platform: 'linux', fetchTried: false });
    expect(headless.mode).toBe('browser');
    if (headless.mode === 'browser') expect(headless.reason).toContain('no display');
    expect(decideLaunch({ status: ready, args: [], env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux', fetchTried: false }).mode).toBe('electron');
  });
});

describe('launchCommand', () => {
  it('runs the app folder in Electron (no Chromium sandbox as root), or serve with the demo open', () => {
    expect(launchCommand({ mode: 'electron', executable: '/e/electron' }, { root, nodePath: '/usr/bin/node', isRoot: false })).toEqual({ command: '/e/electron', args: [root, '--open-demo'] });
    expect(launchCommand({ mode: 'electron', executable: '/e/electron' }, { root, nodePath: '/usr/bin/node', isRoot: true }).args[0]).toBe('--no-sandbox');
    expect(launchCommand({ mode: 'browser', reason: 'x' }, { root, nodePath: '/usr/bin/node', isRoot: false })).toEqual({ command: '/usr/bin/node', args: [join(root, 'bin', 'edgefront.js'), 'serve', '--open-demo'] });
  });
});
