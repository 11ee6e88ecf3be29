/**
 * `npm run bench:ui`: the Explore view with 20,000 points in Chromium, in browser mode.
 *
 * Input (benchmark input, not results): the demo project (assets/examples/fashion-mnist.edgefront,
 * absolute paths) with 20,000 SYNTHETIC results written into it — distinct design points drawn
 * without replacement from a grid of weight bits × activation bits × quantizer × granularity ×
 * pruning × coding × Vdd on two hardware profiles, shuffled by a seeded xoshiro128** generator,
 * with plausible made-up figures (accuracy falling with fewer bits, more pruning and lower Vdd,
 * plus noise; a Wilson interval over 1,000 samples; bytes, energy and cycles scaling with the
 * bits) and four layers each. Nothing here was evaluated; it only has the shape and spread of a
 * long sweep, so the renderer has real work to do. Same seed, same file.
 *
 * Then `edgefront serve` (the built CLI) runs in a temp folder, Debian's Chromium (playwright-core)
 * opens the page and the project, and the script measures, in the page (performance.now(), the
 * next animation frame after the change counted as "visible"):
 *   - first render: click on Explore in the navigation → the chart's first `finished` render
 *     (ECharts) + one frame. Trial 1 is cold (the points, the front and the table are computed);
 *     the others are warm (the store keeps them). Plus cold runs after reloading the page with the
 *     project open (the renderer fetches the 20,000-point ProjectView again).
 *   - hover: the real mouse moved (Playwright) to a random place in the plot → the tooltip shows a
 *     new point; from the mousemove event's timestamp. Moves that hit no point are not counted.
 *   - selection ("brush"): a rectangle dragged in selection mode → the table's row count updated;
 *     from the pointerup event's timestamp.
 * Each as median and p95 over TRIALS (≥ 20) trials. Environment: BENCH_UI_POINTS (default 20,000),
 * BENCH_UI_TRIALS (default 25, at least 20), BENCH_UI_KEEP=1 keeps the temp folder with the project. Load average before and after is printed:
 * other work on the machine makes every figure worse, so run it on a quiet machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { deployConfigSchema } from '../src-shared/deploy-config.js';
import { deployTargetSchema } from '../src-shared/deploy-target.js';
import { wilsonInterval } from '../src-shared/eval-result.js';
import type { ProjectFile } from '../src-shared/project-file.js';
import { xoshiro128ss } from '../src-shared/xoshiro128.js';
import { pointKey } from '../src-main/services/project/point-key.js';
import { findChromium } from '../src-main/services/report/pdf-report.js';
import { writeDemoBenchProject } from './lib/demo-bench-project.js';

const POINTS = Number(process.env.BENCH_UI_POINTS ?? 20_000);
const TRIALS = Math.max(20, Number(process.env.BENCH_UI_TRIALS ?? 25));
const RELOADS = 5;
const SEED = 20261124;
/** The repository root, from the bundle in dist/bench/. */
const root = fileURLToPath(new URL('../../', import.meta.url));

function rngOf(seed: number): () => number {
  const next = xoshiro128ss(seed, 0x9e3779b9, 0x7f4a7c15, 0x2545f491);
  return () => next() / 2 ** 32;
}

/** Synthetic results: distinct design points with made-up but plausible figures (see the header). */
function syntheticResults(project: ProjectFile, n: number): ProjectFile['results'] {
  const rng = rngOf(SEED);
  const grid: { w: number; a: number; q: string; g: string; p: number; c: string; v: number | null; h: string }[] = [];
  for (const w of [2, 3, 4, 5, 6, 7, 8])
    for (const a of [4, 6, 8])
      for (const q of ['symmetric', 'asymmetric', 'heq', 'pow2'])
        for (const g of ['channel', 'tensor'])
          for (const p of [0, 0.25, 0.5, 0.65, 0.8, 0.9])
            for (const c of ['none', 'huffman', 'rans'])
              for (const v of [null, 0.9, 0.8, 0.7])
                for (const h of ['bit-serial', 'cortex-m7']) grid.push({ w, a, q, g, p, c, v, h });
  for (let i = grid.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [grid[i], grid[j]] = [grid[j], grid[i]];
  }
  if (grid.length < n) throw new Error(`The synthetic grid has only ${grid.length} points.`);
  const params = 33_978;
  const layerNames = ['/stem/conv/Conv', '/block1/expand/conv/Conv', '/block2/expand/conv/Conv', '/fc/Gemm'];
  return grid.slice(0, n).map((d) => {
    const config = deployConfigSchema.parse({ weightBits: d.w, activationBits: d.a, weightQuantizer: d.q, granularity: d.g, pruneRatio: d.p });
    const target = deployTargetSchema.parse({ hardware: d.h, coding: d.c, vdd: d.v });
    const penalty = 0.5 * Math.exp(-1.1 * (d.w - 1)) + 0.25 * Math.exp(-0.9 * (d.a - 2)) + 0.35 * d.p ** 3 + (d.v === null ? 0 : 0.6 * Math.max(0, 0.85 - d.v)) + (d.g === 'tensor' ? 0.01 : 0);
    const accuracy = Math.min(0.99, Math.max(0.05, 0.93 - penalty + 0.02 * (rng() - 0.5)));
    const correct = Math.round(accuracy * 1000);
    const codingFactor = d.c === 'none' ? 1 : d.c === 'huffman' ? 0.8 : 0.75;
    const weightBytes = Math.round(((params * d.w) / 8) * (1 - 0.85 * d.p) * codingFactor + 400);
    const energy = (0.6 + 0.1 * d.a + 0.05 * d.w) * 1e-6 * (d.v === null ? 1 : (d.v / 0.9) ** 2) * (1 + 0.1 * rng()) * (d.h === 'cortex-m7' ? 3 : 1);
    const cycles = Math.round((d.h === 'cortex-m7' ? 400_000 : 90_000) * (0.5 + d.w / 8) * (1 + 0.05 * rng()));
    const layers = layerNames.map((name, i) => {
      const share = [0.05, 0.35, 0.45, 0.15][i];
      return {
        name,
        op: name.endsWith('Gemm') ? 'Gemm' : 'Conv',
        params: Math.round(params * share),
        bits: d.w,
        quantizer: d.q,
        granularity: d.g,
        sparsity: d.p,
        macs: Math.round(900_000 * share),
        codedBytes: Math.round(weightBytes * share),
        storageFormat: d.c === 'none' ? 'dense' : d.c,
        storage: { dense: Math.round(((params * share * d.w) / 8) | 0), csr: 0, relative: 0, huffman: null, rans: null },
        entropyBitsPerParam: d.w * 0.8,
        energyJoules: energy * share,
        latencyCycles: Math.round(cycles * share),
        bound: 'compute',
      };
    });
    return {
      key: pointKey(config, target),
      config,
      target,
      evaluatedAt: '2026-11-24T00:00:00.000Z',
      modelSha256: project.model.sha256,
      datasetSha256: project.dataset.sha256,
      metrics: {
        accuracy: correct / 1000,
        samples: 1000,
        correct,
        accuracyCI95: wilsonInterval(correct, 1000),
        memory: { weightBytes, bitsPerParam: (8 * weightBytes) / params, params, activationPeakBytes: d.a * 3136, activationBytes: d.a * 3136 },
        energy: { perInferenceJoules: energy, computeJoules: 0.5 * energy, memoryJoules: { sram: 0.4 * energy }, decoderJoules: 0.05 * energy, leakageJoules: 0.05 * energy },
        latency: { cycles, seconds: cycles / 1e8 },
        hardware: { vdd: d.v, ber: 0, berExtrapolated: false, warnings: [] },
        layers,
      },
    };
  });
}

function startServer(cwd: string, demoDir: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [join(root, 'bin/edgefront.js'), 'serve', '--no-open', '--port', '0', '--json', '--workers', '1', '--demo-dir', demoDir], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`edgefront serve exited (${code}):\n${stderr}`)));
  });
  return { child, url };
}

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

// In-page helpers, as strings: this file is type-checked without the DOM library.
const PAGE_HELPERS = `
window.__bench = {
  frame: () => new Promise((r) => requestAnimationFrame(() => r(performance.now()))),
  lastMove: 0,
  lastUp: 0,
  waitFor(check) {
    return new Promise((resolve) => {
      const tick = () => (check() ? resolve(performance.now()) : requestAnimationFrame(tick));
      tick();
    });
  },
};
addEventListener('mousemove', (e) => (window.__bench.lastMove = e.timeStamp), true);
addEventListener('pointerup', (e) => (window.__bench.lastUp = e.timeStamp), true);
`;

async function firstRender(page: Page): Promise<number> {
  return page.evaluate<number>(`(async () => {
    const b = window.__bench;
    document.querySelector('nav button[data-view="run"]').click();
    await b.frame(); await b.frame();
    const t0 = performance.now();
    document.querySelector('nav button[data-view="explore"]').click();
    await b.waitFor(() => document.querySelector('figure.explore-chart .chart[data-painted]'));
    return (await b.frame()) - t0;
  })()`);
}

async function main(): Promise<void> {
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error("No Chromium found: install Debian's chromium or set CHROMIUM_PATH.");
  const dir = await mkdtemp(join(tmpdir(), 'edgefront-bench-ui-'));
  const loadBefore = loadavg();
  let server: ChildProcess | null = null;
  try {
    const t0 = performance.now();
    const projectPath = await writeDemoBenchProject(join(root, 'assets/examples/fashion-mnist.edgefront'), dir, 'explore-20k', 300, (p) => ({ ...p, name: `Explore benchmark, ${POINTS} synthetic points`, results: syntheticResults(p, POINTS) }));
    console.error(`Wrote ${projectPath} with ${POINTS} synthetic results in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);

    const started = startServer(dir, join(dir, 'demo'));
    server = started.child;
    const url = await started.url;
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(PAGE_HELPERS);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Start', exact: true }).waitFor();
    const tOpen = performance.now();
    await page.fill('#project-path', projectPath);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('nav .project, header .project').filter({ hasText: 'Explore benchmark' }).waitFor({ timeout: 120_000 });
    const openMs = performance.now() - tOpen;

    // First render: trial 1 cold, the rest warm.
    const renders: number[] = [];
    for (let i = 0; i < TRIALS; i++) renders.push(await firstRender(page));
    const count = Number(await page.locator('figure.explore-chart').getAttribute('data-point-count'));
    if (count !== POINTS) throw new Error(`The chart shows ${count} points, expected ${POINTS}.`);

    // Cold after a page reload with the project open: the page load, then Explore.
    const reloadLoads: number[] = [];
    const reloadRenders: number[] = [];
    for (let i = 0; i < RELOADS; i++) {
      const t = performance.now();
      await page.reload();
      await page.locator('header .project').filter({ hasText: 'Explore benchmark' }).waitFor({ timeout: 120_000 });
      reloadLoads.push(performance.now() - t);
      reloadRenders.push(await firstRender(page));
    }

    // Hover: real mouse moves to random places in the plot area.
    const box = (await page.locator('figure.explore-chart .chart').boundingBox())!;
    const rng = rngOf(7);
    const hovers: number[] = [];
    let misses = 0;
    for (let attempt = 0; hovers.length < TRIALS && attempt < TRIALS * 10; attempt++) {
      await page.mouse.move(box.x + 5, box.y + 5); // outside the grid: the tooltip hides
      await page.evaluate(`(async () => { await window.__bench.frame(); await window.__bench.frame(); })()`);
      const before = await page.evaluate<string>(`document.querySelector('.explore-tooltip')?.innerHTML ?? ''`);
      // Statements ending in 0: evaluate would otherwise wait for the promise itself.
      await page.evaluate(`window.__hover = window.__bench.waitFor(() => { const t = document.querySelector('.explore-tooltip'); return t && t.style.display !== 'none' && t.innerHTML !== ${JSON.stringify(before)} && t.innerHTML.includes('accuracy'); }); 0`);
      await page.mouse.move(box.x + 80 + rng() * (box.width - 120), box.y + 30 + rng() * (box.height - 100));
      const shown = await page.evaluate<number | null>(`Promise.race([window.__hover.then(async () => (await window.__bench.frame()) - window.__bench.lastMove), new Promise((r) => setTimeout(() => r(null), 1000))])`);
      if (shown === null) misses++;
      else hovers.push(shown);
    }

    // Selection: drag rectangles in selection mode; the table's row count is the signal.
    await page.getByRole('button', { name: 'Select an area' }).click();
    const brushes: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const x0 = box.x + 80 + rng() * (box.width / 2);
      const y0 = box.y + 30 + rng() * (box.height / 3);
      await page.evaluate(`window.__count = document.querySelector('#explore-count').getAttribute('data-row-count'); window.__brush = window.__bench.waitFor(() => document.querySelector('#explore-count').getAttribute('data-row-count') !== window.__count); 0`);
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x0 + 60 + rng() * (box.width / 3), y0 + 40 + rng() * (box.height / 2), { steps: 4 });
      await page.mouse.up();
      brushes.push(await page.evaluate<number>(`window.__brush.then(async () => (await window.__bench.frame()) - window.__bench.lastUp)`));
      await page.getByRole('button', { name: 'Clear selection' }).click();
      await page.locator(`#explore-count[data-row-count="${POINTS}"]`).waitFor();
    }
    const version = browser.version();
    await browser.close();

    const warm = renders.slice(1);
    const rows: [string, number[], string][] = [
      ['Explore first render, warm (navigate to Explore → chart painted)', warm, '< 1 s'],
      ['Explore first render after a page reload (cold store)', reloadRenders, '< 1 s'],
      ['Hover → tooltip visible', hovers, '< 100 ms'],
      ['Selection drag end → table updated', brushes, '< 100 ms'],
    ];
    const loadAfter = loadavg();
    const lines = [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; Chromium ${version}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after.`,
      `Points: ${POINTS} synthetic (seed ${SEED}); ${TRIALS} trials each (${RELOADS} reloads).`,
      '',
      '| Measure | Trials | Median | p95 | Max | Target |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      `| Explore first render, cold (first visit: points, front and table computed) | 1 | ${ms(renders[0])} | – | – | < 1 s |`,
      ...rows.map(([name, xs, target]) => `| ${name} | ${xs.length} | ${ms(quantile(xs, 0.5))} | ${ms(quantile(xs, 0.95))} | ${ms(Math.max(...xs))} | ${target} |`),
      `| Opening the project in the GUI (${POINTS}-point ProjectView) | 1 | ${ms(openMs)} | – | – | – |`,
      `| Page reload with the project open (until its name shows) | ${reloadLoads.length} | ${ms(quantile(reloadLoads, 0.5))} | ${ms(quantile(reloadLoads, 0.95))} | ${ms(Math.max(...reloadLoads))} | – |`,
      '',
      `Hover moves that hit no point (not counted): ${misses}. Page errors: ${errors.length === 0 ? 'none' : errors.join('; ')}.`,
    ];
    console.log(lines.join('\n'));
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (!process.env.BENCH_UI_KEEP) await rm(dir, { recursive: true, force: true });
    else console.error(`Kept ${dir}.`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
