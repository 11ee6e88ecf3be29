// The report generator (src-main/services/report/): the report model's fronts against a
// brute-force check on a hand-made set of 31 results whose fronts are known, and the HTML, CSV,
// JSON and PDF renderings of it.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployConfigSchema, type DeployConfigInput } from '../../src-shared/deploy-config.js';
import { deployTargetSchema, type DeployTargetInput } from '../../src-shared/deploy-target.js';
import { UserError } from '../../src-shared/errors.js';
import { hardwareProfileSchema } from '../../src-shared/hardware-profile.js';
import { projectFileSchema, type ProjectFile } from '../../src-shared/project-file.js';
import {
  buildReportModel,
  CHART_COLORS,
  CSV_COLUMNS,
  csvField,
  findChromium,
  htmlToPdf,
  pointByKey,
  renderCsvReport,
  renderHtmlReport,
  renderJsonReport,
  wantsLogAxis,
  writeReport,
  type ReportModel,
} from '../../src-main/services/report/index.js';

const MODEL_SHA = 'a'.repeat(64);
const DATA_SHA = 'b'.repeat(64);
const GENERATED = new Date('2025-06-01T12:00:00.000Z');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

interface Spec {
  readonly label: string;
  readonly acc: number;
  readonly bytes: number;
  /** Energy per inference in µJ; null = the result reports no energy. */
  readonly uj: number | null;
  readonly stale?: 'model' | 'dataset';
  readonly config?: DeployConfigInput;
  readonly target?: DeployTargetInput;
}

// m* are on the accuracy–memory front, e* on the accuracy–energy front (e2 on both), d* are
// dominated on both (the comment names a dominating point), inf* break a constraint (accuracy ≥ 0.5,
// weight bytes ≤ 100 000) and would otherwise be on a front, stale* were computed on other inputs
// and would dominate everything.
const SPECS: readonly Spec[] = [
  { label: 'm1', acc: 0.8, bytes: 1000, uj: 50 },
  { label: 'm2', acc: 0.9, bytes: 2000, uj: 40, config: { weightBits: 2, activationBits: 8, layers: { 'fc<1>': { weightBits: 8 }, conv1: { weightBits: 4, pruneRatio: 0.5 } } } },
  { label: 'm3', acc: 0.95, bytes: 4000, uj: 30 },
  {
    label: 'm4',
    acc: 0.97,
    bytes: 8000,
    uj: 25,
    config: { weightBits: 4, activationBits: 8, weightQuantizer: 'asymmetric', granularity: 'tensor', pruneRatio: 0.25, mode: 'integer' },
    target: { hardware: 'my-hw', vdd: 0.7, coding: 'huffman', seeds: 3 },
  },
  { label: 'm5', acc: 0.98, bytes: 16000, uj: 60 },
  { label: 'e1', acc: 0.96, bytes: 20000, uj: 5 },
  { label: 'e2', acc: 0.985, bytes: 64000, uj: 20 },
  { label: 'e3', acc: 0.9, bytes: 30000, uj: 3 },
  { label: 'd1', acc: 0.79, bytes: 1500, uj: 55 }, // m1
  { label: 'd2', acc: 0.85, bytes: 2500, uj: 45 }, // m2
  { label: 'd3', acc: 0.94, bytes: 5000, uj: 35 }, // m3
  { label: 'd4', acc: 0.96, bytes: 9000, uj: 26 }, // m4
  { label: 'd5', acc: 0.975, bytes: 17000, uj: 61 }, // m5
  { label: 'd6', acc: 0.89, bytes: 31000, uj: 4 }, // m2, e3
  { label: 'd7', acc: 0.95, bytes: 21000, uj: 6 }, // m3, e1
  { label: 'd8', acc: 0.7, bytes: 3000, uj: 70 },
  { label: 'd9', acc: 0.6, bytes: 1200, uj: 80 },
  { label: 'd10', acc: 0.88, bytes: 3500, uj: 42 },
  { label: 'd11', acc: 0.92, bytes: 6000, uj: 32 },
  { label: 'd12', acc: 0.93, bytes: 4500, uj: 31 },
  { label: 'd13', acc: 0.965, bytes: 12000, uj: 27 },
  { label: 'd14', acc: 0.98, bytes: 40000, uj: 22 }, // m5, e2
  { label: 'd15', acc: 0.5, bytes: 1000, uj: 90 }, // m1 (same memory, better accuracy)
  { label: 'd16', acc: 0.955, bytes: 25000, uj: 5.5 }, // m4, e1
  { label: 'd17', acc: 0.83, bytes: 50000, uj: 3.5 }, // m2, e3
  { label: 'dup3', acc: 0.95, bytes: 4000, uj: 30 }, // equal to m3: on the memory front with it
  { label: 'noenergy', acc: 0.55, bytes: 5000, uj: null },
  { label: 'inf1', acc: 0.99, bytes: 200000, uj: 1 },
  { label: 'inf2', acc: 0.45, bytes: 100, uj: 100 },
  { label: 'stale1', acc: 0.995, bytes: 800, uj: 1, stale: 'model' },
  { label: 'stale2', acc: 0.995, bytes: 700, uj: 1, stale: 'dataset' },
];

const EXPECTED_MEMORY_FRONT = ['m1', 'm2', 'm3', 'dup3', 'm4', 'm5', 'e2'];
const EXPECTED_ENERGY_FRONT = ['e3', 'e1', 'e2'];

function metricsOf(s: Spec, vdd: number | null): Record<string, unknown> {
  const layer = (name: string, op: string, share: number, energyShare: number) => ({
    name,
    op,
    params: op === 'Conv' ? 156 : 48120,
    bits: 4,
    quantizer: 'symmetric',
    granularity: 'channel',
    sparsity: 0.1,
    macs: op === 'Conv' ? 117600 : 48000,
    codedBytes: Math.round(s.bytes * share),
    storageFormat: 'dense',
    storage: { dense: 100, csr: 120, relative: 110, huffman: null, rans: null },
    entropyBitsPerParam: 3.2,
    codedBitsPerParam: { huffman: null, rans: null },
    energyJoules: s.uj === null ? null : s.uj * 1e-6 * energyShare,
    latencyCycles: 1000,
    bound: 'compute',
  });
  return {
    model: 'models/net.onnx',
    dataset: 'data/t10k-images-idx3-ubyte.gz',
    accuracy: s.acc,
    samples: 1000,
    correct: Math.round(s.acc * 1000),
    accuracyCI95: [Math.max(0, s.acc - 0.01), Math.min(1, s.acc + 0.01)],
    seeds: 1,
    mode: 'fake',
    config: {},
    hardware: {
      profile: 'my-hw',
      vdd: vdd ?? 0.9,
      vnom: 0.9,
      vmin: 0.8,
      ber: vdd !== null && vdd < 0.8 ? 1e-4 : 0,
      berExtrapolated: false,
      weightsOnScaledRail: true,
      coding: 'none',
      storage: 'dense',
      protectMsb: 0,
      warnings: ['weights <b>do not</b> fit'],
    },
    memory: {
      weightBytes: s.bytes,
      bitsPerParam: (8 * s.bytes) / 48276,
      params: 48276,
      activationPeakBytes: 4704,
      activationBytes: 4800,
      protectionBytes: 0,
      decoderTableBytes: 0,
      weightsLevel: 'wbuf',
      activationsLevel: 'abuf',
      fits: { weights: true, activations: true },
    },
    ...(s.uj === null
      ? {}
      : { energy: { perInferenceJoules: s.uj * 1e-6, computeJoules: s.uj * 0.5e-6, memoryJoules: { wbuf: s.uj * 0.3e-6 }, decoderJoules: 0, leakageJoules: s.uj * 0.2e-6 } }),
    latency: { cycles: 4000 + s.bytes, seconds: 1e-5 },
    groups: [],
    faults: null,
    layers: [layer('conv1', 'Conv', 0.2, 0.3), layer('fc<1>', 'Gemm', 0.8, 0.6)],
    activations: [],
    foldedBatchNorms: [],
    floatFallbacks: [],
    calibration: { source: 'first 256 samples of the test data', samples: 256, method: 'minmax' },
    timing: { seconds: 1, imagesPerSecond: 1000, workers: 1 },
  };
}

let embeddedProfile: unknown;

beforeAll(async () => {
  const text = await readFile(new URL('../../assets/hardware/bit-serial.json', import.meta.url), 'utf8');
  embeddedProfile = hardwareProfileSchema.parse({ ...JSON.parse(text), id: 'my-hw', name: 'Edited <bit-serial>' });
});

/** The project with the 31 results; `keys` maps each spec's label to its result key. */
function syntheticProject(name = 'synthetic study'): { project: ProjectFile; keys: Record<string, string>; labelOf: (key: string) => string } {
  const keys: Record<string, string> = {};
  const results = SPECS.map((s, i) => {
    const config = deployConfigSchema.parse(s.config ?? { weightBits: 1 + (i % 8), activationBits: 8, pruneRatio: (i % 3) * 0.25 });
    const target = deployTargetSchema.parse(s.target ?? { hardware: 'my-hw', vdd: i % 2 ? 0.7 : null });
    keys[s.label] = sha(s.label);
    return {
      key: keys[s.label],
      config,
      target,
      metrics: metricsOf(s, target.vdd),
      evaluatedAt: '2025-03-04T05:06:07.000Z',
      modelSha256: s.stale === 'model' ? 'c'.repeat(64) : MODEL_SHA,
      datasetSha256: s.stale === 'dataset' ? 'd'.repeat(64) : DATA_SHA,
    };
  });
  const project = projectFileSchema.parse({
    format: 'edgefront-project',
    version: 1,
    name,
    description: 'A <b>hand-made</b> set & its fronts',
    model: { path: 'models/net.onnx', sha256: MODEL_SHA },
    dataset: { path: 'data/t10k-images-idx3-ubyte.gz', sha256: DATA_SHA, labels: { path: 'data/t10k-labels-idx1-ubyte.gz', sha256: 'e'.repeat(64) } },
    split: { calibration: { count: 256 }, test: { limit: 1000 } },
    hardware: { profiles: [{ id: 'my-hw', embedded: embeddedProfile }, { id: 'cortex-m7' }] },
    seeds: 3,
    designSpace: { constraints: [{ metric: 'accuracy', min: 0.5 }, { metric: 'memory.weightBytes', max: 100000 }] },
    results,
  });
  const byKey = new Map(Object.entries(keys).map(([l, k]) => [k, l]));
  return { project, keys, labelOf: (k) => byKey.get(k) ?? `?${k}` };
}

function model(name?: string): { model: ReportModel; keys: Record<string, string>; labelOf: (key: string) => string } {
  const { project, keys, labelOf } = syntheticProject(name);
  return { model: buildReportModel(project, { engineVersion: '9.8.7', generatedAt: GENERATED, projectPath: '/somewhere/study.edgefront' }), keys, labelOf };
}

// ---------------------------------------------------------------------------------------------
// Brute-force oracles, written independently of src-shared/pareto.

type Obj = { key: string; acc: number; cost: number; lo: number; hi: number };

function bruteFront(points: readonly Obj[]): Set<string> {
  return new Set(points.filter((p) => !points.some((q) => q !== p && q.acc >= p.acc && q.cost <= p.cost && (q.acc > p.acc || q.cost < p.cost))).map((p) => p.key));
}

function bruteRobustFront(points: readonly Obj[]): Set<string> {
  return new Set(points.filter((p) => !points.some((q) => q !== p && q.lo >= p.hi && q.cost <= p.cost && (q.lo > p.hi || q.cost < p.cost))).map((p) => p.key));
}

function objectivesOf(m: ReportModel, id: 'memory' | 'energy'): Obj[] {
  return m.points
    .filter((p) => p.feasible)
    .map((p) => ({
      key: p.key,
      acc: p.figures.accuracy as number,
      cost: (id === 'memory' ? p.figures.weightBytes : p.figures.energyJoules) as number,
      lo: p.figures.ciLo as number,
      hi: p.figures.ciHi as number,
    }))
    .filter((o) => o.acc !== null && o.cost !== null);
}

describe('report model', () => {
  it('puts exactly the non-dominated feasible current points on each front', () => {
    const { model: m, labelOf } = model();
    for (const id of ['memory', 'energy'] as const) {
      const brute = bruteFront(objectivesOf(m, id));
      expect(new Set(m.fronts[id].keys)).toEqual(brute);
      for (const p of m.points) expect(p.onFront[id]).toBe(brute.has(p.key));
    }
    expect(m.fronts.memory.keys.map(labelOf)).toEqual(EXPECTED_MEMORY_FRONT);
    expect(m.fronts.energy.keys.map(labelOf)).toEqual(EXPECTED_ENERGY_FRONT);
  });

  it('keeps the uncertainty-aware fronts equal to a brute-force interval check and a superset of the plain fronts', () => {
    const { model: m } = model();
    for (const id of ['memory', 'energy'] as const) {
      const robust = new Set(m.fronts[id].robustKeys);
      expect(robust).toEqual(bruteRobustFront(objectivesOf(m, id)));
      for (const k of m.fronts[id].keys) expect(robust.has(k)).toBe(true);
      expect(robust.size).toBeGreaterThan(m.fronts[id].keys.length);
    }
  });

  it('lists stale results and keeps them out of the points and fronts', () => {
    const { model: m, keys } = model();
    expect(m.counts).toEqual({ results: 31, current: 29, stale: 2, feasible: 27, infeasible: 2 });
    expect(m.stale.map((s) => s.key)).toEqual([keys.stale1, keys.stale2]);
    expect(m.stale[0].reasons.join(' ')).toMatch(/model changed/);
    expect(m.stale[1].reasons.join(' ')).toMatch(/dataset changed/);
    const current = new Set(m.points.map((p) => p.key));
    for (const s of m.stale) {
      expect(current.has(s.key)).toBe(false);
      expect(m.fronts.memory.robustKeys).not.toContain(s.key);
      expect(m.fronts.energy.robustKeys).not.toContain(s.key);
    }
  });

  it('marks points that break a constraint infeasible, with the reason, and off every front', () => {
    const { model: m, keys } = model();
    const inf1 = pointByKey(m, keys.inf1);
    const inf2 = pointByKey(m, keys.inf2);
    expect(inf1.feasible).toBe(false);
    expect(inf1.violations.join()).toMatch(/memory\.weightBytes 200000 is above the maximum 100000/);
    expect(inf2.violations.join()).toMatch(/accuracy 0\.45 is below the minimum 0\.5/);
    for (const p of [inf1, inf2]) expect([p.onFront, p.onRobustFront]).toEqual([{ memory: false, energy: false }, { memory: false, energy: false }]);
    // A point without an energy figure is feasible and may be on the memory front, never the energy one.
    const noEnergy = pointByKey(m, keys.noenergy);
    expect(noEnergy.feasible).toBe(true);
    expect(noEnergy.onRobustFront.energy).toBe(false);
    expect(m.fronts.energy.considered).toBe(m.fronts.memory.considered - 1);
  });

  it('finds the knee of each front and the hypervolume against the worst observed point', () => {
    const { model: m, keys } = model();
    // Normalized distances to the line through the extremes: m4 0.808 > m3 0.763 > m5 0.735; e1 0.588.
    expect(m.fronts.memory.kneeKey).toBe(keys.m4);
    expect(m.fronts.energy.kneeKey).toBe(keys.e1);
    expect(pointByKey(m, keys.m4).isKnee).toEqual({ memory: true, energy: false });
    expect(m.knees.map((k) => [k.key, k.fronts])).toEqual([
      [keys.m4, ['memory']],
      [keys.e1, ['energy']],
    ]);
    expect(m.knees[0].layers.map((l) => l.name)).toEqual(['conv1', 'fc<1>']);
    for (const id of ['memory', 'energy'] as const) {
      const pts = objectivesOf(m, id);
      const ref = { acc: Math.min(...pts.map((p) => p.acc)), cost: Math.max(...pts.map((p) => p.cost)) };
      expect(m.fronts[id].reference).toEqual({ accuracy: ref.acc, cost: ref.cost });
      // Staircase area of the front (sorted by cost, so by accuracy too) above the reference.
      const front = m.fronts[id].keys.map((k) => pts.find((p) => p.key === k)!);
      let area = 0;
      let prevAcc = ref.acc;
      for (const p of front) {
        area += (ref.cost - p.cost) * (p.acc - prevAcc);
        prevAcc = Math.max(prevAcc, p.acc);
      }
      expect(Math.abs((m.fronts[id].hypervolume as number) - area) / area).toBeLessThan(1e-12);
      expect(m.fronts[id].referenceNote).toMatch(/worst observed/);
    }
    expect(m.fronts.memory.reference).toEqual({ accuracy: 0.5, cost: 64000 });
  });

  it('offers every front point, by increasing weight memory', () => {
    const { model: m, labelOf } = model();
    expect(new Set(m.chosenKeys)).toEqual(new Set([...m.fronts.memory.keys, ...m.fronts.energy.keys]));
    expect(m.chosenKeys.map(labelOf)).toEqual(['m1', 'm2', 'm3', 'dup3', 'm4', 'm5', 'e1', 'e3', 'e2']);
  });

  it('lists the hardware profiles with their sourced numbers and BER curve', () => {
    const { model: m } = model();
    const [mine, m7] = m.assumptions.profiles;
    expect(mine).toMatchObject({ id: 'my-hw', origin: 'embedded', name: 'Edited <bit-serial>', points: 29 });
    expect(mine.facts).toContainEqual(expect.objectContaining({ field: 'memory.levels[wbuf].sizeBytes', value: 131072 }));
    expect(mine.facts.every((f) => f.source.length >= 3)).toBe(true);
    expect(mine.berCurve).toMatch(/Probit.*μ = 0\.7056/);
    expect(m7).toMatchObject({ id: 'cortex-m7', origin: 'built-in', points: 0 });
    expect(m.assumptions.seeds).toEqual({ project: 3, used: [1, 3] });
    expect(m.assumptions.voltages.map((v) => [v.vdd, v.ber])).toEqual([
      [0.9, 0],
      [0.7, 1e-4],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

/** The inline SVG of one figure of the report. */
function figureSvg(html: string, id: string): string {
  const start = html.indexOf(`<figure class="chart" id="${id}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = html.indexOf('</figure>', start);
  const fig = html.slice(start, end);
  expect(fig.match(/<svg/g)).toHaveLength(1);
  return fig.slice(fig.indexOf('<svg'), fig.indexOf('</svg>') + 6);
}

function countFilled(svg: string, color: string): number {
  return (svg.match(new RegExp(`<path[^>]*\\sfill="${color}"`, 'g')) ?? []).length;
}

function countStroked(svg: string, color: string): number {
  return (svg.match(new RegExp(`<path[^>]*\\sstroke="${color}"`, 'g')) ?? []).length;
}

describe('HTML report', () => {
  const NAME = '<script>alert(1)</script>';
  let m: ReportModel;
  let html: string;
  let keys: Record<string, string>;
  beforeAll(() => {
    ({ model: m, keys } = model(NAME));
    html = renderHtmlReport(m);
  });

  it('is one self-contained document: no scripts, no external references', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href|xlink:href)=/i);
    expect(html).not.toMatch(/<link|@import|url\((?!#)/i);
    // Chart element ids are unique across the inline SVGs.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((x) => x[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('escapes every project string', () => {
    expect(html).not.toContain(NAME);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('A &lt;b&gt;hand-made&lt;/b&gt; set &amp; its fronts');
    expect(html).toContain('fc&lt;1&gt;');
    expect(html).not.toContain('fc<1>');
    expect(html).toContain('weights &lt;b&gt;do not&lt;/b&gt; fit');
    expect(html).toContain('Edited &lt;bit-serial&gt;');
  });

  it('states the project, inputs, engine version, date and split', () => {
    expect(html).toContain('EdgeFront 9.8.7');
    expect(html).toContain('2025-06-01 12:00:00 UTC');
    expect(html).toContain('models/net.onnx');
    expect(html).toContain(MODEL_SHA);
    expect(html).toContain(DATA_SHA);
    expect(html).toContain('the first 256 samples of the dataset');
    expect(html).toContain('the first 1,000 samples');
  });

  it('draws the two Pareto charts with one symbol per point, the front highlighted and the knee marked', () => {
    for (const id of ['memory', 'energy'] as const) {
      const svg = figureSvg(html, `chart-pareto-${id}`);
      const front = m.fronts[id];
      const robustOnly = front.robustKeys.length - front.keys.length;
      expect(countFilled(svg, CHART_COLORS.front)).toBe(front.keys.length);
      expect(countFilled(svg, CHART_COLORS.robust)).toBe(robustOnly);
      expect(countFilled(svg, CHART_COLORS.point)).toBe(front.considered - front.robustKeys.length);
      expect(countStroked(svg, CHART_COLORS.infeasible)).toBe(2);
      expect(countFilled(svg, CHART_COLORS.knee)).toBe(1);
      // The front line: one path stroked in the front colour.
      expect(countStroked(svg, CHART_COLORS.front)).toBe(1);
    }
    expect(figureSvg(html, 'chart-pareto-memory')).toContain('log scale');
    expect(figureSvg(html, 'chart-layer-energy')).toContain('conv1');
  });

  it('has the front points table, the knee layer tables and the stale list', () => {
    const table = html.slice(html.indexOf('<table class="points">'), html.indexOf('</table>', html.indexOf('<table class="points">')));
    const rows = table.match(/<tr>/g) ?? [];
    expect(rows.length - 1).toBe(m.chosenKeys.length);
    for (const k of m.chosenKeys) expect(table).toContain(k.slice(0, 10));
    expect(table).toContain('97.00\u00a0%');
    expect(table).toContain('8,000\u00a0B');
    expect(html).toContain(`data-key="${keys.m4}"`);
    expect(html).toContain(`data-key="${keys.e1}"`);
    const stale = html.slice(html.indexOf('<section id="stale">'));
    expect(stale).toContain(keys.stale1.slice(0, 10));
    expect(stale).toContain(keys.stale2.slice(0, 10));
  });

  it('lists the assumptions and how to reproduce', () => {
    expect(html).toContain('memory.levels[wbuf].sizeBytes');
    expect(html).toContain('assumption: 128 KiB on-chip weight buffer');
    expect(html).toContain('Probit curve');
    expect(html).toContain('edgefront sweep study.edgefront');
    expect(html).toContain('edgefront report study.edgefront --format html');
    expect(html).toContain(
      'edgefront eval --model models/net.onnx --data data/t10k-images-idx3-ubyte.gz --labels data/t10k-labels-idx1-ubyte.gz --limit 1000 --calib-size 256 ' +
        '--wbits 4 --abits 8 --quantizer asymmetric --granularity tensor --prune 0.25 --mode integer --hw my-hw.json --vdd 0.7 --coding huffman --seeds 3',
    );
  });

  it('is the same bytes for the same project', () => {
    expect(renderHtmlReport(model(NAME).model)).toBe(html);
  });
});

// ---------------------------------------------------------------------------------------------

/** RFC 4180 parser: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      if (c === '"' || c === '\n' || c === '\r') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      field += c;
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

describe('CSV report', () => {
  it('quotes fields as RFC 4180 requires', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(1e-7)).toBe('1e-7');
    expect(csvField(true)).toBe('true');
  });

  it('parses back to one row per current point with the front flags of the model', () => {
    const { model: m, keys } = model();
    const [header, ...rows] = parseCsv(renderCsvReport(m));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(header.slice(0, 4)).toEqual(['key', 'on_front_memory', 'on_front_energy', 'feasible']);
    expect(rows).toHaveLength(m.points.length);
    const col = (name: string) => header.indexOf(name);
    rows.forEach((r, i) => {
      const p = m.points[i];
      expect(r).toHaveLength(header.length);
      expect(r[col('key')]).toBe(p.key);
      expect(r[col('on_front_memory')]).toBe(String(p.onFront.memory));
      expect(r[col('on_front_energy')]).toBe(String(p.onFront.energy));
      expect(r[col('feasible')]).toBe(String(p.feasible));
      expect(Number(r[col('accuracy')])).toBe(p.figures.accuracy);
      expect(Number(r[col('weight_bytes')])).toBe(p.figures.weightBytes);
      expect(r[col('energy_j')]).toBe(p.figures.energyJoules === null ? '' : String(p.figures.energyJoules));
      expect(Number(r[col('ci_lo')])).toBe(p.figures.ciLo);
      expect(r[col('hardware')]).toBe('my-hw');
    });
    const m2 = rows.find((r) => r[0] === keys.m2)!;
    expect(JSON.parse(m2[col('layer_overrides')])).toEqual({ 'fc<1>': { weightBits: 8 }, conv1: { weightBits: 4, pruneRatio: 0.5 } });
    const m4 = rows.find((r) => r[0] === keys.m4)!;
    expect([m4[col('weight_bits')], m4[col('coding')], m4[col('vdd')], m4[col('knee_memory')]]).toEqual(['4', 'huffman', '0.7', 'true']);
    expect(rows.find((r) => r[0] === keys.stale1)).toBeUndefined();
    expect(rows.filter((r) => r[col('on_front_memory')] === 'true')).toHaveLength(EXPECTED_MEMORY_FRONT.length);
    expect(rows.filter((r) => r[col('on_front_energy')] === 'true')).toHaveLength(EXPECTED_ENERGY_FRONT.length);
  });
});

describe('JSON report', () => {
  it('round-trips the report model with sorted keys', () => {
    const { model: m } = model();
    const json = renderJsonReport(m);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(m)));
    expect(json).toBe(renderJsonReport(model().model));
    const top = Object.keys(JSON.parse(json) as object);
    expect(top).toEqual([...top].sort());
    expect((JSON.parse(json) as { format: string }).format).toBe('edgefront-report');
  });
});

// ---------------------------------------------------------------------------------------------

describe('writing reports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefront-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each text format next to the project by default, atomically', async () => {
    const { project } = syntheticProject();
    const projectPath = join(dir, 'study.edgefront');
    for (const format of ['html', 'csv', 'json'] as const) {
      const out = await writeReport(project, { format, engineVersion: '1.0.0', projectPath, generatedAt: GENERATED });
      expect(out).toBe(join(dir, `study.report.${format}`));
      const text = await readFile(out, 'utf8');
      if (format === 'html') expect(text).toContain('<!DOCTYPE html>');
      if (format === 'csv') expect(text.startsWith('key,on_front_memory,')).toBe(true);
      if (format === 'json') expect(JSON.parse(text)).toMatchObject({ format: 'edgefront-report', engineVersion: '1.0.0' });
    }
    const custom = await writeReport(project, { format: 'csv', engineVersion: '1.0.0', outPath: join(dir, 'custom.csv') });
    expect(custom).toBe(join(dir, 'custom.csv'));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('explains what to do when no Chromium is found', async () => {
    const err = await htmlToPdf('<p>x</p>', { env: {}, candidates: [], names: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('chromium-missing');
    expect((err as UserError).message).toMatch(/No Chromium was found/);
    expect((err as UserError).message).toContain('apt-get install chromium');
    expect((err as UserError).message).toContain('CHROMIUM_PATH');
    expect((err as UserError).message).toContain('--format html');
    const bad = await htmlToPdf('<p>x</p>', { env: { CHROMIUM_PATH: join(dir, 'no-such-chromium') } }).catch((e: unknown) => e);
    expect((bad as UserError).code).toBe('chromium-path-invalid');
  });

  it('prints the PDF with Chromium when there is one', async () => {
    const chromium = findChromium();
    const { project } = syntheticProject();
    const projectPath = join(dir, 'study.edgefront');
    if (chromium === null) {
      const err = await writeReport(project, { format: 'pdf', engineVersion: '1.0.0', projectPath }).catch((e: unknown) => e);
      expect((err as UserError).code).toBe('chromium-missing');
      return;
    }
    const out = await writeReport(project, { format: 'pdf', engineVersion: '1.0.0', projectPath, generatedAt: GENERATED });
    expect(out).toBe(join(dir, 'study.report.pdf'));
    const pdf = await readFile(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  });
});

describe('chart helpers', () => {
  it('uses a log axis only when the values span more than two decades', () => {
    expect(wantsLogAxis([1, 100])).toBe(false);
    expect(wantsLogAxis([1, 101])).toBe(true);
    expect(wantsLogAxis([0, 1000])).toBe(false);
    expect(wantsLogAxis([5])).toBe(false);
  });
});

describe('degenerate projects', () => {
  it('reports a project without results, or with only stale ones, without failing', () => {
    const { project } = syntheticProject('empty');
    for (const results of [[], project.results.filter((r) => r.modelSha256 !== MODEL_SHA)]) {
      const m = buildReportModel({ ...project, results }, { engineVersion: '1', generatedAt: GENERATED });
      expect(m.fronts.memory.keys).toEqual([]);
      expect(m.fronts.memory.hypervolume).toBeNull();
      expect(m.fronts.memory.kneeKey).toBeNull();
      expect(m.knees).toEqual([]);
      const html = renderHtmlReport(m);
      expect(html).toContain('No front, so no knee.');
      expect(figureSvg(html, 'chart-pareto-memory')).toContain('<svg');
      expect(parseCsv(renderCsvReport(m))).toHaveLength(1);
      expect(JSON.parse(renderJsonReport(m))).toMatchObject({ counts: { current: 0, stale: results.length } });
    }
  });
});
