/**
 * The renderer reaches the backend only through the typed API in src-shared: no Node modules, no
 * src-main, no workers. (Its tsconfig has no Node types, so most such imports fail to type-check
 * anyway; this catches the rest, e.g. a bare 'fs' or a relative path into src-main.)
 * Electron is imported by src-main/electron/ only, so everything else runs (and is tested) without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/demo-assets.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|vue)$/.test(e.name) ? [p] : [];
  });
}

const importPattern = /\bimport\s*(?:type\s+)?(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('layer rules', () => {
  it('src-renderer imports neither Node nor src-main nor workers', () => {
    const builtins = new Set(builtinModules);
    const offences: string[] = [];
    const files = sources(join(repoRoot, 'src-renderer', 'src'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(importPattern)) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith('node:') || builtins.has(spec) || /(^|\/)(src-main|workers)\//.test(spec)) offences.push(`${relative(repoRoot, file)}: ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('only src-main/electron imports electron, and nothing imports src-main/electron', () => {
    const offences: string[] = [];
    const files = ['src-main', 'src-shared', 'workers', join('src-renderer', 'src')].flatMap((d) => sources(join(repoRoot, d)));
    for (const file of files) {
      const rel = relative(repoRoot, file).split('\\').join('/');
      const inShell = rel.startsWith('src-main/electron/');
      for (const m of readFileSync(file, 'utf8').matchAll(importPattern)) {
        const spec = m[1] ?? m[2];
        if (!inShell && (spec === 'electron' || spec.startsWith('electron/'))) offences.push(`${rel}: ${spec}`);
        // The shell uses the rest of src-main, never the other way round.
        if (!inShell && spec.startsWith('.') && /(^|\/)electron\//.test(spec)) offences.push(`${rel}: ${spec}`);
      }
    }
    expect(files.some((f) => f.includes(join('src-main', 'electron')))).toBe(true);
    expect(offences).toEqual([]);
  });
});
