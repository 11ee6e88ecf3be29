/** electron-builder.yml packages what the desktop app runs, for the three platforms, and owns the .edgefront extension. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/demo-assets.js';

const config = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('targets AppImage and deb on Linux, NSIS on Windows and a dmg on macOS', () => {
    expect(config.appId).toBe('org.edgefront.app');
    expect(config.productName).toBe('EdgeFront');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('associates .edgefront files with a name and a MIME type', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'edgefront', name: 'EdgeFront project', mimeType: 'application/x-edgefront+json' })]);
    expect(config.linux.mimeTypes).toContain('application/x-edgefront+json');
  });

  it('ships the built app, the bundled assets and package.json, unpacked for the workers', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'assets/**', 'package.json']));
    expect(config.asar).toBe(false);
    for (const folder of ['assets/examples', 'assets/models', 'assets/datasets', 'assets/hardware']) expect(existsSync(join(repoRoot, folder)), folder).toBe(true);
  });

  it('package.json points Electron at the main process the build writes, and keeps electron a devDependency', () => {
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(pkg.devDependencies.electron).toBeDefined();
    expect(pkg.dependencies.electron).toBeUndefined();
    const build = readFileSync(join(repoRoot, 'scripts', 'build.mjs'), 'utf8');
    expect(build).toContain("join(dist, 'electron', 'main.js')");
    expect(build).toContain("join(dist, 'electron', 'preload.cjs')");
    // electron-builder reads the version from package.json; it must be a plain semver.
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
