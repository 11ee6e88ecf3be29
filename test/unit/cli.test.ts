/**
 * End-to-end tests of the `edgefront` command: each case spawns `node bin/edgefront.js` and checks
 * the DESIGN.md contracts a script relies on — exit codes (0 / 1 runtime / 2 usage), `--json` as
 * exactly one JSON document on stdout, the `eval --json` fields — and checks the numbers against
 * independent references: hand-computed layer sizes, onnxruntime-node on the same samples (read
 * with this file's own IDX reader, not EdgeFront's), and a hand-written weight quantizer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpy, readNpy } from '../../workers/data/npy.js';
import { readOnnxModelFile } from '../../workers/engine/onnx/read-model.js';
import { readTensorProtoFile } from '../../workers/engine/onnx/read-tensor-proto.js';
import { float32Tensor, makeTensor } from '../../workers/engine/tensor.js';
import { describeRun, repoRoot, runCli, type CliResult } from '../helpers/run-cli.js';

const MLP = join(repoRoot, 'assets/models/fmnist-mlp.onnx');
const LENET = join(repoRoot, 'assets/models/fmnist-lenet5.onnx');
const FMNIST = join(repoRoot, 'assets/datasets/fashion-mnist');
const TEST_IMAGES = join(FMNIST, 'test-images-idx3-ubyte.gz');
const TEST_LABELS = join(FMNIST, 'test-labels-idx1-ubyte.gz');
const CALIB_IMAGES = join(FMNIST, 'calib-images-idx3-ubyte.gz');
const NODE_TESTS = join(repoRoot, 'test/fixtures/onnx-node-tests');

// ---- independent references -------------------------------------------------------------------

/** The first `n` images of a gzipped IDX3 uint8 file, scaled by 1/255 (EdgeFront's default). */
function readIdxImages(path: string, n: number): Float32Array {
  const b = gunzipSync(readFileSync(path));
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (v.getUint32(0) !== 0x00000803) throw new Error(`${path}: not an IDX3 uint8 file`);
  const size = v.getUint32(8) * v.getUint32(12);
  return Float32Array.from(b.subarray(16, 16 + n * size), (p) => p / 255);
}

function readIdxLabels(path: string, n: number): Uint8Array {
  const b = gunzipSync(readFileSync(path));
  if (new DataView(b.buffer, b.byteOffset).getUint32(0) !== 0x00000801) throw new Error(`${path}: not an IDX1 uint8 file`);
  return b.subarray(8, 8 + n);
}

async function ortLogits(model: string, x: Float32Array, dims: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, dims) });
    return out[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

function argmaxRows(data: ArrayLike<number>, classes: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r < data.length / classes; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (data[r * classes + c] > data[r * classes + best]) best = c;
    rows.push(best);
  }
  return rows;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Round half to even, DESIGN.md's rounding (Math.round rounds half up). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The MLP (Flatten → Gemm → Relu → Gemm → Relu → Gemm) computed by hand in float64, with each
 * Gemm weight optionally replaced by DESIGN.md's default weight quantizer: symmetric, narrow range
 * [−(2^(b−1)−1), 2^(b−1)−1], scale = max|W| / qmax per output channel; biases stay float.
 */
async function mlpByHand(x: Float32Array, batch: number, weightBits: number | null): Promise<Float64Array> {
  const model = await readOnnxModelFile(MLP);
  const init = model.graph.initializers;
  let act = Float64Array.from(x);
  let width = x.length / batch;
  for (const node of model.graph.nodes) {
    if (node.opType === 'Flatten') continue;
    if (node.opType === 'Relu') {
      act = act.map((v) => Math.max(0, v));
      continue;
    }
    expect(node.opType, `the MLP holds only Flatten, Gemm and Relu; found ${node.opType}`).toBe('Gemm');
    const attr = (k: string, d: number) => {
      const a = node.attributes.get(k);
      return a && (a.type === 'int' || a.type === 'float') ? a.value : d;
    };
    expect([attr('transA', 0), attr('transB', 0), attr('alpha', 1), attr('beta', 1)], `${node.name}: a plain x·Wᵀ + b Gemm`).toEqual([0, 1, 1, 1]);
    const w = init.get(node.inputs[1])!;
    const bias = init.get(node.inputs[2])!.data as Float32Array;
    const [outC, inC] = w.dims;
    expect(inC).toBe(width);
    const wd = Float64Array.from(w.data as Float32Array);
    if (weightBits !== null) {
      const qmax = 2 ** (weightBits - 1) - 1;
      for (let o = 0; o < outC; o++) {
        let absMax = 0;
        for (let i = 0; i < inC; i++) absMax = Math.max(absMax, Math.abs(wd[o * inC + i]));
        const s = absMax / qmax;
        if (s === 0) continue;
        for (let i = 0; i < inC; i++) wd[o * inC + i] = Math.min(qmax, Math.max(-qmax, roundHalfEven(wd[o * inC + i] / s))) * s;
      }
    }
    const next = new Float64Array(batch * outC);
    for (let n = 0; n < batch; n++) {
      for (let o = 0; o < outC; o++) {
        let acc = bias[o];
        for (let i = 0; i < inC; i++) acc += act[n * inC + i] * wd[o * inC + i];
        next[n * outC + o] = acc;
      }
    }
    act = next;
    width = outC;
  }
  return act;
}

// ---- helpers for CLI results -------------------------------------------------------------------

function expectExit(r: CliResult, code: number): void {
  expect(r.code, describeRun(r)).toBe(code);
}

/** `--json` contract: the whole of stdout is one JSON document. */
function parseJsonStdout(r: CliResult): any {
  expectExit(r, 0);
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    throw new Error(`stdout is not exactly one JSON document (${(e as Error).message}):\n${describeRun(r)}`);
  }
}

/** Runtime failures and usage errors: nothing on stdout, one `edgefront:` message on stderr. */
function expectFailure(r: CliResult, code: 1 | 2, ...mentions: (string | RegExp)[]): void {
  expectExit(r, code);
  expect(r.stdout, describeRun(r)).toBe('');
  expect(r.stderr).toMatch(/^edgefront/);
  expect(r.stderr, 'an internal error is a bug, not a user-facing failure').not.toMatch(/internal error/i);
  for (const m of mentions) {
    if (typeof m === 'string') expect(r.stderr).toContain(m);
    else expect(r.stderr).toMatch(m);
  }
}

// ---- scratch files -----------------------------------------------------------------------------

let scratch: string;
/** Four test images as float32 [4,1,28,28], written as NPY for `run`. */
let inputNpy: string;
let fourImages: Float32Array;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'edgefront-cli-test-'));
  fourImages = readIdxImages(TEST_IMAGES, 4);
  inputNpy = join(scratch, 'four-images.npy');
  await writeFile(inputNpy, encodeNpy(float32Tensor(fourImages, [4, 1, 28, 28])));
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

// ---- info --------------------------------------------------------------------------------------

describe('edgefront info', () => {
  it('prints the layer table of fmnist-lenet5 with hand-computed parameters and MACs', async () => {
    const r = await runCli(['info', LENET]);
    expectExit(r, 0);
    // conv1: 6 filters of 1×5×5 + 6 biases; 6·28·28 outputs × 25 MACs each.
    expect(r.stdout).toMatch(/\/conv1\/Conv\s+Conv\s+\[1, 6, 28, 28\]\s+156\s+117600/);
    expect(r.stdout).toContain('total: 61706 parameters, 416520 MACs');
  });

  it('--json prints one JSON document whose layers match hand-computed values', async () => {
    const r = await runCli(['info', LENET, '--json']);
    const info = parseJsonStdout(r);
    expect(r.stderr).toBe('');
    const layer = (name: string) => {
      const l = info.layers.find((x: { name: string }) => x.name === name);
      expect(l, `layer ${name} in ${info.layers.map((x: { name: string }) => x.name).join(', ')}`).toBeDefined();
      return l;
    };
    // conv1: 6·1·5·5 + 6 = 156 params; 6·28·28 outputs · 1·5·5 = 117600 MACs.
    expect(layer('/conv1/Conv')).toMatchObject({ op: 'Conv', params: 156, macs: 117600, outputShapes: [[1, 6, 28, 28]] });
    // conv2: 16·6·5·5 + 16 = 2416; 16·10·10 outputs · 6·5·5 = 240000.
    expect(layer('/conv2/Conv')).toMatchObject({ op: 'Conv', params: 2416, macs: 240000, outputShapes: [[1, 16, 10, 10]] });
    // fc1: 400·120 + 120 = 48120; 400·120 = 48000. fc3: 84·10 + 10 = 850; 840.
    expect(layer('/fc1/Gemm')).toMatchObject({ op: 'Gemm', params: 48120, macs: 48000, outputShapes: [[1, 120]] });
    expect(layer('/fc3/Gemm')).toMatchObject({ op: 'Gemm', params: 850, macs: 840, outputShapes: [[1, 10]] });
    expect(layer('/pool/MaxPool')).toMatchObject({ params: 0, macs: 0 });
    expect(info.totalParams).toBe(156 + 2416 + 48120 + (120 * 84 + 84) + 850);
    expect(info.totalMacs).toBe(117600 + 240000 + 48000 + 10080 + 840);
    expect(info.inputs).toEqual([expect.objectContaining({ name: 'input', dtype: 'float32' })]);
    expect(info.inputs[0].dims.slice(1)).toEqual([1, 28, 28]);
  });
});

// ---- eval --------------------------------------------------------------------------------------

describe('edgefront eval --json', () => {
  const N = 500;
  let floatResult: any;

  it('float accuracy of the MLP on 500 samples equals onnxruntime-node on the same samples', async () => {
    const r = await runCli(['eval', '--model', MLP, '--data', TEST_IMAGES, '--limit', String(N), '--json', '--workers', '1']);
    floatResult = parseJsonStdout(r);

    const x = readIdxImages(TEST_IMAGES, N);
    const labels = readIdxLabels(TEST_LABELS, N);
    const predicted = argmaxRows(await ortLogits(MLP, x, [N, 1, 28, 28]), 10);
    const correct = predicted.filter((p, i) => p === labels[i]).length;

    expect(floatResult.samples).toBe(N);
    expect(floatResult.correct).toBe(correct);
    expect(floatResult.accuracy).toBe(correct / N);
    expect(floatResult.mode).toBe('float');
  });

  it('has every contract field, with consistent values', () => {
    const res = floatResult;
    expect(res, 'the float eval case ran first').toBeDefined();
    expect(res.accuracy).toBeGreaterThanOrEqual(0);
    expect(res.accuracy).toBeLessThanOrEqual(1);
    const [lo, hi] = res.accuracyCI95;
    expect(res.accuracyCI95).toHaveLength(2);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    expect(lo).toBeLessThan(res.accuracy);
    expect(hi).toBeGreaterThan(res.accuracy);
    // Float weights and biases are stored as float32: 4 bytes for each of info's 109386 parameters
    // (784·128+128 + 128·64+64 + 64·10+10).
    expect(res.memory.weightBytes).toBe(4 * (784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10));
    expect(res.memory.bitsPerParam).toBeCloseTo((8 * res.memory.weightBytes) / res.memory.params, 9);
    expect(Number.isInteger(res.memory.activationPeakBytes) && res.memory.activationPeakBytes > 0).toBe(true);
    // Energy and latency on the default hardware profile, at its nominal voltage: no faults.
    expect(res.hardware.profile).toBe('bit-serial');
    expect(res.hardware.ber).toBe(0);
    expect(res.faults).toBeNull();
    expect(res.energy.perInferenceJoules).toBeGreaterThan(0);
    expect(res.energy.perInferenceJoules).toBeCloseTo(
      res.energy.computeJoules + Object.values(res.energy.memoryJoules as Record<string, number>).reduce((a, b) => a + b, 0) + res.energy.decoderJoules + res.energy.leakageJoules,
      15,
    );
    expect(res.latency.cycles).toBeGreaterThan(0);
    expect(res.layers.map((l: { name: string }) => l.name)).toEqual(['/fc1/Gemm', '/fc2/Gemm', '/fc3/Gemm']);
    for (const l of res.layers) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['name', 'op', 'params', 'bits', 'sparsity', 'codedBytes', 'energyJoules']));
      expect(l).toMatchObject({ op: 'Gemm', bits: null, storageFormat: 'dense', entropyBitsPerParam: null });
      expect(l.energyJoules).toBeGreaterThan(0);
      expect(l.sparsity).toBeGreaterThanOrEqual(0);
      expect(l.sparsity).toBeLessThan(0.01); // a trained, unpruned float layer has (almost) no exact zeros
    }
    expect(res.layers.map((l: { macs: number }) => l.macs)).toEqual([784 * 128, 128 * 64, 64 * 10]);
    expect(res.layers.reduce((a: number, l: { codedBytes: number }) => a + l.codedBytes, 0)).toBe(res.memory.weightBytes);
  });

  it('w8a8 integer mode is within a few points of float; the calibration notice goes to stderr', async () => {
    expect(floatResult, 'the float eval case ran first').toBeDefined();
    const r = await runCli(['eval', '--model', MLP, '--data', TEST_IMAGES, '--limit', String(N), '--wbits', '8', '--abits', '8', '--mode', 'integer', '--json', '--workers', '1']);
    const res = parseJsonStdout(r);
    expect(r.stderr).toMatch(/Notice: .*test data is being used for calibration.*--calib/s);
    expect(res.mode).toBe('integer');
    expect(res.samples).toBe(N);
    expect(Math.abs(res.accuracy - floatResult.accuracy)).toBeLessThanOrEqual(0.03);
    expect(res.layers.map((l: { bits: number }) => l.bits)).toEqual([8, 8, 8]);
    expect(res.calibration).toMatchObject({ samples: N, method: 'minmax' });
    // Dense 8-bit weights + one float32 scale per output channel (symmetric: no zero-points) +
    // int32 bias: Σ outC·inC + 4·outC + 4·outC.
    const expected = [
      [128, 784],
      [64, 128],
      [10, 64],
    ].reduce((a, [o, i]) => a + o * i + 8 * o, 0);
    expect(res.memory.weightBytes).toBe(expected);
    expect(res.floatFallbacks).toEqual([]);
  });

  it('with --calib there is no calibration notice and the calibration set is the one given', async () => {
    const r = await runCli(['eval', '--model', MLP, '--data', TEST_IMAGES, '--limit', '200', '--abits', '8', '--calib', CALIB_IMAGES, '--calib-size', '100', '--json', '--workers', '1']);
    const res = parseJsonStdout(r);
    expect(r.stderr).not.toMatch(/calibration/i);
    expect(res.calibration.source).toContain('calib-images-idx3-ubyte.gz');
    expect(res.calibration.samples).toBe(100);
    // --abits alone quantizes activations only.
    expect(res.layers.map((l: { bits: number | null }) => l.bits)).toEqual([null, null, null]);
  });

  it('--vdd below Vmin injects faults over --seeds draws; --coding reports real coded sizes next to the entropy', async () => {
    const args = ['eval', '--model', LENET, '--data', TEST_IMAGES, '--limit', '200', '--wbits', '4', '--abits', '8', '--calib', CALIB_IMAGES, '--json', '--workers', '1'];
    const nominal = parseJsonStdout(await runCli([...args, '--coding', 'rans']));
    const low = parseJsonStdout(await runCli([...args, '--coding', 'rans', '--vdd', '0.56', '--seeds', '3']));
    expect(nominal.faults).toBeNull();
    expect(low.hardware.ber).toBeGreaterThan(1e-3);
    expect(low.faults).toMatchObject({ seeds: 3, mode: 'flip', protectMsb: 0 });
    expect(low.faults.accuracies).toHaveLength(3);
    expect(low.accuracy).toBeCloseTo(low.faults.mean, 12);
    expect(low.accuracyCI95).toEqual(low.faults.ci95);
    expect(low.faults.meanFaultyBits).toBeGreaterThan(0);
    expect(low.energy.perInferenceJoules).toBeLessThan(nominal.energy.perInferenceJoules);
    for (const l of nominal.layers) {
      expect(l.storageFormat).toBe('rans');
      expect(l.codedBytes).toBe(l.storage.rans);
      // Real coded streams cannot beat the entropy of the codes they store.
      expect(l.codedBitsPerParam.rans).toBeGreaterThanOrEqual(l.entropyBitsPerParam);
    }
  });

  it('activationPeakBytes counts a fused layer\'s input and output as live together', async () => {
    // During fc1 (Gemm+Relu) the 784-value input and the 128-value output are both in memory; no
    // later point needs more. Float: 4·(784+128) bytes; a8: 784+128 bytes.
    const f = parseJsonStdout(await runCli(['eval', '--model', MLP, '--data', TEST_IMAGES, '--limit', '100', '--json', '--workers', '1']));
    expect(f.memory.activationPeakBytes).toBe(4 * (784 + 128));
    const q = parseJsonStdout(await runCli(['eval', '--model', MLP, '--data', TEST_IMAGES, '--limit', '100', '--abits', '8', '--calib', CALIB_IMAGES, '--json', '--workers', '1']));
    expect(q.memory.activationPeakBytes).toBe(784 + 128);
  });

  it('fmnist-lenet5: per-layer rows match `info` (names, MACs, float storage of weights + biases)', async () => {
    const info = parseJsonStdout(await runCli(['info', LENET, '--json']));
    const res = parseJsonStdout(await runCli(['eval', '--model', LENET, '--data', TEST_IMAGES, '--limit', '200', '--json', '--workers', '1']));
    const weighted = info.layers.filter((l: { op: string }) => l.op === 'Conv' || l.op === 'Gemm');
    expect(res.layers.map((l: { name: string }) => l.name)).toEqual(weighted.map((l: { name: string }) => l.name));
    expect(res.layers.map((l: { macs: number }) => l.macs)).toEqual(weighted.map((l: { macs: number }) => l.macs));
    expect(res.layers.map((l: { codedBytes: number }) => l.codedBytes)).toEqual(weighted.map((l: { params: number }) => 4 * l.params));
    expect(res.samples).toBe(200);
    expect(res.accuracy).toBeGreaterThan(0.6); // a trained model, not chance (0.1)
  });
});

// ---- exit codes --------------------------------------------------------------------------------

describe('exit codes', () => {
  const data = ['--data', TEST_IMAGES, '--limit', '200'];

  it('0 for --help', async () => {
    const r = await runCli(['--help']);
    expectExit(r, 0);
    expect(r.stdout).toContain('Usage: edgefront');
  });

  const usage: [string, string[], RegExp][] = [
    ['no command', [], /Usage: edgefront/],
    ['an unknown command', ['frobnicate'], /Unknown command 'frobnicate'/],
    ['an unknown flag', ['eval', '--model', MLP, ...data, '--frobnicate'], /--frobnicate/],
    ['--wbits 99', ['eval', '--model', MLP, ...data, '--wbits', '99'], /--wbits must be an integer from 1 to 16; got '99'/],
    ['--quantizer foo', ['eval', '--model', MLP, ...data, '--quantizer', 'foo'], /--quantizer must be one of .*symmetric.*; got 'foo'/],
    ['--weight-clip 0', ['eval', '--model', MLP, ...data, '--wbits', '8', '--weight-clip', '0'], /--weight-clip must be a number from 0\.000001 to 1; got '0'/],
    ['--weight-rounding up', ['eval', '--model', MLP, ...data, '--wbits', '8', '--weight-rounding', 'up'], /--weight-rounding must be one of nearest, truncate; got 'up'/],
    ['a missing --model', ['eval', ...data], /--model/],
    ['info without a model', ['info'], /MODEL/],
  ];
  for (const [what, args, message] of usage) {
    it(`2 for ${what}`, async () => {
      const r = await runCli(args);
      expectExit(r, 2);
      // Bare `edgefront` prints the help (to stdout) as its usage message; every other case prints
      // one error with a pointer to --help on stderr and nothing on stdout.
      if (args.length === 0) expect(r.stdout).toMatch(message);
      else {
        expectFailure(r, 2, message, '--help');
      }
    });
  }

  it('1 for a corrupt ONNX file, naming it', async () => {
    // Deterministic pseudo-random bytes (an LCG), so the file is the same garbage on every run.
    const bytes = new Uint8Array(4096);
    let s = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
    const file = join(scratch, 'corrupt.onnx');
    await writeFile(file, bytes);
    expectFailure(await runCli(['info', file]), 1, file, /not a valid ONNX model/);
    expectFailure(await runCli(['eval', '--model', file, ...data]), 1, file);
  });

  it('1 for a missing model file, naming it', async () => {
    const file = join(scratch, 'no-such-model.onnx');
    expectFailure(await runCli(['eval', '--model', file, ...data]), 1, file);
    expectFailure(await runCli(['info', file]), 1, file);
  });

  it('1 for a dataset that does not fit the model, naming the file and both shapes', async () => {
    const x = join(scratch, 'cifar-like-x.npy');
    const y = join(scratch, 'cifar-like-y.npy');
    await writeFile(x, encodeNpy(makeTensor('uint8', [4, 3, 32, 32])));
    await writeFile(y, encodeNpy(makeTensor('uint8', [4], Uint8Array.from([0, 1, 2, 3]))));
    const r = await runCli(['eval', '--model', LENET, '--data', x, '--labels', y]);
    expectFailure(r, 1, 'cifar-like-x.npy', /3×32×32|\[3, 32, 32\]/, /1×28×28|\[1, 28, 28\]/);
  });

  it('1 for faults on float weights, 2 for --coding with --storage or bad serve flags', async () => {
    expectFailure(await runCli(['eval', '--model', MLP, ...data, '--vdd', '0.6']), 1, /bit-error rate .* weights stay float32.*--wbits/);
    expectFailure(await runCli(['eval', '--model', MLP, ...data, '--wbits', '8', '--coding', 'rans', '--storage', 'csr']), 2, /exclude each other/);
    expectFailure(await runCli(['eval', '--model', MLP, ...data, '--wbits', '8', '--storage', 'auto', '--vdd', '0.6']), 1, /auto storage .* not modelled.*--storage dense/);
    expectFailure(await runCli(['eval', '--model', MLP, ...data, '--wbits', '8', '--coding', 'huffman', '--protect-msb', '2', '--vdd', '0.6']), 1, /no per-weight words/);
    expectFailure(await runCli(['eval', '--model', MLP, ...data, '--hw', 'no-such-chip']), 1, /no-such-chip/, /cortex-m7/);
    expectFailure(await runCli(['serve', 'project.edgefront']), 2, /serve takes no positional arguments/);
    expectFailure(await runCli(['serve', '--port', '70000']), 2, /--port must be an integer from 0 to 65535; got '70000'/);
    expectFailure(await runCli(['report', 'no-such-project.edgefront']), 1, /no-such-project\.edgefront does not exist/);
    expectFailure(await runCli(['report', 'p.edgefront', '--format', 'docx']), 2, /--format must be one of html, pdf, csv, json; got 'docx'/);
    expectFailure(await runCli(['sweep', 'no-such-project.edgefront']), 1, /no-such-project\.edgefront does not exist/);
    expectFailure(await runCli(['sweep']), 2, /exactly one PROJECT\.edgefront/);
  });
});

// ---- run ---------------------------------------------------------------------------------------

describe('edgefront run', () => {
  it('writes the MLP logits for an NPY input, equal to onnxruntime-node within 1e-4', async () => {
    const dir = join(scratch, 'run-float');
    const r = await runCli(['run', MLP, '--input', `input=${inputNpy}`, '--output-dir', dir]);
    expectExit(r, 0);
    const logits = await readNpy(join(dir, 'logits.npy'));
    expect(logits.dtype).toBe('float32');
    expect(logits.dims).toEqual([4, 10]);
    const ref = await ortLogits(MLP, fourImages, [4, 1, 28, 28]);
    expect(maxAbsDiff(logits.data as Float32Array, ref)).toBeLessThanOrEqual(1e-4);
  });

  it('--json describes the written outputs as one JSON document', async () => {
    const dir = join(scratch, 'run-json');
    const res = parseJsonStdout(await runCli(['run', MLP, '--input', `input=${inputNpy}`, '--output-dir', dir, '--json']));
    expect(res.outputs).toEqual([{ output: 'logits', file: join(dir, 'logits.npy'), dtype: 'float32', dims: [4, 10] }]);
  });

  for (const testCase of ['test_relu', 'test_add']) {
    it(`reads ONNX TensorProto (.pb) inputs: ${testCase} reproduces its output_0.pb`, async () => {
      const caseDir = join(NODE_TESTS, testCase);
      const model = await readOnnxModelFile(join(caseDir, 'model.onnx'));
      const inputs = model.graph.inputs.map((input, k) => `${input.name}=${join(caseDir, 'test_data_set_0', `input_${k}.pb`)}`);
      const dir = join(scratch, `run-${testCase}`);
      const r = await runCli(['run', join(caseDir, 'model.onnx'), ...inputs.flatMap((i) => ['--input', i]), '--output-dir', dir]);
      expectExit(r, 0);
      const expected = (await readTensorProtoFile(join(caseDir, 'test_data_set_0', 'output_0.pb'))).tensor;
      const got = await readNpy(join(dir, `${model.graph.outputs[0].name}.npy`));
      expect(got.dims).toEqual(expected.dims);
      expect(maxAbsDiff(got.data as Float32Array, expected.data as Float32Array)).toBeLessThanOrEqual(1e-6);
    });
  }

  it('--wbits 8 quantizes the weights as DESIGN.md specifies, without calibration', async () => {
    const dir = join(scratch, 'run-w8');
    const r = await runCli(['run', MLP, '--input', `input=${inputNpy}`, '--output-dir', dir, '--wbits', '8']);
    expectExit(r, 0);
    const got = (await readNpy(join(dir, 'logits.npy'))).data as Float32Array;
    const float = await mlpByHand(fourImages, 4, null);
    const quantized = await mlpByHand(fourImages, 4, 8);
    // Matches the hand-quantized network closely, and differs slightly (but measurably) from float.
    expect(maxAbsDiff(got, quantized)).toBeLessThanOrEqual(1e-4);
    const fromFloat = maxAbsDiff(got, float);
    expect(fromFloat).toBeGreaterThan(1e-4);
    expect(fromFloat).toBeLessThan(0.5);
    expect(argmaxRows(got, 10)).toEqual(argmaxRows(float, 10));
  });

  it('refuses quantized activations without --calib (usage error)', async () => {
    const r = await runCli(['run', MLP, '--input', `input=${inputNpy}`, '--output-dir', join(scratch, 'run-a8'), '--abits', '8']);
    expectFailure(r, 2, /--calib/);
  });
});

// ---- per-layer configuration -------------------------------------------------------------------

describe('--layer-config', () => {
  it('applies a per-layer override on top of the global settings', async () => {
    const file = join(scratch, 'fc1-4bit.json');
    await writeFile(file, JSON.stringify({ '/fc1/Gemm': { weightBits: 4 } }));
    const res = parseJsonStdout(await runCli(['eval', '--model', MLP, '--data', TEST_IMAGES, '--limit', '200', '--wbits', '8', '--layer-config', file, '--json', '--workers', '1']));
    expect(res.layers.map((l: { bits: number }) => l.bits)).toEqual([4, 8, 8]);
  });

  it('an unknown layer name fails (exit 1), naming it and listing the valid layer names', async () => {
    const file = join(scratch, 'typo.json');
    await writeFile(file, JSON.stringify({ '/fc9/Gemm': { weightBits: 4 } }));
    const valid = ["'/fc1/Gemm'", "'/fc2/Gemm'", "'/fc3/Gemm'"];
    const viaEval = await runCli(['eval', '--model', MLP, '--data', TEST_IMAGES, '--limit', '200', '--wbits', '8', '--layer-config', file, '--json']);
    expectFailure(viaEval, 1, "'/fc9/Gemm'", ...valid);
    const viaRun = await runCli(['run', MLP, '--input', `input=${inputNpy}`, '--output-dir', join(scratch, 'run-typo'), '--layer-config', file]);
    expectFailure(viaRun, 1, "'/fc9/Gemm'", ...valid);
  });

  it('a layer-config file that is not JSON fails (exit 1), naming the file', async () => {
    const file = join(scratch, 'broken.json');
    await writeFile(file, '{"/fc1/Gemm": {weightBits: 4}');
    expectFailure(await runCli(['eval', '--model', MLP, '--data', TEST_IMAGES, '--limit', '200', '--layer-config', file]), 1, file);
  });
});
