/**
 * `npm run bench:cost`: (1) weight-coder throughput, encode and decode, Huffman and rANS, on a
 * large synthetic tensor and on the demo CNN's real codes; (2) what faults + coding + the cost
 * model add to one design point, as a fraction of that point's inference time (target ≤ 10 %).
 *
 * The design point: fmnist-rescnn, w4a8 integer, rANS-coded weights, bit-serial profile at a
 * voltage with BER ≈ 1e-3 — the expensive path (coded payloads corrupted, then decoded). Its
 * overhead is everything a worker does beyond inference: encoding every layer in every format,
 * injecting one seed's faults and rebuilding the model, and the cost model. Inference time is one
 * pass over the 10,000-image test split, single-threaded, as a worker runs it.
 */
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseDeployConfig } from '../src-shared/deploy-config.js';
import { parseDeployTarget } from '../src-shared/deploy-target.js';
import { loadDataset } from '../workers/data/dataset.js';
import { designPointCost, weightBitErrorRate } from '../workers/cost/design-point-cost.js';
import { loadHardwareProfile } from '../workers/cost/profiles.js';
import { decodeWeights, encodeWeights, type CodingMethod } from '../workers/engine/coding/weight-codec.js';
import { deployModel } from '../workers/engine/deploy/deploy-model.js';
import { faultyDeployment } from '../workers/engine/deploy/fault-variant.js';
import { layerStorage } from '../workers/engine/deploy/layer-storage.js';
import { buildIr } from '../workers/engine/ir/build-ir.js';
import { initKernels } from '../workers/engine/kernels/init.js';
import { readOnnxModelFile } from '../workers/engine/onnx/read-model.js';
import { float32Tensor } from '../workers/engine/tensor.js';

// Bundled to dist/bench/cost.js: the repository is two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const BATCH = 100;

function bestSeconds(run: () => void, repeats = 5): number {
  run();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    run();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

/** 4-bit codes from a rounded Gaussian (σ = 2 levels around code 7), like trained weights. */
function gaussianCodes(n: number): Int32Array {
  let s = 12345;
  const uniform = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) + 0.5) / 2 ** 32;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    out[i] = Math.max(0, Math.min(14, Math.round(7 + 2 * g)));
  }
  return out;
}

function coderRows(name: string, symbols: Int32Array): string[] {
  const rows: string[] = [];
  for (const method of ['huffman', 'rans'] as CodingMethod[]) {
    let encoded = encodeWeights(symbols, method);
    const enc = bestSeconds(() => {
      encoded = encodeWeights(symbols, method);
    });
    const dec = bestSeconds(() => {
      decodeWeights(encoded.bytes);
    });
    const m = symbols.length / 1e6;
    rows.push(
      `| ${name.padEnd(30)} | ${method.padEnd(7)} | ${String(symbols.length).padStart(9)} | ${((8 * encoded.bytes.length) / symbols.length).toFixed(3).padStart(9)} | ${(m / enc).toFixed(1).padStart(10)} | ${(m / dec).toFixed(1).padStart(10)} |`,
    );
  }
  return rows;
}

async function main(): Promise<void> {
  await initKernels();
  console.log(`EdgeFront cost/coding/fault benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}\n`);

  const graph = buildIr(await readOnnxModelFile(`${root}assets/models/fmnist-rescnn.onnx`));
  const split = (name: string) => `${root}assets/datasets/fashion-mnist/${name}-images-idx3-ubyte.gz`;
  const test = await loadDataset({ path: split('test') }, { dims: [1, 28, 28] });
  const calib = await loadDataset({ path: split('calib'), limit: 512 }, { dims: [1, 28, 28] });
  const model = deployModel(graph, parseDeployConfig({ weightBits: 4, activationBits: 8, mode: 'integer' }), {
    x: calib.x,
    sampleDims: calib.sampleDims,
    count: calib.count,
  });

  console.log('Coder throughput (M symbols/s; a symbol is one weight code, so M symbols/s = MB/s of 8-bit codes), best of 5:\n');
  console.log('| tensor                         | coder   |   symbols | bits/code | encode M/s | decode M/s |');
  console.log('|--------------------------------|---------|-----------|-----------|------------|------------|');
  for (const row of coderRows('synthetic 4-bit Gaussian', gaussianCodes(4_000_000))) console.log(row);
  const allCodes = Int32Array.from(model.layers.flatMap((l) => Array.from(l.quant!.codes)));
  for (const row of coderRows('fmnist-rescnn w4 codes (all)', allCodes)) console.log(row);

  const target = parseDeployTarget({ hardware: 'bit-serial', coding: 'rans' });
  const profile = loadHardwareProfile(target.hardware);
  const sv = profile.sramVoltage!;
  // V/Vmin = 0.875: BER ≈ 1.3e-3 on the 14 nm curve.
  const vdd = 0.875 * sv.vmin.value;
  const faultyTarget = { ...target, vdd };
  const ber = weightBitErrorRate(profile, vdd);

  const inference = bestSeconds(() => {
    const input = model.graph.inputs[0].name;
    for (let s = 0; s < test.count; s += BATCH) {
      const n = Math.min(BATCH, test.count - s);
      model.session.run(new Map([[input, float32Tensor(test.x.subarray(s * 784, (s + n) * 784), [n, 1, 28, 28])]]));
    }
  }, 2);
  let storage = new Map(model.layers.map((l) => [l.name, layerStorage(l)]));
  const coding = bestSeconds(() => {
    storage = new Map(model.layers.map((l) => [l.name, layerStorage(l)]));
  });
  const encoded = new Map([...storage].map(([name, s]) => [name, s.rans!.encoded]));
  let seed = 1;
  const faults = bestSeconds(() => {
    faultyDeployment(model, { ber, seed: seed++, mode: 'flip', protectMsb: 0 }, encoded);
  });
  const cost = bestSeconds(() => {
    designPointCost(model, storage, faultyTarget, profile);
  });
  const overhead = coding + faults + cost;
  const pct = (x: number) => `${((100 * x) / inference).toFixed(2)} %`;
  console.log(`\nOverhead on one design point (fmnist-rescnn w4a8 integer, rANS, ${profile.id} at V/Vmin 0.875, BER ${ber.toExponential(2)}):\n`);
  console.log('| step                                                  | seconds  | of inference |');
  console.log('|-------------------------------------------------------|----------|--------------|');
  console.log(`| inference, ${test.count} test images, one thread            | ${inference.toFixed(4)} | 100 %        |`);
  console.log(`| encode every layer (Huffman + rANS, ± zero-run)       | ${coding.toFixed(4)} | ${pct(coding).padEnd(12)} |`);
  console.log(`| faults: corrupt coded payloads, decode, rebuild model | ${faults.toFixed(4)} | ${pct(faults).padEnd(12)} |`);
  console.log(`| cost model                                            | ${cost.toFixed(4)} | ${pct(cost).padEnd(12)} |`);
  console.log(`| total overhead                                        | ${overhead.toFixed(4)} | ${pct(overhead).padEnd(12)} |`);
}

await main();
