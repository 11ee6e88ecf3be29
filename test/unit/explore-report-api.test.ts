/**
 * The Explore and Report methods of the backend API against a real swept project (LeNet-5 on
 * Fashion-MNIST, three points): getPointDetails reads the stored EvalResult layer by layer and
 * refuses unknown and stale points; exportReport writes each format through the report service,
 * with a chosen set of sections or all of them, and browser mode serves the written file at
 * /download/<id> behind the same token checks as the page.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendApi, type BackendApi } from '../../src-main/api/backend-api.js';
import { startBrowserServer, type BrowserServer } from '../../src-main/server/browser-server.js';
import { attachmentDisposition } from '../../src-main/server/download-route.js';
import { loadProject } from '../../src-main/services/project/project-store.js';
import { writeReport } from '../../src-main/services/report/write-report.js';
import type { ApiEvent } from '../../src-shared/api/api-events.js';
import type { ProjectView } from '../../src-shared/api/project-view.js';
import { pointDetailsSchema } from '../../src-shared/api/point-details.js';
import { repoRoot } from '../helpers/demo-assets.js';
import { saveLenetProject, workerScript } from '../helpers/lenet-projects.js';
import { edgeFrontFailure } from '../helpers/edgefront-failure.js';

let dir: string;
let api: BackendApi;
let projectPath: string;
let project: ProjectView;

const failure = edgeFrontFailure;

/** Resolves once the project is pushed again after the sweep finished. */
function sweptProject(b: BackendApi): Promise<ProjectView> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const off = b.onEvent((e: ApiEvent) => {
      if (e.kind === 'sweep-event' && e.event.type === 'finished') finished = true;
      if (finished && e.kind === 'project' && e.project) {
        off();
        resolve(e.project);
      }
      if (e.kind === 'sweep-status' && e.status.phase === 'failed') reject(new Error(e.status.error?.message ?? 'sweep failed'));
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-explore-'));
  api = createBackendApi({ version: '0.0.0-test', transport: 'browser', demoExample: join(repoRoot, 'assets/examples/fashion-mnist.edgefront'), demoDir: join(dir, 'demo'), workers: 2, workerScript });
  projectPath = await saveLenetProject(dir, 'three', { designSpace: { base: { mode: 'integer', activationBits: 8 }, axes: { weightBits: [2, 4, 8] } } });
  await api.openProject({ path: projectPath });
  const done = sweptProject(api);
  await api.startSweep({ sampleLimit: 100 });
  project = await done;
}, 120_000);

afterAll(async () => {
  await api?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('getPointDetails', () => {
  it('explains a point layer by layer from the stored EvalResult', async () => {
    expect(project.results).toHaveLength(3);
    const four = project.results.find((r) => r.config.weightBits === 4)!;
    const details = pointDetailsSchema.parse(await api.getPointDetails({ key: four.key }));
    const stored = (await loadProject(projectPath, { checkInputs: false })).project.results.find((r) => r.key === four.key)!;
    const layers = stored.metrics.layers as { name: string; bits: number | null; codedBytes: number; storage: { dense: number }; sparsity: number }[];

    expect(details.key).toBe(four.key);
    expect(details.label).toBe(four.label);
    expect(details.metrics).toEqual(four.metrics);
    expect(details.layers.map((l) => l.name)).toEqual(layers.map((l) => l.name));
    expect(details.layers.length).toBeGreaterThanOrEqual(4);
    for (const [i, l] of details.layers.entries()) {
      expect(l.weightBits).toBe(layers[i].bits);
      expect(l.activationBits).toBe(8);
      expect(l.storedBytes).toBe(layers[i].codedBytes);
      expect(l.denseBytes).toBe(layers[i].storage.dense);
      expect(l.sparsity).toBe(layers[i].sparsity);
      expect(l.macs).toBeGreaterThan(0);
    }
    expect(details.layers.some((l) => l.weightBits === 4)).toBe(true);
    // The stored bytes of the layers are the point's weight memory.
    const storedSum = details.layers.reduce((s, l) => s + (l.storedBytes ?? 0), 0);
    expect(storedSum).toBeLessThanOrEqual(four.metrics.weightBytes!);
    expect(storedSum).toBeGreaterThan(0.5 * four.metrics.weightBytes!);
    expect(details.energy?.totalJoules).toBe(four.metrics.energyJoules);
    expect(details.energy?.computeJoules).toBeGreaterThan(0);
  });

  it('refuses an unknown key and a bad request clearly', async () => {
    const unknown = await failure(api.getPointDetails({ key: 'no-such-point' }));
    expect(unknown.code).toBe('point-unknown');
    expect(unknown.message).toContain(projectPath);
    expect((await failure(api.getPointDetails({} as never))).code).toBe('api-invalid-request');
  });
});

describe('exportReport', () => {
  it('writes the full HTML report beside the project by default, like the CLI', async () => {
    const out = await api.exportReport({ format: 'html' });
    expect(out.path).toBe(join(dir, 'three.report.html'));
    const html = await readFile(out.path, 'utf8');
    expect(out.bytes).toBe(Buffer.byteLength(html));
    for (const id of ['summary', 'pareto', 'front-points', 'knees', 'assumptions', 'reproduce']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('data-chart="pareto-memory"');
    expect(html).not.toContain('id="omitted"');
    expect(api.exportedFile(out.downloadId)).toMatchObject({ path: out.path, fileName: 'three.report.html' });
  });

  it('leaves out the sections the user unticked, and says so', async () => {
    const path = join(dir, 'short.html');
    const out = await api.exportReport({ format: 'html', sections: ['front-table'], path });
    expect(out.path).toBe(path);
    const html = await readFile(path, 'utf8');
    expect(html).toContain('<section id="front-points">');
    expect(html).toContain('<section id="summary">');
    expect(html).toContain('<section id="stale">');
    for (const id of ['pareto', 'knees', 'assumptions', 'reproduce']) expect(html).not.toContain(`<section id="${id}">`);
    expect(html).not.toContain('<svg');
    expect(html).toMatch(/id="omitted">This report leaves out the Pareto charts, the knee points layer by layer, the assumptions, how to reproduce/);
  });

  it('keeps the CLI’s default of every section in the report service', async () => {
    const { project: p } = await loadProject(projectPath, { checkInputs: false });
    const all = await readFile(await writeReport(p, { format: 'html', outPath: join(dir, 'cli.html'), projectPath, engineVersion: 'x' }), 'utf8');
    for (const id of ['pareto', 'front-points', 'knees', 'assumptions', 'reproduce']) expect(all).toContain(`<section id="${id}">`);
  });

  it('writes CSV with every point and JSON as the report model', async () => {
    const csv = await api.exportReport({ format: 'csv' });
    const lines = (await readFile(csv.path, 'utf8')).trim().split('\n');
    expect(lines[0]).toMatch(/^key,/);
    expect(lines).toHaveLength(1 + 3);
    const json = JSON.parse(await readFile((await api.exportReport({ format: 'json' })).path, 'utf8')) as { format: string; points: unknown[] };
    expect(json.format).toBe('edgefront-report');
    expect(json.points).toHaveLength(3);
  });

  it('refuses a file name that does not match the format, so it cannot overwrite the project', async () => {
    const e = await failure(api.exportReport({ format: 'html', path: projectPath }));
    expect(e.code).toBe('report-path');
    expect(e.message).toContain('.html');
    expect(JSON.parse(await readFile(projectPath, 'utf8')).results).toHaveLength(3);
    expect((await failure(api.exportReport({ format: 'docx' } as never))).code).toBe('api-invalid-request');
  });

  it('browser mode serves an exported report only with the token, as a download', async () => {
    const staticDir = join(dir, 'renderer');
    const server: BrowserServer = await startBrowserServer({ api, staticDir, port: 0, downloads: (id) => api.exportedFile(id) });
    try {
      const out = await api.exportReport({ format: 'csv' });
      const get = (path: string) =>
        new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: server.port, path, headers: { Host: `127.0.0.1:${server.port}` } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          });
          req.on('error', reject);
          req.end();
        });
      expect((await get(`/download/${out.downloadId}`)).status).toBe(401);
      const ok = await get(`/download/${out.downloadId}?token=${server.token}`);
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(ok.headers['content-disposition']).toBe(attachmentDisposition('three.report.csv'));
      expect(ok.headers['content-security-policy']).toContain("default-src 'none'");
      expect(ok.body).toBe(await readFile(out.path, 'utf8'));
      expect((await get(`/download/${'0'.repeat(32)}?token=${server.token}`)).status).toBe(404);
      expect((await get(`/download/../../etc/passwd?token=${server.token}`)).status).toBe(404);
      await rm(out.path);
      expect((await get(`/download/${out.downloadId}?token=${server.token}`)).status).toBe(410);
    } finally {
      await server.close();
    }
  });
});

describe('getPointDetails of a stale point', () => {
  it('refuses it, saying why and what to do', async () => {
    const text = JSON.parse(await readFile(projectPath, 'utf8')) as { results: { modelSha256: string }[] };
    text.results[0].modelSha256 = 'f'.repeat(64);
    await writeFile(projectPath, JSON.stringify(text));
    const reopened = await api.openProject({ path: projectPath });
    const stale = reopened.results.find((r) => r.stale)!;
    expect(stale).toBeDefined();
    const e = await failure(api.getPointDetails({ key: stale.key }));
    expect(e.code).toBe('point-stale');
    expect(e.message).toMatch(/another version of the model or dataset.*Run the sweep again/);
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the exact name', () => {
    expect(attachmentDisposition('étude "1".report.html')).toBe(`attachment; filename="_tude_1_.report.html"; filename*=UTF-8''%C3%A9tude%20%221%22.report.html`);
  });
});
