/**
 * The Start and Model views end to end in browser mode: a new project from a corrupt ONNX file
 * and from a dataset that does not fit the model are refused with a clear message under the
 * field (and nothing is written); a valid one opens and is listed under Recent projects after a
 * reload; the Model view draws weight histograms, measures the float accuracy and the layer
 * sensitivity heatmap on worker threads. Screenshots in light and dark go to
 * test-artifacts/start-model/.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetPath, modelPath } from '../helpers/demo-assets.js';
import { tinyClassifierBytes } from '../helpers/tiny-classifier.js';
import { chromiumPath, noChromiumReason, startServeSession, type ServeSession } from './serve-fixture.js';

let session: ServeSession;
let page: Page;
const shot = (name: string) => session.shot(name);
/** Pixels a canvas inside `selector` has drawn on (an empty canvas has none). */
const inkedPixels = (selector: string) =>
  page.evaluate<number>(
    `(() => { const c = document.querySelector(${JSON.stringify(`${selector} canvas`)}); if (!c) return 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()`,
  );

async function fillNewProject(model: string, data: string, project: string) {
  await page.fill('#new-modelPath', model);
  await page.fill('#new-datasetPath', data);
  await page.fill('#new-projectPath', project);
  await page.getByRole('button', { name: 'Create project' }).click();
}

describe.skipIf(chromiumPath === null)(`start and model views end to end${noChromiumReason}`, () => {
  beforeAll(async () => {
    session = await startServeSession({ suite: 'start-model' });
    page = session.page;
    await page.goto(session.url);
    await page.getByRole('heading', { name: 'New project' }).waitFor();
  });

  afterAll(async () => {
    expect(await session?.close()).toBe(0);
  });

  it('refuses a corrupt ONNX file with a message under the model field, writing nothing', async () => {
    const bad = join(session.dir, 'broken.onnx');
    await writeFile(bad, 'this is not an ONNX model');
    const project = join(session.dir, 'broken.edgefront');
    await fillNewProject(bad, datasetPath('fashion-mnist', 'test'), project);
    const note = page.locator('#new-modelPath-note');
    await expect.poll(() => note.textContent(), { timeout: 20_000 }).toContain('is not a valid ONNX model');
    expect(await note.textContent()).toContain(bad);
    expect(await note.getAttribute('role')).toBe('alert');
    expect(existsSync(project)).toBe(false);
    await shot('01-new-project-corrupt-onnx');
  });

  it('refuses a dataset whose samples do not fit the model input, writing nothing', async () => {
    const rgb = join(session.dir, 'rgb32.onnx');
    await writeFile(rgb, tinyClassifierBytes([3, 32, 32], 10));
    const project = join(session.dir, 'mismatch.edgefront');
    await fillNewProject(rgb, datasetPath('fashion-mnist', 'test'), project);
    const note = page.locator('#new-datasetPath-note');
    await expect.poll(() => note.textContent(), { timeout: 20_000 }).toContain('expects [3, 32, 32] per sample');
    expect(await note.textContent()).toContain('test-images-idx3-ubyte.gz');
    expect(await page.locator('#new-modelPath-note').getAttribute('role')).toBeNull();
    expect(existsSync(project)).toBe(false);
    await shot('02-new-project-dataset-mismatch');
  });

  it('creates and opens a valid project, listed under Recent projects after a reload', async () => {
    const project = join(session.dir, 'lenet.edgefront');
    await fillNewProject(modelPath('fmnist-lenet5.onnx'), datasetPath('fashion-mnist', 'test'), project);
    await page.locator('#current-title', { hasText: 'lenet' }).waitFor({ timeout: 30_000 });
    expect(existsSync(project)).toBe(true);
    await page.reload();
    const recent = page.locator('ul.recent li').first();
    await recent.waitFor();
    expect(await recent.textContent()).toContain(project);
    const stored = JSON.parse(await readFile(join(session.dir, 'config', 'recent-projects.json'), 'utf8')) as { projects: { path: string }[] };
    expect(stored.projects.map((p) => p.path)).toEqual([project]);
    await shot('03-start-light');
  });

  it('shows weight histograms, the float accuracy and the sensitivity heatmap', async () => {
    await session.view('model');
    await page.getByRole('heading', { name: 'Model', exact: true }).waitFor();
    const sparks = page.locator('button.spark-button');
    await sparks.first().waitFor({ timeout: 20_000 });
    expect(await sparks.count()).toBeGreaterThanOrEqual(4);
    await sparks.nth(1).click();
    await expect.poll(() => inkedPixels('[data-testid="weight-histogram"]'), { timeout: 10_000 }).toBeGreaterThan(500);

    await page.fill('#float-limit', '300');
    await page.getByRole('button', { name: 'Measure float accuracy' }).click();
    const accuracy = page.locator('[data-testid="float-accuracy"]');
    await accuracy.waitFor({ timeout: 60_000 });
    expect(await accuracy.textContent()).toMatch(/of 300 samples correct/);
    expect(await accuracy.textContent()).toContain('95 % interval');

    await page.fill('#sensitivity-limit', '100');
    await page.getByRole('button', { name: 'Measure sensitivity' }).click();
    await page.locator('[data-testid="sensitivity-heatmap"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => inkedPixels('[data-testid="sensitivity-heatmap"]'), { timeout: 10_000 }).toBeGreaterThan(500);
    expect(await page.locator('section.sensitivity').textContent()).toContain('on 100 test samples');
    await shot('04-model-light');
  });

  it('reads well in the dark theme', async () => {
    await page.selectOption('header select', 'dark');
    await page.locator('[data-testid="sensitivity-heatmap"]').waitFor();
    await shot('05-model-dark');
    await session.view('start');
    await page.locator('ul.recent li').first().waitFor();
    await shot('06-start-dark');
    await page.selectOption('header select', 'light');
  });

  it("fits the demo's wider layer table, sparklines in view", async () => {
    await session.view('start');
    await page.getByRole('button', { name: 'Open the demo' }).click();
    await page.getByRole('heading', { name: 'Run', exact: true }).waitFor();
    await session.view('model');
    await page.locator('button.spark-button').first().waitFor({ timeout: 20_000 });
    // The table needs no horizontal scrolling at 1280 px: every column, the MACs last, is visible.
    const overflow = await page.evaluate<number>("(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth; })()");
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('07-model-demo');
  });

  it('logged no page error', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
