/**
 * The PDF report: the HTML report printed by headless Chromium.
 *
 * Printing the same HTML keeps one layout for screen and paper instead of a second renderer to
 * maintain, and Chromium is already a dependency of browser mode and its tests (Debian's
 * `chromium`). It is not bundled, so it is looked for (CHROMIUM_PATH, then the usual names) and
 * its absence is a UserError that says how to install it and that `--format html` needs nothing.
 *
 * The HTML goes to a private temporary folder, along with a throwaway Chromium profile so that
 * concurrent reports (or a running browser) never contend for one profile lock. Chromium is run
 * with networking features off; the report references nothing outside itself anyway. A hung
 * Chromium is killed (its whole process group, which this module started) after a timeout.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../../src-shared/errors.js';

/** Absolute paths tried, in order, after CHROMIUM_PATH. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Program names looked up on PATH after the absolute candidates. */
export const CHROMIUM_NAMES: readonly string[] = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export interface ChromiumSearch {
  /** Environment to read CHROMIUM_PATH and PATH from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Absolute paths to try (default CHROMIUM_CANDIDATES). */
  readonly candidates?: readonly string[];
  /** Names to look up on PATH (default CHROMIUM_NAMES). */
  readonly names?: readonly string[];
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to print with, or null when there is none. A CHROMIUM_PATH that does
 * not name an executable file is an error of its own (the user asked for that one).
 */
export function findChromium(search: ChromiumSearch = {}): string | null {
  const env = search.env ?? process.env;
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (isExecutableFile(explicit)) return explicit;
    throw new UserError(
      'chromium-path-invalid',
      `CHROMIUM_PATH is set to ${explicit}, which is not an executable file. Point it at a Chromium or Chrome binary, or unset it to search the usual places. The HTML report (--format html) works without Chromium.`,
      { file: explicit },
    );
  }
  for (const c of search.candidates ?? CHROMIUM_CANDIDATES) if (isExecutableFile(c)) return c;
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of search.names ?? CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const p = join(dir, name);
      if (isExecutableFile(p)) return p;
    }
  }
  return null;
}

/** The error when no Chromium is found. */
export function chromiumMissingError(): UserError {
  return new UserError(
    'chromium-missing',
    'No Chromium was found to print the PDF report (looked at CHROMIUM_PATH, /usr/bin/chromium, chromium-browser and google-chrome). ' +
      'Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary. ' +
      'The HTML report (--format html) needs no browser and prints to PDF from any browser.',
    { tried: [...CHROMIUM_CANDIDATES], env: 'CHROMIUM_PATH' },
  );
}

export interface PdfOptions extends ChromiumSearch {
  /** Use this binary instead of searching. */
  readonly chromiumPath?: string;
  /** Give up (and kill Chromium) after this many milliseconds (default 120 s). */
  readonly timeoutMs?: number;
}

/** Chromium's command line to print `htmlFile` to `pdfFile`. */
export function chromiumPrintArgs(htmlFile: string, pdfFile: string, profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--hide-scrollbars',
    '--mute-audio',
    `--user-data-dir=${profileDir}`,
    '--no-pdf-header-footer',
    // The name of the same switch before Chromium 111; unknown switches are ignored.
    '--print-to-pdf-no-header',
    `--print-to-pdf=${pdfFile}`,
    pathToFileURL(htmlFile).href,
  ];
}

function run(binary: string, args: readonly string[], timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout can end Chromium's helpers (renderer, zygote) with it.
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 20000) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, timedOut });
    });
  });
}

/** The last lines of Chromium's stderr that look like errors (it logs a lot of harmless noise). */
function stderrTail(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !/dbus|Fontconfig|\bGLib\b/i.test(l));
  return lines.slice(-5).join('\n');
}

/** Prints an HTML document to PDF with headless Chromium; returns the PDF bytes. */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const binary = options.chromiumPath ?? findChromium(options);
  if (binary === null) throw chromiumMissingError();
  const dir = await mkdtemp(join(tmpdir(), 'edgefront-pdf-'));
  try {
    const htmlFile = join(dir, 'report.html');
    const pdfFile = join(dir, 'report.pdf');
    await writeFile(htmlFile, html, 'utf8');
    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await run(binary, chromiumPrintArgs(htmlFile, pdfFile, join(dir, 'profile')), options.timeoutMs ?? 120_000);
    } catch (err) {
      throw new UserError('chromium-failed', `Could not start Chromium (${binary}): ${err instanceof Error ? err.message : String(err)}. Check the installation or set CHROMIUM_PATH; the HTML report (--format html) works without it.`, {
        file: binary,
      });
    }
    let pdf: Uint8Array | null = null;
    try {
      pdf = new Uint8Array(await readFile(pdfFile));
    } catch {
      pdf = null;
    }
    const isPdf = pdf !== null && pdf.length > 5 && new TextDecoder().decode(pdf.subarray(0, 5)) === '%PDF-';
    if (!isPdf || result.timedOut) {
      const why = result.timedOut
        ? `it did not finish within ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s and was stopped`
        : `it exited with ${result.signal ? `signal ${result.signal}` : `code ${result.code}`} without writing a PDF`;
      const tail = stderrTail(result.stderr);
      throw new UserError('chromium-failed', `Chromium (${binary}) could not print the report: ${why}.${tail ? `\nIts last messages:\n${tail}` : ''}\nThe HTML report (--format html) works without Chromium.`, {
        file: binary,
        code: result.code,
      });
    }
    return pdf as Uint8Array;
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
