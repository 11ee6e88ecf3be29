/**
 * End to end in browser mode: the real `edgefront serve` (built CLI, loopback server, built
 * renderer) driven by Playwright in Debian's Chromium. Opens the demo from the keyboard, runs a
 * small sweep and waits for the live front, reads the model's layer table, shows the errors of a
 * missing project and of a corrupt ONNX model, and saves a screenshot of every view to
 * test-artifacts/browser-mode/. The page must log no error (a CSP violation would show there).
 * Skipped, saying why, only when no Chromium is installed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, saveProject } from '../../src-main/services/project/project-store.js';
import { datasetPath } from '../helpers/demo-assets.js';
import { chromiumPath, noChromiumReason, startServeSession, type ServeSession } from './serve-fixture.js';

/** Test samples per point: the 24-point demo grid then takes seconds on 2 workers. */
const SAMPLE_LIMIT = 300;

let session: ServeSession;
let page: Page;
let url: string;
let dir: string;
const shot = (name: string) => session.shot(name);
const view = (id: 'start' | 'model' | 'run') => session.view(id);

describe.skipIf(chromiumPath === null)(`browser mode end to end${noChromiumReason}`, () => {
  beforeAll(async () => {
    session = await startServeSession({ suite: 'browser-mode' });
    ({ page, url, dir } = session);
  });

  afterAll(async () => {
    expect(await session?.close()).toBe(0);
  });

  it('refuses the page without its token', async () => {
    const origin = new URL(url).origin;
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(401);
  });

  it('opens the demo from the keyboard, sweeps it and draws the live front', async () => {
    await page.goto(url);
    await page.getByRole('heading', { name: 'Start', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Recent projects' }).waitFor();
    await shot('01-start');

    // A path that does not exist: a clear message, nothing opened.
    await page.fill('#project-path', join(dir, 'no-such-study.edgefront'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('no-such-study.edgefront does not exist');
    await shot('02-start-missing-project');

    // Keyboard only: Tab to "Open the demo", Enter.
    // Page scripts are given as strings: this file is type-checked without the DOM library.
    await page.evaluate('document.activeElement?.blur()');
    let focused = '';
    for (let i = 0; i < 30 && focused !== 'Open the demo'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
    }
    expect(focused).toBe('Open the demo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Run', exact: true }).waitFor();
    await page.getByText('fashion-mnist demo').first().waitFor();

    await page.fill('#sample-limit', String(SAMPLE_LIMIT));
    await page.getByRole('button', { name: 'Start sweep' }).click();
    const chart = page.locator('figure.front');
    await chart.waitFor({ timeout: 60_000 });
    await expect.poll(async () => Number(await chart.getAttribute('data-point-count')), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    await shot('03-run-live');

    await page.locator('.phase[data-phase="completed"]').waitFor({ timeout: 150_000 });
    expect(Number(await chart.getAttribute('data-point-count'))).toBe(24);
    expect(Number(await chart.getAttribute('data-front-count'))).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.status-line').textContent()).toContain('24 / 24 points');
    // The canvas holds a drawn chart, not an empty box.
    const canvas = chart.locator('canvas').first();
    expect((await canvas.boundingBox())!.height).toBeGreaterThan(200);
    await page.locator('.front-table summary').click();
    await shot('04-run-done');

    const saved = JSON.parse(await readFile(join(dir, 'demo', 'fashion-mnist.edgefront'), 'utf8')) as { results: unknown[]; split: { test: { limit?: number } } };
    expect(saved.results).toHaveLength(24);
    expect(saved.split.test.limit).toBe(SAMPLE_LIMIT);
  });

  it('shows the model’s layer table', async () => {
    await view('model');
    const table = page.getByRole('table', { name: 'Layers' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(20);
    expect(await table.locator('tbody tr').first().textContent()).toContain('/stem/conv/Conv');
    expect(await page.locator('.facts').textContent()).toMatch(/33,978\s*parameters/);
    await shot('05-model');
  });

  it('shows the open project on Start, and the Run view in the dark theme', async () => {
    await view('start');
    await page.getByText('24 evaluated points').waitFor();
    await shot('06-start-project');
    await page.selectOption('header select', 'dark');
    await view('run');
    await page.locator('figure.front').waitFor();
    expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    await shot('07-run-dark');
    await page.selectOption('header select', 'light');
  });

  it('says clearly that a corrupt ONNX model cannot be read', async () => {
    const model = join(dir, 'corrupt.onnx');
    await writeFile(model, 'this is not an ONNX model');
    const projectPath = join(dir, 'corrupt.edgefront');
    await saveProject(projectPath, await createProject({ projectPath, modelPath: model, datasetPath: datasetPath('fashion-mnist', 'test') }));
    await view('start');
    await page.fill('#project-path', projectPath);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { name: 'corrupt', exact: true }).waitFor();
    await view('model');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/The model could not be read.*corrupt\.onnx.*not a valid ONNX model/s);
    await shot('08-model-corrupt-onnx');
  });

  it('logged no page error', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
