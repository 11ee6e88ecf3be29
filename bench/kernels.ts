/**
 * Kernel throughput: reference TypeScript vs WebAssembly SIMD, float (GFLOP/s) and integer
 * uint8×int8→int32 (GOP/s, one multiply-add = 2 ops), on the convolutions of the residual
 * Fashion-MNIST CNN and the GEMMs of the 784-128-64-10 MLP at batch 64; for context,
 * onnxruntime-node fp32 on a one-node model of the same shape, single-threaded.
 *
 * Run: `npm run build && node dist/bench/kernels.js` (single thread; results vary ±10 %).
 * Times are the median of repeated runs after a warm-up, including the copies in and out of wasm
 * memory (what an op pays). The reference kernels run on a smaller batch, since throughput per
 * image does not depend on it and they are slow.
 */
import * as ort from 'onnxruntime-node';
import { findKernelsWasm, loadWasmKernelsSync } from '../workers/engine/kernels/init.js';
import { referenceKernels } from '../workers/engine/kernels/reference.js';
import type { Conv2dGeometry, Kernels } from '../workers/engine/kernels/types.js';

const BATCH = 64;
const REFERENCE_BATCH = 4;
const MIN_SECONDS = 0.4;
const WARM_UP_SECONDS = 0.2;

interface ConvCase {
  readonly name: string;
  readonly inC: number;
  readonly outC: number;
  readonly size: number;
  readonly k: number;
  readonly stride: number;
  readonly group: number;
}

const CONVS: ConvCase[] = [
  { name: 'conv 3×3 16→32 s2, 28×28', inC: 16, outC: 32, size: 28, k: 3, stride: 2, group: 1 },
  { name: 'conv 3×3 16→16 s1, 28×28', inC: 16, outC: 16, size: 28, k: 3, stride: 1, group: 1 },
  { name: 'depthwise 3×3 32, 14×14', inC: 32, outC: 32, size: 14, k: 3, stride: 1, group: 32 },
  { name: 'conv 1×1 32→32, 14×14', inC: 32, outC: 32, size: 14, k: 1, stride: 1, group: 1 },
  { name: 'conv 3×3 32→64 s2, 14×14', inC: 32, outC: 64, size: 14, k: 3, stride: 2, group: 1 },
];

const GEMMS: { name: string; K: number; N: number }[] = [
  { name: 'gemm 784→128', K: 784, N: 128 },
  { name: 'gemm 128→64', K: 128, N: 64 },
  { name: 'gemm 64→10', K: 64, N: 10 },
];

function geometry(c: ConvCase, batch: number): Conv2dGeometry {
  const pad = (c.k - 1) >> 1;
  const out = Math.floor((c.size + 2 * pad - c.k) / c.stride) + 1;
  return {
    batch, inC: c.inC, inH: c.size, inW: c.size, outC: c.outC, outH: out, outW: out, kH: c.k, kW: c.k,
    strideH: c.stride, strideW: c.stride, padTop: pad, padLeft: pad, dilationH: 1, dilationW: 1, group: c.group,
  };
}

const macsOf = (g: Conv2dGeometry) => g.batch * g.outC * g.outH * g.outW * (g.inC / g.group) * g.kH * g.kW;

function random(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 31 - 1;
  });
}
const toU8 = (a: Float32Array) => Uint8Array.from(a, (v) => Math.floor((v + 1) * 127.5));
const toI8 = (a: Float32Array) => Int8Array.from(a, (v) => Math.round(v * 127));

/**
 * Median seconds per call over at least MIN_SECONDS, after a warm-up long enough for V8 to move
 * the wasm functions from its baseline compiler (Liftoff) to the optimizing one (TurboFan).
 */
async function secondsPerCall(run: () => unknown): Promise<number> {
  const warmUpStart = performance.now();
  for (let i = 0; i < 3 || performance.now() - warmUpStart < WARM_UP_SECONDS * 1000; i++) await run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 3 || (performance.now() - start) / 1000 < MIN_SECONDS) {
    const t = performance.now();
    await run();
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

// ---- a hand-written ONNX encoder: just enough protobuf for one Conv or MatMul node ----------

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const intField = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytesField = (field: number, bytes: ArrayLike<number>) => [...key(field, 2), ...varint(bytes.length), ...Array.from(bytes)];
const strField = (field: number, s: string) => bytesField(field, new TextEncoder().encode(s));

function tensor(name: string, dims: number[], data: Float32Array): number[] {
  return [
    ...dims.flatMap((d) => intField(1, d)),
    ...intField(2, 1), // FLOAT
    ...strField(8, name),
    ...bytesField(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
  ];
}
function valueInfo(name: string, dims: number[]): number[] {
  const shape = dims.flatMap((d) => bytesField(1, intField(1, d)));
  const tensorType = [...intField(1, 1), ...bytesField(2, shape)];
  return [...strField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}
function intsAttribute(name: string, values: number[]): number[] {
  return [...strField(1, name), ...values.flatMap((v) => intField(8, v)), ...intField(20, 7)];
}
function intAttribute(name: string, value: number): number[] {
  return [...strField(1, name), ...intField(3, value), ...intField(20, 2)];
}
function model(node: number[], initializers: number[][], input: number[], output: number[]): Uint8Array {
  const graph = [
    ...bytesField(1, node),
    ...strField(2, 'bench'),
    ...initializers.flatMap((t) => bytesField(5, t)),
    ...bytesField(11, input),
    ...bytesField(12, output),
  ];
  const opset = [...strField(1, ''), ...intField(2, 13)];
  return Uint8Array.from([...intField(1, 8), ...bytesField(8, opset), ...bytesField(7, graph)]);
}

async function ortSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

async function ortConvSeconds(g: Conv2dGeometry, x: Float32Array, w: Float32Array, b: Float32Array): Promise<number> {
  const pad = g.padTop;
  const node = [
    ...strField(1, 'x'), ...strField(1, 'w'), ...strField(1, 'b'), ...strField(2, 'y'), ...strField(4, 'Conv'),
    ...bytesField(5, intsAttribute('kernel_shape', [g.kH, g.kW])),
    ...bytesField(5, intsAttribute('strides', [g.strideH, g.strideW])),
    ...bytesField(5, intsAttribute('pads', [pad, pad, pad, pad])),
    ...bytesField(5, intAttribute('group', g.group)),
  ];
  const session = await ortSession(
    model(
      node,
      [tensor('w', [g.outC, g.inC / g.group, g.kH, g.kW], w), tensor('b', [g.outC], b)],
      valueInfo('x', [g.batch, g.inC, g.inH, g.inW]),
      valueInfo('y', [g.batch, g.outC, g.outH, g.outW]),
    ),
  );
  const feeds = { x: new ort.Tensor('float32', x, [g.batch, g.inC, g.inH, g.inW]) };
  return secondsPerCall(() => session.run(feeds));
}

async function ortMatMulSeconds(M: number, K: number, N: number, a: Float32Array, b: Float32Array): Promise<number> {
  const node = [...strField(1, 'a'), ...strField(1, 'b'), ...strField(2, 'c'), ...strField(4, 'MatMul')];
  const session = await ortSession(model(node, [tensor('b', [K, N], b)], valueInfo('a', [M, K]), valueInfo('c', [M, N])));
  const feeds = { a: new ort.Tensor('float32', a, [M, K]) };
  return secondsPerCall(() => session.run(feeds));
}

// ---- the table ------------------------------------------------------------------------------

interface Row {
  name: string;
  refF: number;
  wasmF: number;
  refI: number;
  wasmI: number;
  ort: number;
}

async function convRow(c: ConvCase, wasm: Kernels): Promise<Row> {
  const g = geometry(c, BATCH);
  const gRef = geometry(c, REFERENCE_BATCH);
  const xSize = BATCH * c.inC * c.size * c.size;
  const x = random(xSize, 1);
  const w = random((c.outC * c.inC * c.k * c.k) / c.group, 2);
  const b = random(c.outC, 3);
  const y = new Float32Array(BATCH * c.outC * g.outH * g.outW);
  const xq = toU8(x);
  const wq = toI8(w);
  const bq = Int32Array.from(b, (v) => Math.round(v * 1000));
  const acc = new Int32Array(y.length);
  const gops = (geo: Conv2dGeometry, s: number) => (2 * macsOf(geo)) / s / 1e9;
  return {
    name: c.name,
    refF: gops(gRef, await secondsPerCall(() => referenceKernels.conv2d(gRef, x, w, b, y))),
    wasmF: gops(g, await secondsPerCall(() => wasm.conv2d(g, x, w, b, y))),
    refI: gops(gRef, await secondsPerCall(() => referenceKernels.conv2dInt(gRef, xq, 128, wq, bq, acc))),
    wasmI: gops(g, await secondsPerCall(() => wasm.conv2dInt(g, xq, 128, wq, bq, acc))),
    ort: gops(g, await ortConvSeconds(g, x, w, b)),
  };
}

async function gemmRow(name: string, K: number, N: number, wasm: Kernels): Promise<Row> {
  const a = random(BATCH * K, 4);
  const b = random(K * N, 5);
  const bias = random(N, 6);
  const c = new Float32Array(BATCH * N);
  const aq = toU8(a);
  const bq = toI8(b);
  const biasQ = Int32Array.from(bias, (v) => Math.round(v * 1000));
  const acc = new Int32Array(BATCH * N);
  const gops = (M: number, s: number) => (2 * M * N * K) / s / 1e9;
  const R = REFERENCE_BATCH;
  return {
    name,
    refF: gops(R, await secondsPerCall(() => referenceKernels.sgemm(R, N, K, a, b, c, bias))),
    wasmF: gops(BATCH, await secondsPerCall(() => wasm.sgemm(BATCH, N, K, a, b, c, bias))),
    refI: gops(R, await secondsPerCall(() => referenceKernels.igemm(R, N, K, aq, 128, bq, biasQ, acc))),
    wasmI: gops(BATCH, await secondsPerCall(() => wasm.igemm(BATCH, N, K, aq, 128, bq, biasQ, acc))),
    ort: gops(BATCH, await ortMatMulSeconds(BATCH, K, N, a, b)),
  };
}

async function main(): Promise<void> {
  const path = findKernelsWasm();
  if (!path) {
    process.stderr.write('bench/kernels: dist/kernels.wasm is missing; run `node scripts/build-wasm.mjs` first.\n');
    process.exit(1);
  }
  const wasm = loadWasmKernelsSync(path);
  const rows: Row[] = [];
  for (const c of CONVS) rows.push(await convRow(c, wasm));
  for (const g of GEMMS) rows.push(await gemmRow(g.name, g.K, g.N, wasm));

  const f = (v: number) => v.toFixed(2).padStart(7);
  const r = (v: number) => v.toFixed(2).padStart(6);
  console.log(`batch ${BATCH} (reference: batch ${REFERENCE_BATCH}), single thread, G(FL)OP/s; ratios vs onnxruntime fp32`);
  console.log(
    `${'shape'.padEnd(28)} ${'ref f32'.padStart(7)} ${'wasm f32'.padStart(8)} ${'ref int'.padStart(7)} ${'wasm int'.padStart(8)} ${'ort f32'.padStart(7)} ${'f/ort'.padStart(6)} ${'i/ort'.padStart(6)}`,
  );
  let totalOps = 0, tF = 0, tI = 0, tO = 0;
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(28)} ${f(row.refF)} ${f(row.wasmF).padStart(8)} ${f(row.refI)} ${f(row.wasmI).padStart(8)} ${f(row.ort)} ${r(row.wasmF / row.ort)} ${r(row.wasmI / row.ort)}`,
    );
  }
  // Whole residual-CNN convolution stack: time-weighted, i.e. total ops / total time.
  for (const [i, c] of CONVS.entries()) {
    const ops = 2 * macsOf(geometry(c, BATCH));
    totalOps += ops;
    tF += ops / rows[i].wasmF;
    tI += ops / rows[i].wasmI;
    tO += ops / rows[i].ort;
  }
  console.log(
    `${'all convs (time-weighted)'.padEnd(28)} ${''.padStart(7)} ${f(totalOps / tF).padStart(8)} ${''.padStart(7)} ${f(totalOps / tI).padStart(8)} ${f(totalOps / tO)} ${r(tO / tF)} ${r(tO / tI)}`,
  );
}

await main();
