// Compiles the AssemblyScript kernels (workers/engine/wasm/assembly/) to dist/kernels.wasm with
// fixed-width SIMD only: relaxed SIMD still needs a V8 flag in Node 20. Called by build.mjs and,
// when the file is missing, by the kernel tests. Exits non-zero with a message on failure.
import asc from 'assemblyscript/asc';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'workers', 'engine', 'wasm', 'assembly', 'index.ts');
const outFile = join(root, 'dist', 'kernels.wasm');
mkdirSync(dirname(outFile), { recursive: true });

const { error, stderr } = await asc.main(
  [
    relative(root, entry),
    '-O3',
    '--enable', 'simd',
    // Buffers are all allocated by the JavaScript side; nothing in the module allocates.
    '--runtime', 'stub',
    '--noAssert',
    '--outFile', relative(root, outFile),
    '--baseDir', root,
  ],
);
if (error) {
  process.stderr.write(stderr.toString());
  process.stderr.write(`build-wasm: compiling ${relative(root, entry)} failed: ${error.message}\n`);
  process.exit(1);
}
