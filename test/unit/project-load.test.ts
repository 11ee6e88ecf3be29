// Loading project files: migration from the pre-release version 0, refusal of newer versions and
// of files that are not projects, and JSON syntax errors reported with line and column.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { migrateProject, MIGRATIONS } from '../../src-main/services/project/migrations.js';
import { locateJsonSyntaxError } from '../../src-main/services/project/json-syntax.js';
import { loadProject, parseProjectText, saveProject } from '../../src-main/services/project/project-store.js';
import { tempDir, userErrorOf, writeFakeInputs } from '../helpers/project-fixtures.js';
import { sha256File } from '../../src-main/services/project/sha256-file.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function parseError(text: string): UserError {
  try {
    parseProjectText(text, '/x/p.edgefront');
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

const HASH = 'b'.repeat(64);

/** A version-0 (pre-release) project: CLI-named axes, hardware as a list of ids, top-level calibration. */
const v0 = {
  format: 'edgefront-project',
  version: 0,
  name: 'old',
  model: { path: 'net.onnx', sha256: HASH },
  dataset: { path: 'x.npy', sha256: HASH },
  calibration: { count: 128 },
  hardware: ['bit-serial', 'cortex-m7'],
  designSpace: { base: { mode: 'integer' }, axes: { wbits: [4, 8], abits: [8], quantizer: ['symmetric', 'heq'], prune: [0, 0.5], hw: ['bit-serial'], vdd: [0.6] } },
  seeds: 2,
};

describe('migrations', () => {
  it('are an ordered chain ending at the current version', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.to).toBeGreaterThan(m.from);
      if (i > 0) expect(m.from).toBe(MIGRATIONS[i - 1].to);
    });
    expect(MIGRATIONS.at(-1)?.to).toBe(1);
  });

  it('upgrade a version-0 file without modifying the input', () => {
    const input = structuredClone(v0);
    const { doc, applied } = migrateProject(input, 'old.edgefront');
    expect(input).toEqual(v0);
    expect(applied.map((m) => [m.from, m.to])).toEqual([[0, 1]]);
    expect(doc).toMatchObject({
      version: 1,
      hardware: { profiles: [{ id: 'bit-serial' }, { id: 'cortex-m7' }] },
      split: { calibration: { count: 128 } },
      designSpace: { axes: { weightBits: [4, 8], activationBits: [8], weightQuantizer: ['symmetric', 'heq'], pruneRatio: [0, 0.5], hardware: ['bit-serial'], vdd: [0.6] } },
    });
    expect('calibration' in doc).toBe(false);
    expect('wbits' in (doc.designSpace as { axes: object }).axes).toBe(false);
  });

  it('load a version-0 file, and saving writes version 1', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const inputs = await writeFakeInputs(t.dir);
    const path = join(t.dir, 'old.edgefront');
    const model = { path: 'models/net.onnx', sha256: await sha256File(inputs.modelPath) };
    const dataset = { path: 'data/t10k-images-idx3-ubyte', sha256: await sha256File(inputs.datasetPath) };
    await writeFile(path, JSON.stringify({ ...v0, model, dataset }));
    const loaded = await loadProject(path);
    expect(loaded.migratedFrom).toBe(0);
    expect(loaded.project.version).toBe(1);
    expect(loaded.project.designSpace.axes.weightBits).toEqual([4, 8]);
    expect(loaded.project.split.calibration).toEqual({ count: 128 });
    expect(loaded.staleness?.ok).toBe(true);
    await saveProject(path, loaded.project);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
    expect((await loadProject(path)).migratedFrom).toBeNull();
  });

  it('refuse an ambiguous version-0 file with the field named', () => {
    const e = parseError(JSON.stringify({ ...v0, designSpace: { axes: { wbits: [4], weightBits: [8] } } }));
    expect(e.code).toBe('project-migration');
    expect(e.message).toContain('"wbits" and "weightBits"');
  });

  it('report schema errors of a migrated file in the current layout', () => {
    const e = parseError(JSON.stringify({ ...v0, designSpace: { axes: { wbits: [40] } } }));
    expect(e.code).toBe('project-invalid');
    expect(e.message).toContain('designSpace.axes.weightBits[0]: ');
  });
});

describe('refusals', () => {
  it('refuses a file from a newer EdgeFront, saying which version and what to do', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'new.edgefront');
    await writeFile(path, JSON.stringify({ format: 'edgefront-project', version: 7, name: 'future', somethingNew: true }));
    const e = await userErrorOf(loadProject(path));
    expect(e.code).toBe('project-too-new');
    expect(e.message).toBe(`The project ${path} was made by a newer EdgeFront (version 7); this build reads up to 1 — update EdgeFront.`);
  });

  it('refuses files that are not EdgeFront projects', () => {
    for (const [text, hint] of [
      ['{"name": "x"}', 'no "format"'],
      ['{"format": "onnx"}', '"format" is "onnx"'],
      ['[1, 2]', 'no "format"'],
      ['"hello"', 'no "format"'],
      ['{"format": "edgefront-hardware-profile", "version": 1}', 'hardware profile'],
    ]) {
      const e = parseError(text);
      expect(e.code).toBe('project-not-a-project');
      expect(e.message).toContain('/x/p.edgefront is not an EdgeFront project');
      expect(e.message).toContain(hint);
    }
    for (const version of ['"1"', '1.5', '-1', 'null']) {
      const e = parseError(`{"format": "edgefront-project", "version": ${version}}`);
      expect(e.code).toBe('project-invalid');
      expect(e.message).toContain('"version"');
    }
  });

  it('reports a JSON syntax error with the file, line and column', () => {
    const text = '{\n  "format": "edgefront-project",\n  "version": 1,\n}\n';
    const e = parseError(text);
    expect(e.code).toBe('project-json');
    expect(e.message).toContain('/x/p.edgefront');
    expect(e.message).toContain('line 3, column 15');
    expect(e.message).toContain('trailing comma');
    expect(e.details).toMatchObject({ line: 3, column: 15 });
  });

  it('reports a missing file clearly', async () => {
    const e = await userErrorOf(loadProject('/definitely/not/here.edgefront'));
    expect(e.code).toBe('project-read');
    expect(e.message).toContain('/definitely/not/here.edgefront does not exist');
  });

  it('accepts a byte-order mark (Windows editors add one)', () => {
    const doc = { format: 'edgefront-project', version: 1, name: 'bom', model: { path: 'm', sha256: HASH }, dataset: { path: 'd', sha256: HASH } };
    expect(parseProjectText(`\uFEFF${JSON.stringify(doc)}`, 'p').project.name).toBe('bom');
  });
});

describe('JSON syntax locator', () => {
  it('points at the first error', () => {
    expect(locateJsonSyntaxError('{"a": 1}')).toBeNull();
    expect(locateJsonSyntaxError('[1, 2.5e-3, "x\\u00e9", true, null, {"k": []}]')).toBeNull();
    expect(locateJsonSyntaxError('')).toMatchObject({ line: 1, column: 1, problem: 'the file is empty' });
    expect(locateJsonSyntaxError('{"a": 1 "b": 2}')).toMatchObject({ line: 1, column: 9 });
    expect(locateJsonSyntaxError("{'a': 1}")?.problem).toContain('double quotes');
    expect(locateJsonSyntaxError('{"a": [1, 2,]}')).toMatchObject({ column: 12 });
    expect(locateJsonSyntaxError('{"a": "x\ny"}')).toMatchObject({ line: 1, column: 9 });
    expect(locateJsonSyntaxError('{"a": 01}')).toMatchObject({ column: 8 });
    expect(locateJsonSyntaxError('{"a": 1}\n}')).toMatchObject({ line: 2, column: 1 });
    expect(locateJsonSyntaxError('{"a": tru}')?.problem).toContain('expected a value');
    expect(locateJsonSyntaxError('{"a": "x')?.problem).toContain('ends inside a string');
    expect(locateJsonSyntaxError('['.repeat(1e6))).toBeNull();
  });
});
