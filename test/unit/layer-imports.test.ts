/**
 * The renderer reaches the backend only through the typed API in src-shared: no Node modules, no
 * src-main, no workers. (Its tsconfig has no Node types, so most such imports fail to type-check
 * anyway; this catches the rest, e.g. a bare 'fs' or a relative path into src-main.)
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
});
