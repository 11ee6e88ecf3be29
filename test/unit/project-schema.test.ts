// The project file's schema and its canonical serialization: defaults for a minimal project,
// save → load round trip, byte-stable saves with sorted keys, and errors that list field paths.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, canonicalStringify } from '../../src-shared/canonical-json.js';
import { designBaseSchema, designSpaceSchema, designSpaceSize, CONFIG_FIELDS, TARGET_FIELDS, type DesignBase } from '../../src-shared/design-space.js';
import { deployConfigSchema } from '../../src-shared/deploy-config.js';
import { deployTargetSchema } from '../../src-shared/deploy-target.js';
import { InternalError, UserError } from '../../src-shared/errors.js';
import { parseProjectFile, PROJECT_FORMAT_VERSION, projectFileSchema, type ProjectFileInput } from '../../src-shared/project-file.js';
import { pointKey } from '../../src-main/services/project/point-key.js';
import { loadProject, saveProject } from '../../src-main/services/project/project-store.js';
import { fullProject, tempDir } from '../helpers/project-fixtures.js';

const HASH = 'a'.repeat(64);

const minimal: ProjectFileInput = {
  format: 'edgefront-project',
  version: 1,
  name: 'tiny',
  model: { path: 'net.onnx', sha256: HASH },
  dataset: { path: 'x.npy', sha256: HASH },
  designSpace: { axes: { weightBits: [4, 8] } },
};

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('canonical JSON', () => {
  it('sorts keys recursively, keeps array order, and ignores insertion order', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, '10': 'x', '9': true };
    const b = { '9': true, a: { c: null, d: [3, { y: 2, z: 1 }] }, '10': 'x', b: 1 };
    expect(canonicalJson(a)).toBe('{"10":"x","9":true,"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(canonicalStringify(a)).toBe(canonicalStringify(b));
    expect(JSON.parse(canonicalStringify(a, 2))).toEqual(a);
    expect(canonicalStringify({ a: [], b: {} })).toBe('{\n  "a": [],\n  "b": {}\n}');
  });

  it('refuses NaN, Infinity, undefined elements and non-plain objects, and drops undefined properties', () => {
    expect(() => canonicalJson({ a: [1, NaN] })).toThrow(InternalError);
    expect(() => canonicalJson({ a: [1, NaN] })).toThrow(/a\[1\]/);
    expect(() => canonicalJson({ e: Infinity })).toThrow(InternalError);
    expect(() => canonicalJson([undefined])).toThrow(InternalError);
    expect(() => canonicalJson(undefined)).toThrow(InternalError);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/Date/);
    expect(() => canonicalJson({ m: new Map() })).toThrow(InternalError);
    expect(() => canonicalJson({ f: 1n })).toThrow(InternalError);
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson('é"\n')).toBe(JSON.stringify('é"\n'));
  });
});

describe('project schema', () => {
  it('fills every default for a minimal project (model + dataset + axes)', () => {
    const p = parseProjectFile(minimal, 'tiny.edgefront');
    expect(p.split).toEqual({ calibration: { count: 512 }, test: {} });
    expect(p.hardware).toEqual({ profiles: [] });
    expect(p.strategy).toEqual({ kind: 'grid' });
    expect(p.seeds).toBe(1);
    expect(p.evaluation).toEqual({ earlyStop: false });
    expect(p.results).toEqual([]);
    expect(p.dataset.format).toBe('auto');
    expect(p.designSpace).toEqual({ base: {}, axes: { weightBits: [4, 8], layers: {} }, constraints: [] });
    expect(PROJECT_FORMAT_VERSION).toBe(1);
  });

  it('hands out fresh defaults: editing one parsed project does not change the next', () => {
    const { designSpace: _omitted, ...bare } = minimal;
    const a = parseProjectFile(bare, 'a');
    a.designSpace.axes.layers.conv1 = { weightBits: [4] };
    a.designSpace.base.weightBits = 4;
    a.designSpace.constraints.push({ metric: 'accuracy', min: 0.5 });
    a.hardware.profiles.push({ id: 'x' });
    a.split.test.limit = 10;
    a.results.push({} as never);
    const b = parseProjectFile(bare, 'b');
    expect(b.designSpace).toEqual({ base: {}, axes: { layers: {} }, constraints: [] });
    expect(b.hardware.profiles).toEqual([]);
    expect(b.split).toEqual({ calibration: { count: 512 }, test: {} });
    expect(b.results).toEqual([]);
  });

  it('keeps base partial: it has no defaults of its own, and splits into config and target fields', () => {
    const typed: DesignBase = { weightBits: null, vdd: 0.7, layers: { conv1: { weightBits: 4 } } };
    expect(designBaseSchema.parse(typed)).toEqual(typed);
    // @ts-expect-error seeds is the project's, not a base field
    const noSeeds: DesignBase = { seeds: 3 };
    // @ts-expect-error weightBits is a number or null
    const badBits: DesignBase = { weightBits: 'eight' };
    expect([noSeeds, badBits]).toHaveLength(2);
    expect(designBaseSchema.parse({})).toEqual({});
    expect(designBaseSchema.parse({ weightBits: null, coding: 'rans' })).toEqual({ weightBits: null, coding: 'rans' });
    expect(() => designBaseSchema.parse({ seeds: 3 })).toThrow();
    expect(new Set([...CONFIG_FIELDS, ...TARGET_FIELDS]).size).toBe(CONFIG_FIELDS.length + TARGET_FIELDS.length);
    expect(CONFIG_FIELDS).toEqual(Object.keys(deployConfigSchema.shape));
    expect([...TARGET_FIELDS, 'seeds'].sort()).toEqual(Object.keys(deployTargetSchema.shape).sort());
  });

  it('counts the grid over global and per-layer axes', () => {
    const space = designSpaceSchema.parse({
      axes: { weightBits: [2, 4, 8], vdd: [null, 0.6], layers: { conv1: { weightBits: [4, 8], pruneRatio: [0, 0.5] }, fc: { activationBits: [8] } } },
    });
    expect(designSpaceSize(space)).toBe(3 * 2 * 2 * 2 * 1);
    expect(designSpaceSize(designSpaceSchema.parse({}))).toBe(1);
  });

  it('lists the path of every invalid field', () => {
    const bad = {
      ...minimal,
      model: { path: 'net.onnx', sha256: 'not-a-hash' },
      designSpace: {
        axes: { weightBits: [4, 4, 99], quantizer: ['heq'], layers: { conv1: { weightBits: [] } } },
        constraints: [{ metric: 'accuracy' }, { metric: 'latency.cycles', min: 5, max: 1 }],
      },
      split: { calibration: { count: 0 } },
      strategy: { kind: 'random', samples: -1 },
      hardware: { profiles: [{ id: 'a' }, { id: 'a' }] },
      seeds: 0,
    };
    const e = userError(() => parseProjectFile(bad, '/p/study.edgefront'));
    expect(e.code).toBe('project-invalid');
    expect(e.message).toContain('/p/study.edgefront');
    for (const field of [
      'model.sha256',
      'designSpace.axes.weightBits[1]',
      'designSpace.axes.weightBits[2]',
      'designSpace.axes.quantizer',
      'designSpace.axes.layers.conv1.weightBits',
      'designSpace.constraints[0]',
      'designSpace.constraints[1].min',
      'split.calibration.count',
      'strategy.samples',
      'hardware.profiles[1].id',
      'seeds',
    ]) {
      expect(e.message).toContain(`${field}: `);
    }
    const issues = e.details?.issues as { field: string }[];
    expect(issues.map((i) => i.field)).toContain('designSpace.axes.quantizer');
  });

  it('checks an embedded profile with the hardware-profile schema and its id against the entry', async () => {
    const { project } = await (async () => {
      const t = await tempDir();
      cleanup = t.cleanup;
      return fullProject(t.dir);
    })();
    const profiles = structuredClone(project.hardware.profiles);
    const edited = profiles[1].embedded as Record<string, unknown>;
    edited.id = 'other';
    edited.clockHz = { value: 1e8 };
    const e = userError(() => parseProjectFile({ ...project, hardware: { profiles } }, 'x.edgefront'));
    expect(e.message).toContain('hardware.profiles[1].embedded.clockHz.source: ');
  });
});

describe('save and load', () => {
  it('round-trips a full project and writes sorted keys, byte-identical on every save', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const { project, projectPath } = await fullProject(t.dir);
    expect(project.model.path).toBe('models/net.onnx');
    expect(project.dataset.labels?.path).toBe('data/t10k-labels-idx1-ubyte');

    const saved = await saveProject(projectPath, project);
    expect(saved).toEqual(project);
    const first = await readFile(projectPath, 'utf8');
    const loaded = await loadProject(projectPath);
    expect(loaded.project).toEqual(project);
    expect(loaded.dir).toBe(t.dir);
    expect(loaded.migratedFrom).toBeNull();
    expect(loaded.staleness).toMatchObject({ ok: true, problems: [], staleResults: [] });

    await saveProject(projectPath, loaded.project);
    const second = await readFile(projectPath, 'utf8');
    expect(second).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
    expect(first).toBe(`${canonicalStringify(JSON.parse(first))}\n`);
    // Top-level keys in sorted order, two-space indent.
    const topKeys = [...first.matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1]);
    expect(topKeys).toEqual([...topKeys].sort());
    expect(topKeys).toEqual(['dataset', 'description', 'designSpace', 'evaluation', 'format', 'hardware', 'model', 'name', 'results', 'seeds', 'split', 'strategy', 'version']);
    // No temp file left beside it.
    expect((await readdir(t.dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to save an invalid project and leaves the old file alone', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'p.edgefront');
    await saveProject(path, minimal);
    const before = await readFile(path, 'utf8');
    await expect(saveProject(path, { ...minimal, seeds: -1 } as never)).rejects.toThrow(/seeds: /);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(projectFileSchema.parse(JSON.parse(before)).name).toBe('tiny');
  });
});

describe('point key', () => {
  it('is a sha256 of the normalized config and target, independent of key order and spelled-out defaults', () => {
    const a = pointKey({ weightBits: 4, mode: 'integer' }, { vdd: 0.6 });
    const b = pointKey(deployConfigSchema.parse({ mode: 'integer', weightBits: 4, activationBits: null }), deployTargetSchema.parse({ vdd: 0.6, hardware: 'bit-serial' }));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(pointKey({ weightBits: 8 }, { vdd: 0.6 })).not.toBe(a);
    expect(pointKey({ weightBits: 4, mode: 'integer' }, { vdd: 0.6, seeds: 2 })).not.toBe(a);
  });
});
