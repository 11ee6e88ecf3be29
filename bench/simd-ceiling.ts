/**
 * `npm run bench:ceiling`: is issue 2's speed target on the residual CNN reachable with
 * WebAssembly SIMD on this machine at all?
 *
 * It measures, in one run: onnxruntime-node fp32 (one thread) on fmnist-rescnn, from which the
 * multiply-add rate each target demands follows (target ratio × ORT images/s × MACs per image);
 * and the arithmetic peak of the WebAssembly SIMD instructions a kernel could use, with operands
 * in registers (bench/assembly/simd-peak.ts). A peak is an upper bound for a whole model, which
 * must also load and pack operands, requantize, add residuals and pool. A target above the peak
 * cannot be met by any WebAssembly kernel on this CPU.
 *
 * Relaxed SIMD (fused multiply-add, 8-bit dot products) is standard in current V8 (Electron) but
 * behind --experimental-wasm-relaxed-simd in Node 20: its peaks are measured in a child process
 * started with that flag when this Node does not validate the module as is.
 */
import asc from 'assemblyscript/asc';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIr } from '../workers/engine/ir/build-ir.js';
import { summarizeModel } from '../workers/engine/model-summary.js';
import { webAssembly } from '../workers/engine/wasm/webAssemblyApi.js';
import { readOnnxModelFile } from '../workers/engine/onnx/read-model.js';
import { ortImagesPerSecond } from './lib/ort-rate.js';

// Bundled to dist/bench/simd-ceiling.js: the repository is two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const MODEL = 'fmnist-rescnn.onnx';
const TARGETS = { integer: 0.5, float: 0.3 } as const;
const ITERATIONS = 20_000_000;
const REPEATS = 5;

interface PeakKernel {
  readonly fn: 'f32MulAdd' | 'i16Dot' | 'f32RelaxedMadd' | 'i8RelaxedDot';
  readonly label: string;
  readonly kind: 'float' | 'integer';
  readonly relaxed: boolean;
  /** Multiply-adds per loop iteration: 12 accumulators × lanes × products per lane. */
  readonly macsPerIteration: number;
}

const KERNELS: PeakKernel[] = [
  { fn: 'f32MulAdd', label: 'f32x4.mul + f32x4.add', kind: 'float', relaxed: false, macsPerIteration: 12 * 4 },
  { fn: 'f32RelaxedMadd', label: 'f32x4.relaxed_madd (FMA)', kind: 'float', relaxed: true, macsPerIteration: 12 * 4 },
  { fn: 'i16Dot', label: 'i32x4.dot_i16x8_s + add', kind: 'integer', relaxed: false, macsPerIteration: 12 * 8 },
  { fn: 'i8RelaxedDot', label: 'i32x4.relaxed_dot_i8x16_i7x16_add_s', kind: 'integer', relaxed: true, macsPerIteration: 12 * 16 },
];

async function compilePeaks(relaxed: boolean, outFile: string): Promise<void> {
  const { error, stderr } = await asc.main([
    join(root, 'bench', 'assembly', 'simd-peak.ts'),
    '-O3', '--enable', relaxed ? 'simd,relaxed-simd' : 'simd', '--runtime', 'stub', '--noAssert', '--outFile', outFile,
  ]);
  if (error) throw new Error(`compiling bench/assembly/simd-peak.ts failed: ${error.message}\n${stderr.toString()}`);
}

/** Best-of-REPEATS multiply-adds per second of each named export of the module at `wasmFile`. */
function measurePeaks(wasmFile: string, names: readonly PeakKernel['fn'][]): Record<string, number> {
  const api = webAssembly();
  if (!api) throw new Error('this JavaScript host has no WebAssembly');
  const instance = new api.Instance(new api.Module(readFileSync(wasmFile)), { env: { abort() {} } });
  const out: Record<string, number> = {};
  for (const name of names) {
    const kernel = KERNELS.find((k) => k.fn === name)!;
    const fn = instance.exports[name] as (iterations: number, seed: number) => number;
    fn(100_000, 3); // tier up to the optimizing compiler
    let best = Infinity;
    for (let r = 0; r < REPEATS; r++) {
      const t = performance.now();
      fn(ITERATIONS, 3);
      best = Math.min(best, (performance.now() - t) / 1000);
    }
    out[name] = (ITERATIONS * kernel.macsPerIteration) / best;
  }
  return out;
}

/** Relaxed peaks: in this process if the runtime has relaxed SIMD, else in a flagged child. */
function relaxedPeaks(wasmFile: string): Record<string, number> | string {
  const names = KERNELS.filter((k) => k.relaxed).map((k) => k.fn);
  if (webAssembly()?.validate(readFileSync(wasmFile))) return measurePeaks(wasmFile, names);
  const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(import.meta.url), '--relaxed-child', wasmFile], { encoding: 'utf8' });
  if (child.status !== 0) return `relaxed SIMD unavailable in Node ${process.version}: ${child.stderr.trim().split('\n').at(-1)}`;
  return JSON.parse(child.stdout) as Record<string, number>;
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--relaxed-child');
  if (childAt >= 0) {
    const names = KERNELS.filter((k) => k.relaxed).map((k) => k.fn);
    process.stdout.write(JSON.stringify(measurePeaks(process.argv[childAt + 1], names)));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'edgefront-ceiling-'));
  try {
    const plainFile = join(dir, 'plain.wasm');
    const relaxedFile = join(dir, 'relaxed.wasm');
    await compilePeaks(false, plainFile);
    await compilePeaks(true, relaxedFile);

    const modelPath = `${root}assets/models/${MODEL}`;
    const macsPerImage = summarizeModel(buildIr(await readOnnxModelFile(modelPath))).totalMacs;
    let seed = 1;
    const x = Float32Array.from({ length: 2000 * 784 }, () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32));
    const ortRate = await ortImagesPerSecond(modelPath, x, { samples: 2000, batch: 100, repeats: REPEATS, sampleDims: [1, 28, 28] });

    const peaks: Record<string, number> = measurePeaks(plainFile, KERNELS.filter((k) => !k.relaxed).map((k) => k.fn));
    const relaxed = relaxedPeaks(relaxedFile);
    if (typeof relaxed !== 'string') Object.assign(peaks, relaxed);

    console.log(`EdgeFront WebAssembly SIMD ceiling — ${new Date().toISOString()}`);
    console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}\n`);
    console.log(`${MODEL}: ${(macsPerImage / 1e6).toFixed(2)} M multiply-adds per image; onnxruntime fp32, one thread: ${ortRate.toFixed(0)} img/s = ${((ortRate * macsPerImage) / 1e9).toFixed(1)} G multiply-adds/s`);
    const needed = {
      integer: (TARGETS.integer * ortRate * macsPerImage) / 1e9,
      float: (TARGETS.float * ortRate * macsPerImage) / 1e9,
    };
    console.log(`needed for the targets, counting multiply-adds only: integer ${TARGETS.integer}× → ${needed.integer.toFixed(1)} G/s, float ${TARGETS.float}× → ${needed.float.toFixed(1)} G/s\n`);
    console.log('| instruction (operands in registers)     | mode    | peak G multiply-adds/s | target needs |');
    console.log('|-----------------------------------------|---------|------------------------|--------------|');
    for (const k of KERNELS) {
      const peak = peaks[k.fn];
      const cell = peak === undefined ? 'unavailable' : (peak / 1e9).toFixed(1);
      const share = peak === undefined ? '—' : `${((100 * needed[k.kind] * 1e9) / peak).toFixed(0)} % of peak`;
      console.log(`| ${k.label.padEnd(39)} | ${k.kind.padEnd(7)} | ${cell.padEnd(22)} | ${share.padEnd(12)} |`);
    }
    if (typeof relaxed === 'string') console.log(`\n${relaxed}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
