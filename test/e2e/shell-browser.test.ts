/**
 * End to end in browser mode: what `npm start` falls back to when Electron's binary is missing —
 * `edgefront serve --open-demo` has the demo open when the page loads — and the desktop shell's
 * stand-ins a browser can offer: File shortcuts, the message for a dropped file (whose path a
 * browser hides), the drop hint, and Save As writing a rebased copy that becomes the open project.
 * Screenshots in test-artifacts/shell-browser/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectFile } from '../../src-shared/project-file.js';
import { chromiumPath, noChromiumReason, startServeSession, type ServeSession } from './serve-fixture.js';

let session: ServeSession;
let page: Page;
const notice = () => page.locator('[data-testid="app-notice"]');

/** Dispatches a drag of a file named `name` over the window (and drops it unless `drop` is false). */
async function dragFile(name: string, drop = true) {
  // A string, as the page's code: this file is type-checked without the DOM library.
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.items.add(new File(['{}'], ${JSON.stringify(name)}));
    const fire = (type) => window.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    fire('dragenter');
    fire('dragover');
    if (${drop}) fire('drop');
  })()`);
}

describe.skipIf(chromiumPath === null)(`browser mode as npm start runs it: shortcuts, drops, Save As${noChromiumReason}`, () => {
  beforeAll(async () => {
    session = await startServeSession({ suite: 'shell-browser', serveArgs: ['--open-demo'] });
    page = session.page;
    await page.goto(session.url);
  });

  afterAll(async () => {
    expect(await session?.close()).toBe(0);
  });

  it('opens on the demo without a click (serve --open-demo)', async () => {
    await page.locator('header .project', { hasText: 'fashion-mnist demo' }).waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'fashion-mnist demo' }).waitFor();
    await session.shot('01-demo-open-at-start');
  });

  it('Ctrl+E opens the Report view and Ctrl+O leads to the path field, saying why', async () => {
    await page.keyboard.press('Control+e');
    await expect.poll(() => page.locator('nav button[aria-current="page"]').getAttribute('data-view')).toBe('report');
    await page.keyboard.press('Control+o');
    await expect.poll(() => page.locator('nav button[aria-current="page"]').getAttribute('data-view')).toBe('start');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('project-path');
    expect(await notice().textContent()).toContain('Browser mode has no file dialog');
    await session.shot('02-open-shortcut');
  });

  it('shows the drop hint while a file is dragged, and says a dropped file cannot be opened by path here', async () => {
    await dragFile('study.edgefront', false);
    await page.locator('.drop-hint').waitFor();
    await session.shot('03-drop-hint');
    await page.evaluate(`window.dispatchEvent(new DragEvent('drop', { dataTransfer: new DataTransfer(), bubbles: true, cancelable: true }))`);
    await page.locator('.drop-hint').waitFor({ state: 'detached' });
    await dragFile('study.edgefront');
    await expect.poll(() => notice().textContent()).toContain('does not tell EdgeFront where study.edgefront is on disk');
    await dragFile('photo.png');
    await expect.poll(() => notice().textContent()).toContain('photo.png is neither');
    await session.shot('04-dropped-file-message');
  });

  it('Ctrl+Shift+S saves a copy, refuses to replace a file without a second click, and opens the copy', async () => {
    await page.keyboard.press('Control+Shift+S');
    const input = page.locator('#save-as-path');
    await input.waitFor();
    await session.shot('05-save-as-form-light');
    const original = join(session.dir, 'demo', 'fashion-mnist.edgefront');
    // A folder that does not exist is refused with the reason.
    await input.fill(join(session.dir, 'copies', 'study.edgefront'));
    await page.getByRole('button', { name: 'Save copy' }).click();
    await expect.poll(() => page.locator('form.save-as [role="alert"]').textContent()).toContain('does not exist');
    await input.fill(original.replace('fashion-mnist.edgefront', 'renamed.edgefront'));
    await page.getByRole('button', { name: 'Save copy' }).click();
    await expect.poll(() => notice().textContent()).toContain('it is now the open project');
    await page.keyboard.press('Control+Shift+S');
    await input.fill(original);
    await page.getByRole('button', { name: 'Save copy' }).click();
    await page.getByRole('button', { name: 'Replace the existing file' }).waitFor();
    await page.selectOption('header select', 'dark');
    await session.shot('06-save-as-replace-dark');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.selectOption('header select', 'light');
    const copy = JSON.parse(await readFile(original.replace('fashion-mnist.edgefront', 'renamed.edgefront'), 'utf8')) as ProjectFile;
    const source = JSON.parse(await readFile(original, 'utf8')) as ProjectFile;
    expect(copy.model.path).toBe(source.model.path);
    expect(copy.designSpace).toEqual(source.designSpace);
    await expect.poll(() => page.locator('header .project').getAttribute('title')).toContain('renamed.edgefront');
    await session.shot('07-copy-open');
  });

  it('logged no page error or CSP violation', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
