// Builds what Node runs: the CLI, the worker entry and the benchmarks as ESM bundles in dist/,
// the WebAssembly kernels, and the renderer (Vite) in dist/renderer/. Type checking is separate
// (`npm run typecheck`) so a build stays fast.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const entryPoints = {};
const candidates = {
  cli: 'src-main/cli/main.ts',
  worker: 'workers/tasks/worker-entry.ts',
};
for (const [name, path] of Object.entries(candidates)) {
  if (existsSync(join(root, path))) entryPoints[name] = join(root, path);
}
const benchDir = join(root, 'bench');
if (existsSync(benchDir)) {
  for (const f of readdirSync(benchDir)) {
    if (f.endsWith('.ts')) entryPoints[`bench/${f.slice(0, -3)}`] = join(benchDir, f);
  }
}

await build({
  entryPoints,
  outdir: dist,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  // Bundled ESM has no require(); some dependencies still expect it.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

// The desktop shell: Electron's main process (ESM, like the CLI) and its preload, which must be
// CommonJS because a sandboxed preload cannot be an ES module. `electron` itself is provided by
// Electron at run time, so it is never bundled (and its binary is not needed to build).
const electronMain = join(root, 'src-main', 'electron', 'main.ts');
if (existsSync(electronMain)) {
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', external: ['electron'] };
  await build({
    ...common,
    entryPoints: [electronMain],
    outfile: join(dist, 'electron', 'main.js'),
    format: 'esm',
    packages: 'external',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  await build({ ...common, entryPoints: [join(root, 'src-main', 'electron', 'preload.ts')], outfile: join(dist, 'electron', 'preload.cjs'), format: 'cjs' });
}

const wasmBuild = join(root, 'scripts', 'build-wasm.mjs');
if (existsSync(wasmBuild)) {
  const r = spawnSync(process.execPath, [wasmBuild], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The GUI's renderer, served by `edgefront serve` (and loaded by Electron later).
const rendererConfig = join(root, 'src-renderer', 'vite.config.ts');
if (existsSync(rendererConfig)) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: rendererConfig });
}
