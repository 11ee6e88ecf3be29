/**
 * The main flow end to end in browser mode: open the demo, run a small sweep, see its 24 points
 * and their front on the Explore chart, click a point on the chart for its per-layer details,
 * hover for a tooltip, brush a selection into the table, compare two points, then export the
 * HTML report (opened as a file: it must hold the chart SVGs and the front table) and the CSV,
 * and fetch the export through the download route. Screenshots of every state, light and dark,
 * go to test-artifacts/explore-report/. Skipped, saying why, only when no Chromium is installed.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, noChromiumReason, startServeSession, type ServeSession } from './serve-fixture.js';

/** Test samples per point: the 24-point demo grid then takes seconds on 2 workers. */
const SAMPLE_LIMIT = 300;

let session: ServeSession;
let page: Page;
const shot = (name: string) => session.shot(name);

/** Pixel of the chart's canvas host on the page. */
async function chartOrigin(): Promise<{ x: number; y: number }> {
  const box = (await page.locator('figure.explore-chart .chart').boundingBox())!;
  return { x: box.x, y: box.y };
}

async function frontPixels(): Promise<[string, number, number][]> {
  return JSON.parse((await page.locator('figure.explore-chart').getAttribute('data-front-pixels')) ?? '[]') as [string, number, number][];
}

describe.skipIf(chromiumPath === null)(`explore and report end to end${noChromiumReason}`, () => {
  beforeAll(async () => {
    session = await startServeSession({ suite: 'explore-report', viewport: { width: 1280, height: 1000 } });
    page = session.page;
  });

  afterAll(async () => {
    expect(await session?.close()).toBe(0);
  });

  it('shows empty states before a project is open', async () => {
    await page.goto(session.url);
    await page.getByRole('heading', { name: 'Start', exact: true }).waitFor();
    await session.view('explore');
    await page.getByText('No project is open').waitFor();
    await shot('01-explore-empty');
    await session.view('report');
    await page.getByText('No project is open').waitFor();
  });

  it('sweeps the demo and plots its 24 points with their front', async () => {
    await session.view('start');
    await page.getByRole('button', { name: 'Open the demo' }).click();
    await page.getByRole('heading', { name: 'Run', exact: true }).waitFor();
    await session.view('explore');
    await page.getByText('No evaluated points yet').waitFor();
    await shot('02-explore-no-points');
    await session.view('run');
    await page.fill('#sample-limit', String(SAMPLE_LIMIT));
    await page.getByRole('button', { name: 'Start sweep' }).click();
    await page.locator('.phase[data-phase="completed"]').waitFor({ timeout: 150_000 });
    // The project is pushed again once the results are saved.
    await page.getByText('24 / 24 points').waitFor();

    await session.view('explore');
    const chart = page.locator('figure.explore-chart');
    await chart.waitFor();
    await expect.poll(async () => Number(await chart.getAttribute('data-point-count')), { timeout: 30_000 }).toBe(24);
    expect(Number(await chart.getAttribute('data-front-count'))).toBeGreaterThanOrEqual(2);
    expect(Number(await chart.getAttribute('data-stale-count'))).toBe(0);
    await page.locator('figure.explore-chart .chart[data-painted]').waitFor();
    await expect.poll(async () => (await frontPixels()).length).toBe(Number(await chart.getAttribute('data-front-count')));
    expect(await page.locator('#explore-count').getAttribute('data-row-count')).toBe('24');
    await shot('03-explore');
  });

  it('shows a tooltip on hover and the details of a point clicked on the chart', async () => {
    const [key, px, py] = (await frontPixels())[0];
    const o = await chartOrigin();
    await page.mouse.move(o.x + px, o.y + py);
    const tooltip = page.locator('.explore-tooltip');
    await expect.poll(async () => (await tooltip.isVisible()) && ((await tooltip.textContent()) ?? '').includes('accuracy')).toBe(true);
    await page.mouse.click(o.x + px, o.y + py);
    const details = page.locator(`section.details[data-key="${key}"]`);
    await details.waitFor();
    const layers = details.locator('table[aria-label="Layers of the point"] tbody tr');
    await layers.first().waitFor();
    expect(await layers.count()).toBeGreaterThan(5);
    expect(await details.locator('.stack .part').count()).toBeGreaterThanOrEqual(2);
    expect(await details.locator('.charts canvas').count()).toBe(2);
    await details.scrollIntoViewIfNeeded();
    await shot('04-explore-details');
  });

  it('selects points with a dragged rectangle and shows them in the table', async () => {
    await page.getByRole('button', { name: 'Select an area' }).click();
    const box = (await page.locator('figure.explore-chart .chart').boundingBox())!;
    // The left half of the plot: the cheap points.
    await page.mouse.move(box.x + 75, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 60, { steps: 8 });
    await page.mouse.up();
    const count = page.locator('#explore-count');
    await expect.poll(async () => Number(await count.getAttribute('data-row-count'))).toBeLessThan(24);
    expect(await page.locator('#explore-scope').inputValue()).toBe('selection');
    await shot('05-explore-brushed');
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await expect.poll(async () => Number(await count.getAttribute('data-row-count'))).toBe(24);
  });

  it('compares two points side by side, also in the dark theme', async () => {
    const boxes = page.locator('tr.row input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const compare = page.locator('section.compare');
    await compare.locator('table[aria-label="Layers of the two points"] tbody tr').first().waitFor();
    expect(await compare.locator('table[aria-label="Layers of the two points"] tbody tr').count()).toBeGreaterThan(5);
    expect(await compare.locator('table[aria-label="Figures of the two points"] tbody tr').count()).toBe(6);
    await shot('06-explore-compare');
    await page.selectOption('header select', 'dark');
    await page.locator('figure.explore-chart .chart[data-painted]').waitFor();
    await shot('07-explore-dark');
    await page.selectOption('header select', 'light');
  });

  it('exports an HTML report that opens, with its charts and front table, and a CSV', async () => {
    await session.view('report');
    await page.getByRole('button', { name: 'Export HTML' }).click();
    const done = page.locator('.done');
    await done.waitFor();
    const htmlPath = (await done.getAttribute('data-path'))!;
    expect(htmlPath).toMatch(/fashion-mnist\.report\.html$/);
    await shot('08-report-html');

    const file = await session.browser.newPage();
    await file.goto(pathToFileURL(htmlPath).href);
    expect(await file.locator('figure[data-chart="pareto-memory"] svg').count()).toBe(1);
    expect(await file.locator('figure[data-chart="pareto-energy"] svg').count()).toBe(1);
    expect(await file.locator('#front-points table tbody tr').count()).toBeGreaterThanOrEqual(2);
    await file.close();

    // Browser mode also hands the file to the page, behind the same token cookie.
    const href = (await done.getByRole('link', { name: 'Download it' }).getAttribute('href'))!;
    const download = await page.context().request.get(new URL(href, session.url).href);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toContain('fashion-mnist.report.html');
    expect(await download.text()).toBe(await readFile(htmlPath, 'utf8'));

    await page.getByLabel(/^CSV/).check();
    // Sections apply to HTML and PDF only.
    expect(await page.getByLabel('Pareto charts').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect.poll(async () => (await done.getAttribute('data-path')) ?? '').toMatch(/\.report\.csv$/);
    const csv = await readFile((await done.getAttribute('data-path'))!, 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^key,/);
    expect(lines).toHaveLength(25);
    await page.selectOption('header select', 'dark');
    await shot('09-report-csv-dark');
    await page.selectOption('header select', 'light');
  });

  it('logged no page error', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
