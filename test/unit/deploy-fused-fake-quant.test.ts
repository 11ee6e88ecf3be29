/**
 * The fake-quant graphs a deployment runs fuse each Conv (+Relu) and Add (+Relu) with the
 * activation quantizer after it (deploy/fuse-fake-quant.ts). The fused kernels must give the same
 * logits, bit for bit, as the unfused steps: here the same fused graph runs once on the wasm
 * kernels and once on the wasm kernels without their fused fake-quant routines, which makes every
 * fused op take its unfused fallback (the convolution, the ReLU, then the JavaScript quantizer).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../src-shared/deploy-config.js';
import { deployModel } from '../../workers/engine/deploy/deploy-model.js';
import { getKernels, setKernels, type Kernels } from '../../workers/engine/kernels/index.js';
import { float32Tensor } from '../../workers/engine/tensor.js';
import { DEMO_MODELS, loadDemoModel, loadDemoSplit } from '../helpers/demo-assets.js';

const SAMPLES = 300;
const wasm = getKernels();

/** The active kernels minus their fused fake-quant routines. */
function withoutFusedFakeQuant(k: Kernels): Kernels {
  const plain = Object.create(k) as Kernels & Record<string, unknown>;
  for (const name of ['conv2dFakeQuant', 'addFakeQuant', 'fakeQuantUniform']) {
    Object.defineProperty(plain, name, { value: undefined });
  }
  return plain;
}

afterEach(() => setKernels(wasm));

describe('fused activation quantizers', () => {
  it('runs on the wasm kernels', () => {
    expect(wasm.name).toBe('wasm-simd');
    expect(wasm.conv2dFakeQuant).toBeTypeOf('function');
    expect(withoutFusedFakeQuant(wasm).conv2dFakeQuant).toBeUndefined();
  });

  const cases = [
    { wbits: 4, abits: 8, prune: 0.5, act: 'asymmetric' },
    { wbits: 8, abits: 4, prune: 0, act: 'asymmetric' },
    { wbits: 8, abits: 3, prune: 0, act: 'heq' },
  ] as const;
  for (const { file, dataset } of DEMO_MODELS) {
    for (const c of cases) {
      it(`${file} w${c.wbits}a${c.abits} prune ${c.prune} ${c.act}: same logits as the unfused steps`, async () => {
        const graph = await loadDemoModel(file);
        const calib = await loadDemoSplit(dataset, 'calib', 256);
        const test = await loadDemoSplit(dataset, 'test', SAMPLES);
        const config = parseDeployConfig({
          weightBits: c.wbits, activationBits: c.abits, pruneRatio: c.prune, activationQuantizer: c.act, mode: 'fake',
        });
        const model = deployModel(graph, config, { x: calib.x, sampleDims: calib.sampleDims, count: calib.count });
        const types = model.graph.nodes.map((n) => n.opType);
        // Every Conv of these models feeds a quantizer: none is left unfused (the MLP has only Gemms,
        // whose quantizers stay separate FakeQuant nodes).
        expect(types).not.toContain('Conv');
        if (graph.nodes.some((n) => n.opType === 'Conv')) {
          expect(types.filter((t) => t === 'FakeQuant').length).toBeLessThan(model.activations.length);
        }
        if (file === 'fmnist-rescnn.onnx') expect(types).toContain('AddFakeQuant');

        const x = float32Tensor(test.x.subarray(0, SAMPLES * 784), [SAMPLES, ...test.sampleDims]);
        const run = () => {
          const out = model.session.run(new Map([[model.graph.inputs[0].name, x]]));
          return Float32Array.from(out.get(model.graph.outputs[0].name)!.data as Float32Array);
        };
        const fused = run();
        setKernels(withoutFusedFakeQuant(wasm));
        const unfused = run();
        const a = new Uint32Array(fused.buffer);
        const b = new Uint32Array(unfused.buffer);
        expect(a.findIndex((v, i) => v !== b[i])).toBe(-1);
      });
    }
  }
});
