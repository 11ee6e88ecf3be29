// `npm start` (after `npm run build`): the desktop app when Electron's binary is installed,
// otherwise browser mode (`edgefront serve`) opening Chromium — both on the bundled demo.
//
// Electron (a devDependency) has no install script: npm installs its package everywhere, and its
// binary is downloaded by `node_modules/electron/install.js` from outside the npm registry. Where
// that download cannot work (no network beyond the registry, as on EdgeFront's build machines),
// the binary is missing and browser mode runs instead, saying why. `npm start -- --browser` (or
// EDGEFRONT_BROWSER=1) asks for browser mode; `--no-fetch` skips the download attempt.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Whether Electron can run from `root`: 'ready' with its executable, 'no-binary' (the package is
 * there, its download is not), or 'no-package'. Reads files only: requiring `electron` would
 * start the download.
 */
export function electronStatus(root, env = process.env, fs = { existsSync, readFileSync }) {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!fs.existsSync(join(pkgDir, 'package.json'))) return { kind: 'no-package', reason: 'the electron package is not installed' };
  const pathFile = join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? String(fs.readFileSync(pathFile, 'utf8')).trim() : '';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist');
  const executable = join(distDir, relative || 'electron');
  if (relative === '' && !env.ELECTRON_OVERRIDE_DIST_PATH) return { kind: 'no-binary', reason: "Electron's binary has not been downloaded" };
  if (!fs.existsSync(executable)) return { kind: 'no-binary', reason: `Electron's binary ${executable} is missing` };
  return { kind: 'ready', executable };
}

/**
 * What to run: 'electron', 'fetch' (download Electron's binary first, then decide again) or
 * 'browser' with the reason shown to the user.
 */
export function decideLaunch({ status, args, env, platform, fetchTried }) {
  if (args.includes('--browser') || env.EDGEFRONT_BROWSER === '1') return { mode: 'browser', reason: 'browser mode was asked for' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { mode: 'browser', reason: 'there is no display for a desktop window (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  if (status.kind === 'ready') return { mode: 'electron', executable: status.executable };
  if (status.kind === 'no-binary' && !fetchTried && !args.includes('--no-fetch')) return { mode: 'fetch' };
  return { mode: 'browser', reason: status.reason };
}

/** The command line of each mode (Electron runs the app folder, whose package.json `main` is dist/electron/main.js). */
export function launchCommand(plan, { root, nodePath, isRoot }) {
  if (plan.mode === 'electron') {
    // Chromium refuses to run as root with its sandbox on (containers); the page is sandboxed by Electron's own settings still.
    return { command: plan.executable, args: [...(isRoot ? ['--no-sandbox'] : []), root, '--open-demo'] };
  }
  return { command: nodePath, args: [join(root, 'bin', 'edgefront.js'), 'serve', '--open-demo'] };
}

function run({ command, args }) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: process.cwd() });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(`Could not start ${command}: ${err.message}`);
    process.exit(1);
  });
}

function main() {
  const args = process.argv.slice(2);
  const context = { args, env: process.env, platform: process.platform };
  let plan = decideLaunch({ ...context, status: electronStatus(ROOT), fetchTried: false });
  if (plan.mode === 'fetch') {
    console.error("Downloading Electron's binary (once) …");
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron', 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 });
    if (r.status !== 0) console.error(`The download did not work (${String(r.stderr ?? '').trim().split('\n')[0] || `exit ${r.status ?? r.signal}`}).`);
    plan = decideLaunch({ ...context, status: electronStatus(ROOT), fetchTried: true });
  }
  if (plan.mode === 'browser') console.error(`Starting EdgeFront in browser mode: ${plan.reason}.`);
  run(launchCommand(plan, { root: ROOT, nodePath: process.execPath, isRoot: process.getuid?.() === 0 }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
