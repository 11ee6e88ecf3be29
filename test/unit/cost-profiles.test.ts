import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { parseHardwareProfile } from '../../src-shared/hardware-profile.js';
import { BUILTIN_PROFILE_IDS, listBuiltinProfiles, loadHardwareProfile } from '../../workers/cost/profiles.js';

/** Every number in a JSON tree, with its path and whether a sibling `source` string sits next to it. */
function numbers(node: unknown, path: string, out: { path: string; sourced: boolean }[], parent?: Record<string, unknown>): void {
  if (typeof node === 'number') {
    const src = parent?.source;
    out.push({ path, sourced: typeof src === 'string' && src.trim().length >= 3 });
  } else if (Array.isArray(node)) {
    node.forEach((n, i) => numbers(n, `${path}[${i}]`, out, undefined));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) numbers(v, `${path}.${k}`, out, node as Record<string, unknown>);
  }
}

describe('built-in hardware profiles', () => {
  it('lists the four built-ins with their files', () => {
    const list = listBuiltinProfiles();
    expect(list.map((p) => p.id)).toEqual([...BUILTIN_PROFILE_IDS]);
    for (const p of list) expect(p.file.endsWith(`assets/hardware/${p.id}.json`)).toBe(true);
  });

  for (const id of BUILTIN_PROFILE_IDS) {
    it(`${id} parses and every number has a source`, () => {
      const profile = loadHardwareProfile(id);
      expect(profile.id).toBe(id);
      const file = listBuiltinProfiles().find((p) => p.id === id)!.file;
      const found: { path: string; sourced: boolean }[] = [];
      const json = JSON.parse(readFileSync(file, 'utf8'));
      numbers(json, '', found);
      // version is the format's own number, and measured BER tables carry one source for the table.
      const unsourced = found.filter((n) => !n.sourced && n.path !== '.version' && !/\.points\[\d+\]/.test(n.path));
      expect(unsourced).toEqual([]);
      expect(found.length).toBeGreaterThan(20);
    });
  }

  it('loads a profile from a path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ef-hw-'));
    const file = join(dir, 'mine.json');
    const json = JSON.parse(readFileSync(listBuiltinProfiles()[0].file, 'utf8'));
    json.id = 'mine';
    writeFileSync(file, JSON.stringify(json));
    expect(loadHardwareProfile(file).id).toBe('mine');
  });
});

describe('broken profiles', () => {
  const base = () => JSON.parse(readFileSync(listBuiltinProfiles().find((p) => p.id === 'bit-serial')!.file, 'utf8'));

  it('a number without a source is rejected, naming the file and the field path', () => {
    const json = base();
    delete json.memory.levels[1].sizeBytes.source;
    try {
      parseHardwareProfile(json, '/x/broken.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      const err = e as UserError;
      expect(err.message).toContain('/x/broken.json');
      expect(err.message).toContain('memory.levels[1].sizeBytes.source');
      expect(err.details?.field).toBe('memory.levels[1].sizeBytes.source');
    }
  });

  it('a bare number where { value, source } is required is rejected', () => {
    const json = base();
    json.clockHz = 5e8;
    expect(() => parseHardwareProfile(json, 'p.json')).toThrow(/clockHz/);
  });

  it('a weightsLevel that is not a level is rejected', () => {
    const json = base();
    json.memory.weightsLevel = 'nowhere';
    expect(() => parseHardwareProfile(json, 'p.json')).toThrow(/memory\.weightsLevel.*nowhere/);
  });

  it('a voltage-scaled level without an SRAM voltage model is rejected', () => {
    const json = base();
    delete json.sramVoltage;
    expect(() => parseHardwareProfile(json, 'p.json')).toThrow(/sramVoltage/);
  });

  it('missing files, invalid JSON and unknown ids give UserErrors naming them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ef-hw-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect(() => loadHardwareProfile(bad)).toThrow(new RegExp(`${bad}.*not valid JSON`));
    expect(() => loadHardwareProfile(join(dir, 'missing.json'))).toThrow(/missing\.json.*could not be read/);
    try {
      loadHardwareProfile('tpu-v9');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).toContain('tpu-v9');
      for (const id of BUILTIN_PROFILE_IDS) expect((e as UserError).message).toContain(id);
    }
  });
});
