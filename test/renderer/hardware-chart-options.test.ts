/** The Hardware view's pure parts: chart options from real profile data, the walk over a profile's sourced numbers, axis input parsing. */
import { describe, expect, it } from 'vitest';
import { berCurveView, levelEnergyTable, macEnergyTable } from '../../src-main/api/hardware-profile-view.js';
import { summarizeProfile } from '../../src-main/services/report/profile-facts.js';
import { hardwareProfileSchema } from '../../src-shared/hardware-profile.js';
import { BER_FLOOR, berChartOption } from '../../src-renderer/src/charts/hardware-ber-option.js';
import { chartedLevels, levelEnergyOption, macEnergyOption } from '../../src-renderer/src/charts/hardware-energy-option.js';
import type { ChartPalette } from '../../src-renderer/src/charts/front-chart-option.js';
import { axisDefinition, parseTypedValue, withValue } from '../../src-renderer/src/components/design-space/axis-definitions.js';
import { parseNumberList, strategyOfKind } from '../../src-renderer/src/components/design-space/strategy-defaults.js';
import { profileNumbers, withProfileNumber } from '../../src-renderer/src/components/hardware/profile-numbers.js';
import { BUILTIN_PROFILE_IDS, loadHardwareProfile } from '../../workers/cost/profiles.js';

const palette: ChartPalette = { text: '#000', muted: '#666', grid: '#eee', point: '#888', front: '#c00', background: '#fff' };
type Line = { name: string; data: number[][] };

describe('BER chart option', () => {
  const curve = berCurveView(loadHardwareProfile('bit-serial'))!;

  it('plots the measured range solid and the extrapolation dashed, on a log axis without zeros', () => {
    const option = berChartOption(curve, palette);
    expect((option.yAxis as { type: string }).type).toBe('log');
    const [measured, extrapolated, vmin, vnom] = option.series as Line[];
    expect(measured.name).toBe('measured range');
    expect(extrapolated.name).toBe('extrapolated');
    expect(measured.data.every(([, ber]) => ber >= BER_FLOOR)).toBe(true);
    // Extrapolated below V/Vmin 0.75 only; the two parts meet at one shared point.
    expect(extrapolated.data.every(([vdd]) => vdd / curve.vmin <= 0.75 + 0.01)).toBe(true);
    expect(extrapolated.data.at(-1)).toEqual(measured.data[0]);
    // BER 0 at and above Vmin is left out, so nothing is plotted at Vnom.
    expect(Math.max(...measured.data.map(([vdd]) => vdd))).toBeLessThan(curve.vmin);
    expect(vmin.data.map(([v]) => v)).toEqual([curve.vmin, curve.vmin]);
    expect(vnom.data.map(([v]) => v)).toEqual([curve.vnom, curve.vnom]);
  });
});

describe('energy chart options', () => {
  it('plots energy per MAC by width on a log axis, float last', () => {
    const rows = macEnergyTable(loadHardwareProfile('eyeriss-int8'));
    const option = macEnergyOption(rows, palette);
    expect((option.xAxis as { data: string[] }).data.at(-1)).toBe('float32');
    expect((option.yAxis as { type: string }).type).toBe('log');
    expect((option.series as { data: number[] }[])[0].data).toEqual(rows.map((r) => r.pj));
  });

  it('leaves out levels whose access costs no energy of their own', () => {
    const mcu = levelEnergyTable(loadHardwareProfile('cortex-m7'));
    expect(chartedLevels(mcu)).toEqual([]);
    const eyeriss = levelEnergyTable(loadHardwareProfile('eyeriss-int8'));
    const option = levelEnergyOption(eyeriss, palette);
    expect((option.yAxis as { data: string[] }).data).toEqual(['dram', 'glb', 'noc', 'rf']);
    expect((option.xAxis as { type: string }).type).toBe('log');
  });
});

describe('profile numbers', () => {
  it('finds every sourced number of every built-in profile, as the report lists them', () => {
    for (const id of BUILTIN_PROFILE_IDS) {
      const profile = loadHardwareProfile(id);
      const numbers = profileNumbers(profile);
      expect(numbers.map((n) => n.label)).toEqual(summarizeProfile(profile, 'built-in', 0).facts.map((f) => f.field));
      expect(numbers.every((n) => n.source.length >= 3)).toBe(true);
    }
  });

  it('edits a copy, which the schema then checks by field', () => {
    const profile = loadHardwareProfile('bit-serial');
    const level = profileNumbers(profile).find((n) => n.label === 'memory.levels[wbuf].sizeBytes')!;
    expect(level.path).toEqual(['memory', 'levels', 0, 'sizeBytes']);
    const edited = withProfileNumber(profile, level.path, { value: 65536 });
    expect(edited.memory.levels[0].sizeBytes!.value).toBe(65536);
    expect(profile.memory.levels[0].sizeBytes!.value).toBe(131072);
    const broken = withProfileNumber(profile, level.path, { value: 'lots' });
    const r = hardwareProfileSchema.safeParse(broken);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['memory', 'levels', 0, 'sizeBytes', 'value']);
  });
});

describe('design-space inputs', () => {
  it('reads typed axis values, with the words for null', () => {
    const bits = axisDefinition('weightBits');
    if (bits.input !== 'typed') throw new Error('weightBits is typed');
    expect(parseTypedValue(bits, ' 4 ')).toEqual({ value: 4 });
    expect(parseTypedValue(bits, 'Float')).toEqual({ value: null });
    expect(parseTypedValue(bits, '4.5')).toEqual({ problem: '"4.5" is not a whole number or "float".' });
    const prune = axisDefinition('pruneRatio');
    if (prune.input !== 'typed') throw new Error('pruneRatio is typed');
    expect(parseTypedValue(prune, 'float')).toEqual({ problem: '"float" is not a number.' });
    expect(withValue([8, null, 2], 4)).toEqual([null, 2, 4, 8]);
  });

  it('keeps a strategy\'s seed and samples across kinds, and reads number lists', () => {
    expect(strategyOfKind('lhs', { kind: 'random', samples: 30, seed: 7 })).toEqual({ kind: 'lhs', samples: 30, seed: 7 });
    expect(strategyOfKind('nsga2', { kind: 'random', samples: 30, seed: 7 })).toEqual({ kind: 'nsga2', populationSize: 8, generations: 4, seed: 7 });
    expect(parseNumberList('8, 4 2')).toEqual([8, 4, 2]);
    expect(parseNumberList('8, four')).toBe('8, four');
  });
});
