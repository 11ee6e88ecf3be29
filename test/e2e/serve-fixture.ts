/**
 * What every browser-mode end-to-end test needs: the real `edgefront serve` (built CLI, loopback
 * server, built renderer) in a temp folder, Debian's Chromium driven by Playwright, a page that
 * records every error it logs, and screenshots under test-artifacts/<suite>/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../src-main/services/report/pdf-report.js';
import { repoRoot } from '../helpers/demo-assets.js';

export const chromiumPath = findChromium();
// CI must run the end-to-end tests, not skip them: .ci/run sets this after installing Chromium.
if (chromiumPath === null && process.env.EDGEFRONT_REQUIRE_CHROMIUM) {
  throw new Error('EDGEFRONT_REQUIRE_CHROMIUM is set but no Chromium was found: install Debian\'s chromium (apt-get install -y chromium) or set CHROMIUM_PATH.');
}
/** Appended to a suite's name when it is skipped, saying why. */
export const noChromiumReason = chromiumPath === null ? " (skipped: no Chromium found; install Debian's chromium or set CHROMIUM_PATH)" : '';

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

export interface ServeSession {
  /** Temp folder the server runs in (removed by close). */
  readonly dir: string;
  /** The URL with its token. */
  readonly url: string;
  readonly server: ChildProcess;
  readonly browser: Browser;
  readonly page: Page;
  /** Page errors, console errors and warnings seen so far. */
  readonly pageErrors: string[];
  /** Full-page screenshot test-artifacts/<suite>/<name>.png, taken from the top. */
  shot(name: string): Promise<void>;
  /** Clicks a view's button in the top navigation. */
  view(id: string): Promise<void>;
  /** Stops Chromium and the server (expects a clean exit) and removes the temp folder; returns the server's exit code. */
  close(): Promise<number | null>;
}

/** Starts `edgefront serve --json` in `cwd` and resolves with the URL it prints. */
function startServer(cwd: string, args: readonly string[]): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/edgefront.js'), 'serve', '--no-open', '--port', '0', '--json', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`edgefront serve exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url };
}

export interface ServeOptions {
  /** Folder name under test-artifacts/ for the screenshots. */
  readonly suite: string;
  /** Extra `edgefront serve` arguments (the demo's working copy goes to <dir>/demo and the config to <dir>/config unless given). */
  readonly serveArgs?: readonly string[];
  readonly workers?: number;
  readonly viewport?: { width: number; height: number };
}

export async function startServeSession(options: ServeOptions): Promise<ServeSession> {
  const dir = await mkdtemp(join(tmpdir(), `edgefront-${options.suite}-`));
  const artifacts = join(repoRoot, 'test-artifacts', options.suite);
  await mkdir(artifacts, { recursive: true });
  const extra = options.serveArgs ?? [];
  // The recent projects list goes to the temp folder too, never to the user's ~/.config.
  const args = [
    '--workers',
    String(options.workers ?? 2),
    ...(extra.includes('--demo-dir') ? [] : ['--demo-dir', join(dir, 'demo')]),
    ...(extra.includes('--config-dir') ? [] : ['--config-dir', join(dir, 'config')]),
    ...extra,
  ];
  const { child, url: urlPromise } = startServer(dir, args);
  let browser: Browser | null = null;
  try {
    const url = await urlPromise;
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(`console ${m.type()}: ${m.text()}`);
    });
    const openBrowser = browser;
    return {
      dir,
      url,
      server: child,
      browser,
      page,
      pageErrors,
      async shot(name) {
        // From the top: a full-page capture of a scrolled page draws the sticky header mid-page.
        await page.evaluate('window.scrollTo(0, 0)');
        await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
      },
      view: (id) => page.click(`nav button[data-view="${id}"]`),
      async close() {
        await openBrowser.close();
        let code: number | null = child.exitCode;
        if (child.exitCode === null) {
          const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
          child.kill('SIGTERM');
          code = await exited;
        }
        await rm(dir, { recursive: true, force: true });
        return code;
      },
    };
  } catch (err) {
    await browser?.close();
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
