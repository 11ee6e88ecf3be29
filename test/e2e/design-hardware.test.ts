/**
 * End to end in browser mode: the Design space and Hardware views on the real `edgefront serve`
 * with the demo project. Adding an axis value changes the live point count and Save writes the
 * project file; an invalid value is named beside its field; the BER chart is drawn; a profile
 * number edited and saved lands in the project as an embedded profile; after a small sweep the
 * estimate rests on the measured points. Screenshots of both views
 * in the light and dark themes go to test-artifacts/design-hardware/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectFile } from '../../src-shared/project-file.js';
import { chromiumPath, noChromiumReason, startServeSession, type ServeSession } from './serve-fixture.js';

/** Test samples per point of the sweep that gives the estimate something to measure. */
const SAMPLE_LIMIT = 100;

let session: ServeSession;
let page: Page;
let projectFile: string;
const shot = (name: string) => session.shot(name);
const readProject = async () => JSON.parse(await readFile(projectFile, 'utf8')) as ProjectFile;
const pointsShown = () => page.locator('[data-figure="points"]').textContent();
/** Pixels a chart's canvas has drawn on (an empty canvas has none). */
const inkedPixels = (selector: string) =>
  page.evaluate<number>(
    `(() => { const c = document.querySelector(${JSON.stringify(selector)}); if (!c) return 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()`,
  );

describe.skipIf(chromiumPath === null)(`design space and hardware views end to end${noChromiumReason}`, () => {
  beforeAll(async () => {
    session = await startServeSession({ suite: 'design-hardware' });
    page = session.page;
    projectFile = join(session.dir, 'demo', 'fashion-mnist.edgefront');
    await page.goto(session.url);
    await page.getByRole('button', { name: 'Open the demo' }).click();
    await page.getByText('fashion-mnist demo').first().waitFor();
  });

  afterAll(async () => {
    expect(await session?.close()).toBe(0);
  });

  it('changes an axis, shows the new count, and saves it into the project file', async () => {
    await session.view('design');
    await page.getByRole('heading', { name: 'Design space', exact: true }).waitFor();
    await expect.poll(pointsShown, { timeout: 20_000 }).toBe('24');
    expect(await page.locator('[data-figure="basis"]').textContent()).toContain('No measurement yet');
    await shot('01-design-light');

    const bits = page.locator('[data-axis="weightBits"]');
    await bits.locator('input[type="text"]').fill('6');
    await bits.locator('input[type="text"]').press('Enter');
    await expect.poll(pointsShown, { timeout: 20_000 }).toBe('30');
    await page.getByText('Unsaved changes').waitFor();
    // The Run view will not sweep the old design meanwhile.
    await session.view('run');
    expect(await page.getByRole('button', { name: 'Start sweep' }).getAttribute('title')).toContain('unsaved edits');
    await session.view('design');

    const before = await readFile(projectFile, 'utf8');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.draft-actions [role="status"]', { hasText: 'Saved' }).waitFor();
    expect(await readFile(projectFile, 'utf8')).not.toBe(before);
    expect((await readProject()).designSpace.axes.weightBits).toEqual([2, 3, 4, 6, 8]);
  });

  it('estimates the run time from the points a sweep measured', async () => {
    await session.view('run');
    await page.fill('#sample-limit', String(SAMPLE_LIMIT));
    await page.getByRole('button', { name: 'Start sweep' }).click();
    await page.locator('.phase[data-phase="completed"]').waitFor({ timeout: 150_000 });
    await session.view('design');
    await expect.poll(() => page.locator('[data-figure="cached"]').textContent(), { timeout: 20_000 }).toBe('30');
    const bits = page.locator('[data-axis="weightBits"]');
    await bits.locator('input[type="text"]').fill('5');
    await bits.locator('input[type="text"]').press('Enter');
    await expect.poll(pointsShown, { timeout: 20_000 }).toBe('36');
    expect(await page.locator('[data-figure="cached"]').textContent()).toBe('30');
    expect(await page.locator('[data-figure="estimate"]').textContent()).toMatch(/^≈ \d+ s$/);
    expect(await page.locator('[data-figure="basis"]').textContent()).toContain(`6 points to evaluate`);

    // Per-layer axes and another strategy, for the record; then back to the saved design.
    await page.getByRole('button', { name: 'Add layer axes' }).click();
    await page.locator('[data-layer="/stem/conv/Conv"]').waitFor();
    await page.getByLabel('Kind', { exact: true }).selectOption('nsga2');
    await page.getByLabel('Population', { exact: true }).waitFor();
    await expect.poll(pointsShown, { timeout: 20_000 }).toBe('40');
    await shot('02-design-estimate-layers-nsga2');
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(pointsShown, { timeout: 20_000 }).toBe('30');
  });

  it('names an invalid value beside its field and will not save it', async () => {
    const prune = page.locator('[data-axis="pruneRatio"]');
    await prune.locator('input[type="text"]').fill('1.5');
    await prune.locator('input[type="text"]').press('Enter');
    await expect.poll(() => prune.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    expect(await prune.textContent()).toContain('designSpace.axes.pruneRatio[3]');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await shot('03-design-invalid');
    await prune.getByRole('button', { name: 'Remove 1.5 from Pruning ratio' }).click();
    await expect.poll(() => prune.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('false');
    expect(await pointsShown()).toBe('30');
  });

  it('draws the BER curve and saves an edited number into the project', async () => {
    await session.view('hardware');
    await page.getByRole('heading', { name: 'Hardware', exact: true }).waitFor();
    await page.locator('figure.ber canvas').waitFor();
    await expect.poll(() => inkedPixels('figure.ber canvas'), { timeout: 10_000 }).toBeGreaterThan(2000);
    expect(await inkedPixels('figure.mac canvas')).toBeGreaterThan(1000);
    await shot('04-hardware-light');

    const clock = page.locator('tr[data-field="clockHz"]');
    await clock.getByRole('textbox', { name: 'clockHz value' }).fill('250000000');
    await clock.getByRole('textbox', { name: 'clockHz value' }).press('Tab');
    await clock.getByRole('textbox', { name: 'clockHz source' }).fill('assumption: a slower clock for this study');
    await clock.getByRole('textbox', { name: 'clockHz source' }).press('Tab');
    await page.getByText('The charts show the saved profile').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.draft-actions [role="status"]', { hasText: 'Saved' }).waitFor();
    const saved = await readProject();
    expect(saved.hardware.profiles).toHaveLength(1);
    expect(saved.hardware.profiles[0].id).toBe('bit-serial');
    expect(saved.hardware.profiles[0].embedded?.clockHz).toEqual({ value: 250e6, source: 'assumption: a slower clock for this study' });
    await page.getByText('edited copy, embedded in the project').first().waitFor();
  });

  it('reads well in the dark theme', async () => {
    await page.selectOption('header select', 'dark');
    expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    await page.locator('figure.ber canvas').waitFor();
    await shot('05-hardware-dark');
    await session.view('design');
    await expect.poll(pointsShown, { timeout: 20_000 }).toBe('30');
    await shot('06-design-dark');
    await page.selectOption('header select', 'light');
  });

  it('logged no page error', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
