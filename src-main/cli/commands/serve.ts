/**
 * `edgefront serve`: browser mode of the GUI — the services behind a loopback HTTP/WebSocket
 * server (src-main/server) and the renderer in a Chromium app window. Ctrl-C or SIGTERM stops it:
 * a running sweep is cancelled (its finished points are saved into the project) first.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackendApi } from '../../api/backend-api.js';
import { startBrowserServer } from '../../server/browser-server.js';
import { openInChromium, type OpenedBrowser } from '../../server/open-browser.js';
import { defaultWorkerCount } from '../../services/evaluation-service.js';
import { resolveConfigDir } from '../../services/project/config-dir.js';
import type { CommandIo } from '../command-io.js';
import { intFlag } from '../flag-values.js';
import { UsageError } from '../usage-error.js';
import { DEMO_EXAMPLE } from './demo.js';
import { engineVersion } from './report.js';

export const SERVE_HELP = `Usage: edgefront serve [options]

Starts the GUI in browser mode: a server on 127.0.0.1 only, reachable with the random access token
in the URL it prints, and opens that URL in a Chromium app window. Ctrl-C stops it (a running sweep
is cancelled; its finished points are saved).

Options:
  --port N        port to listen on (default 0: a free one)
  --no-open       do not open Chromium; just print the URL
  --workers N     worker threads per sweep (default ${defaultWorkerCount()})
  --demo-dir DIR  where "Open the demo" keeps its working copy (default ./edgefront-demo)
  --open-demo     open the demo project before the page loads (what \`npm start\` does)
  --config-dir DIR
                  where the recent projects list is kept (default $EDGEFRONT_CONFIG_DIR,
                  else $XDG_CONFIG_HOME/edgefront, else ~/.config/edgefront)
  --json          print one JSON line {url, port, pid} on stdout once listening, and nothing else
  --help`;

/** The built renderer, beside the bundled CLI (dist/renderer/). */
const RENDERER_DIR = fileURLToPath(new URL('./renderer/', import.meta.url));

export async function serveCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      workers: { type: 'string' },
      'demo-dir': { type: 'string' },
      'open-demo': { type: 'boolean' },
      'config-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`serve takes no positional arguments; got '${positionals[0]}'. Open projects from the GUI.`);
  const port = intFlag('port', values.port, 0, 65535) ?? 0;
  const workers = intFlag('workers', values.workers, 1, 64) ?? defaultWorkerCount();

  const api = createBackendApi({
    version: engineVersion(),
    transport: 'browser',
    demoExample: DEMO_EXAMPLE,
    demoDir: resolve(values['demo-dir'] ?? 'edgefront-demo'),
    workers,
    configDir: resolveConfigDir(values['config-dir']),
  });
  // Before the server listens, so the page's first getProject already finds the demo open.
  // A demo that cannot be opened is reported, and the GUI still starts (its Start view says why too).
  if (values['open-demo']) await api.openDemo().catch((err: unknown) => io.err(`Could not open the demo: ${err instanceof Error ? err.message : String(err)}`));
  const server = await startBrowserServer({ api, staticDir: RENDERER_DIR, port, downloads: (id) => api.exportedFile(id) });
  if (values.json) io.out(JSON.stringify({ url: server.url, port: server.port, pid: process.pid }));
  else io.out(`EdgeFront is running at ${server.url}`);

  let browser: OpenedBrowser | null = null;
  if (!values['no-open']) {
    const outcome = openInChromium(server.url);
    if ('opened' in outcome) {
      browser = outcome.opened;
      io.err(`Opened ${server.origin} in ${outcome.opened.executable}.`);
    } else {
      io.err(`Not opening a browser: ${outcome.reason}. Open the URL above in Chromium or Chrome.`);
    }
  }
  io.err('Press Ctrl-C to stop.');

  const signal = await new Promise<NodeJS.Signals>((resolveStop) => {
    process.once('SIGINT', () => resolveStop('SIGINT'));
    process.once('SIGTERM', () => resolveStop('SIGTERM'));
  });
  io.err(`Stopping (${signal}): cancelling any running sweep; finished points are saved.`);
  await api.dispose();
  await server.close();
  (browser as OpenedBrowser | null)?.close();
  io.err('Stopped.');
  return 0;
}
