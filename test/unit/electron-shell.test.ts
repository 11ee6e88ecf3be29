/**
 * The desktop window's security and plumbing without Electron: the app scheme serves only the
 * built renderer with browser mode's CSP, the window's preferences and navigation/permission
 * decisions, the dialogs' options, the close question, and the command queue to the renderer.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_START_URL, appResponse, isAppUrl } from '../../src-main/electron/app-protocol.js';
import { closeQuestion, openDialogOptions, pathFromOpenDialog, pathFromSaveDialog, saveDialogOptions } from '../../src-main/electron/dialogs.js';
import { RendererLink } from '../../src-main/electron/renderer-link.js';
import { navigationAllowed, permissionAllowed, secureWebPreferences, windowOpenDecision } from '../../src-main/electron/window-security.js';
import { contentSecurityPolicy } from '../../src-main/server/security-headers.js';
import { IPC_CHANNELS } from '../../src-shared/api/ipc-channels.js';

let root: string;
let renderer: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'edgefront-app-scheme-'));
  renderer = join(root, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>EdgeFront</title>');
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'not for the page');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the edgefront://app/ scheme', () => {
  it('serves the renderer with the same CSP as browser mode', async () => {
    const page = await appResponse(renderer, { url: APP_START_URL, method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy(APP_ORIGIN));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>EdgeFront</title>');
    const script = await appResponse(renderer, { url: `${APP_ORIGIN}/assets/app.js`, method: 'GET' });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const head = await appResponse(renderer, { url: `${APP_ORIGIN}/assets/app.js`, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never leaves the renderer folder, and answers only GET and HEAD of its own host', async () => {
    for (const url of [`${APP_ORIGIN}/../secret.txt`, `${APP_ORIGIN}/%2e%2e/secret.txt`, `${APP_ORIGIN}/assets/%2e%2e%2f%2e%2e%2fsecret.txt`, `${APP_ORIGIN}/missing.js`, 'edgefront://elsewhere/index.html']) {
      const r = await appResponse(renderer, { url, method: 'GET' });
      expect(r.status, url).toBe(404);
      expect(r.headers.get('content-security-policy')).toBeTruthy();
    }
    expect((await appResponse(renderer, { url: APP_START_URL, method: 'POST' })).status).toBe(405);
  });

  it('recognises only its own URLs', () => {
    expect(isAppUrl(APP_START_URL)).toBe(true);
    expect(isAppUrl('edgefront://app/')).toBe(true);
    for (const url of ['edgefront://app.evil/', 'edgefront://user:pw@app/', 'https://app/', 'file:///index.html', 'not a url']) expect(isAppUrl(url), url).toBe(false);
  });
});

describe('the window\'s security', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(secureWebPreferences('/app/dist/electron/preload.cjs')).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('blocks navigation, new windows (https links go to the browser) and every permission', () => {
    expect(navigationAllowed(APP_START_URL)).toBe(true);
    expect(navigationAllowed('https://example.com/')).toBe(false);
    expect(navigationAllowed('file:///etc/passwd')).toBe(false);
    expect(windowOpenDecision('https://example.com/docs')).toEqual({ action: 'deny', openExternally: 'https://example.com/docs' });
    expect(windowOpenDecision('http://example.com/')).toEqual({ action: 'deny', openExternally: null });
    expect(windowOpenDecision('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: null });
    expect(windowOpenDecision('javascript:alert(1)')).toEqual({ action: 'deny', openExternally: null });
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) expect(permissionAllowed(p)).toBe(false);
  });
});

describe('dialogs and the close question', () => {
  it('offers projects or models and turns answers into paths', () => {
    expect(openDialogOptions({ kind: 'project' }).filters).toEqual([{ name: 'EdgeFront project', extensions: ['edgefront'] }]);
    expect(openDialogOptions({ kind: 'model' }).filters).toEqual([{ name: 'ONNX model', extensions: ['onnx'] }]);
    expect(saveDialogOptions({ defaultPath: '/p/a.edgefront' }).properties).toContain('showOverwriteConfirmation');
    expect(pathFromOpenDialog({ canceled: true, filePaths: ['/x'] })).toBeNull();
    expect(pathFromOpenDialog({ canceled: false, filePaths: [] })).toBeNull();
    expect(pathFromOpenDialog({ canceled: false, filePaths: ['/p/a.edgefront'] })).toBe('/p/a.edgefront');
    expect(pathFromSaveDialog({ canceled: false, filePath: '/p/copy' })).toBe('/p/copy.edgefront');
    expect(pathFromSaveDialog({ canceled: false, filePath: '/p/copy.EdgeFront' })).toBe('/p/copy.EdgeFront');
    expect(pathFromSaveDialog({ canceled: true, filePath: '/p/copy.edgefront' })).toBeNull();
  });

  it('asks only when edits or a running sweep would be lost, defaulting to keeping the window', () => {
    expect(closeQuestion({ unsavedChanges: false, sweepRunning: false })).toBeNull();
    const unsaved = closeQuestion({ unsavedChanges: true, sweepRunning: false })!;
    expect(unsaved.message).toContain('unsaved');
    expect(unsaved.buttons[unsaved.defaultId]).toBe('Keep it open');
    expect(unsaved.cancelId).toBe(unsaved.defaultId);
    const both = closeQuestion({ unsavedChanges: true, sweepRunning: true })!;
    expect(both.detail).toContain('sweep');
    expect(both.detail).toContain('not saved');
  });
});

describe('commands to the renderer', () => {
  it('queues commands until the renderer is ready, and again while it reloads', () => {
    const sent: unknown[] = [];
    const link = new RendererLink((channel, message) => sent.push([channel, message]));
    link.command({ command: 'open-project', args: { path: '/p/a.edgefront' } });
    expect(sent).toEqual([]);
    link.rendererReady();
    expect(sent).toEqual([[IPC_CHANNELS.command, { command: 'open-project', args: { path: '/p/a.edgefront' } }]]);
    link.command({ command: 'save', args: {} });
    expect(sent.length).toBe(2);
    link.setUnsavedChanges(true);
    expect(link.unsavedChanges).toBe(true);
    link.rendererReloading();
    expect(link.unsavedChanges).toBe(false);
    link.command({ command: 'save-as', args: {} });
    expect(sent.length).toBe(2);
    link.rendererReady();
    expect(sent.length).toBe(3);
  });
});
