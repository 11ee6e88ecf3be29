/**
 * Opens browser mode's page in Chromium as an app window (`--app=URL`: no tabs or address bar, so
 * it looks like the desktop app). A throwaway profile keeps it from joining a running browser
 * session (which would return at once and lose the window) and from touching the user's profile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../services/report/pdf-report.js';

export interface OpenedBrowser {
  readonly executable: string;
  /** Closes the window (kills the process this module started) and removes its profile. */
  close(): void;
}

export type OpenBrowserOutcome = { readonly opened: OpenedBrowser } | { readonly reason: string };

export function openInChromium(url: string, env: NodeJS.ProcessEnv = process.env): OpenBrowserOutcome {
  let executable: string | null;
  try {
    executable = findChromium({ env });
  } catch (err) {
    return { reason: err instanceof Error ? err.message : String(err) };
  }
  if (!executable) return { reason: 'no Chromium was found (install the `chromium` package, or set CHROMIUM_PATH)' };
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  const profile = mkdtempSync(join(tmpdir(), 'edgefront-chromium-'));
  const args = [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check'];
  // Chromium refuses to start as root with its sandbox on; root is common in containers.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child: ChildProcess = spawn(executable, args, { stdio: 'ignore' });
  const cleanup = () => rmSync(profile, { recursive: true, force: true });
  child.on('exit', cleanup);
  child.on('error', cleanup);
  return {
    opened: {
      executable,
      close() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      },
    },
  };
}
