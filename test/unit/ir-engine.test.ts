/**
 * The IR and execution layer on hand-built models: whole-model validation with the real operator
 * table, BatchNormalization folding (folded = unfolded), PyTorch's shape-arithmetic chains folded
 * at plan time, and buffer reuse.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { InferenceSession } from '../../workers/engine/exec/session.js';
import { buildPlan } from '../../workers/engine/exec/plan.js';
import { buildIr } from '../../workers/engine/ir/build-ir.js';
import { foldBatchNorm } from '../../workers/engine/ir/fold-batchnorm.js';
import { foldConstants } from '../../workers/engine/ir/fold-constants.js';
import { readOnnxModel } from '../../workers/engine/onnx/read-model.js';
import { planFusion } from '../../workers/engine/quant/fusion.js';
import { float32Tensor } from '../../workers/engine/tensor.js';
import { loadDemoModel } from '../helpers/demo-assets.js';
import { TensorDataType, attr, encodeModel, floatTensor, model, node, valueInfo } from '../helpers/onnx-writer.js';

const FLOAT = TensorDataType.FLOAT;

function seeded(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  });
}

function int64Tensor(name: string, values: number[]) {
  return { name, data_type: TensorDataType.INT64, dims: [values.length], int64_data: values };
}

describe('whole-model validation with the real operator table', () => {
  it('lists every unsupported operator with its nodes in one error', () => {
    const bytes = encodeModel(
      model({
        node: [node('Relu', ['x'], ['a'], 'r'), node('LSTM', ['a'], ['b'], 'lstm_1'), node('LSTM', ['b'], ['c'], 'lstm_2'), node('Resize', ['c'], ['y'], 'up')],
        input: [valueInfo('x', FLOAT, [1, 4])],
        output: [valueInfo('y', FLOAT)],
      }),
    );
    const m = readOnnxModel(bytes, 'hostile.onnx');
    let error: unknown;
    try {
      buildIr(m);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect((error as UserError).code).toBe('onnx-invalid');
    expect(message).toContain('hostile.onnx');
    expect(message).toMatch(/LSTM.*lstm_1.*lstm_2/s);
    expect(message).toMatch(/Resize.*up/s);
  });
});

describe('BatchNormalization folding', () => {
  it('folds Conv→BN and computes the same outputs', () => {
    const C = 3;
    const bytes = encodeModel(
      model({
        node: [
          node('Conv', ['x', 'w', 'b'], ['c'], 'conv', [attr.ints('pads', [1, 1, 1, 1])]),
          node('BatchNormalization', ['c', 'g', 'beta', 'mean', 'var'], ['y'], 'bn', [attr.float('epsilon', 1e-3)]),
        ],
        input: [valueInfo('x', FLOAT, ['N', 2, 5, 5])],
        output: [valueInfo('y', FLOAT)],
        initializer: [
          floatTensor('w', [C, 2, 3, 3], seeded(C * 18, 1)),
          floatTensor('b', [C], seeded(C, 2)),
          floatTensor('g', [C], [1.5, 0.5, -2]),
          floatTensor('beta', [C], [0.1, -0.2, 0.3]),
          floatTensor('mean', [C], [0.05, -0.1, 0.2]),
          floatTensor('var', [C], [0.9, 1.7, 0.3]),
        ],
      }),
    );
    const graph = buildIr(readOnnxModel(bytes, 'convbn.onnx'));
    const { graph: folded, report } = foldBatchNorm(foldConstants(graph));
    expect(report.folded).toEqual(['bn → conv']);
    expect(folded.nodes.map((n) => n.opType)).toEqual(['Conv']);
    const x = float32Tensor(seeded(2 * 2 * 25, 3), [2, 2, 5, 5]);
    const a = new InferenceSession(graph).run(new Map([['x', x]])).get('y')!.data as Float32Array;
    const b = new InferenceSession(folded).run(new Map([['x', x]])).get('y')!.data as Float32Array;
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5);
  });

  it('folds Gemm(transB)→BN with a bias and beta', () => {
    const bytes = encodeModel(
      model({
        node: [
          node('Gemm', ['x', 'w', 'c'], ['h'], 'fc', [attr.int('transB', 1), attr.float('beta', 0.5)]),
          node('BatchNormalization', ['h', 'g', 'beta', 'mean', 'var'], ['y'], 'bn'),
        ],
        input: [valueInfo('x', FLOAT, ['N', 4])],
        output: [valueInfo('y', FLOAT)],
        initializer: [
          floatTensor('w', [3, 4], seeded(12, 5)),
          floatTensor('c', [3], [0.3, -0.6, 0.9]),
          floatTensor('g', [3], [1.2, 0.8, -1]),
          floatTensor('beta', [3], [0, 0.5, -0.5]),
          floatTensor('mean', [3], [0.1, 0.2, 0.3]),
          floatTensor('var', [3], [1, 2, 0.5]),
        ],
      }),
    );
    const graph = buildIr(readOnnxModel(bytes, 'gemmbn.onnx'));
    const { graph: folded } = foldBatchNorm(foldConstants(graph));
    expect(folded.nodes.map((n) => n.opType)).toEqual(['Gemm']);
    const x = float32Tensor(seeded(20, 6), [5, 4]);
    const a = new InferenceSession(graph).run(new Map([['x', x]])).get('y')!.data as Float32Array;
    const b = new InferenceSession(folded).run(new Map([['x', x]])).get('y')!.data as Float32Array;
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5);
  });
});

describe('plans', () => {
  it("folds PyTorch's Shape→Gather→Unsqueeze→Concat→Reshape chain once dims are known", () => {
    const bytes = encodeModel(
      model({
        node: [
          node('Shape', ['x'], ['s'], 'shape'),
          node('Gather', ['s', 'zero'], ['n'], 'gather', [attr.int('axis', 0)]),
          node('Unsqueeze', ['n', 'axes'], ['n1'], 'unsq'),
          node('Concat', ['n1', 'minus1'], ['target'], 'concat', [attr.int('axis', 0)]),
          node('Reshape', ['x', 'target'], ['flat'], 'reshape'),
          node('Relu', ['flat'], ['y'], 'relu'),
        ],
        input: [valueInfo('x', FLOAT, ['batch', 2, 3])],
        output: [valueInfo('y', FLOAT)],
        initializer: [
          { name: 'zero', data_type: TensorDataType.INT64, dims: [], int64_data: [0] },
          int64Tensor('axes', [0]),
          int64Tensor('minus1', [-1]),
        ],
      }),
    );
    const graph = buildIr(readOnnxModel(bytes, 'reshape.onnx'));
    const plan = buildPlan(graph, new Map([['x', [4, 2, 3]]]));
    expect(plan.steps.map((s) => s.node.opType)).toEqual(['Reshape', 'Relu']);
    expect(plan.types.get('y')!.dims).toEqual([4, 6]);
    const x = float32Tensor(seeded(24, 9), [4, 2, 3]);
    const y = new InferenceSession(graph).run(new Map([['x', x]])).get('y')!;
    expect(y.dims).toEqual([4, 6]);
    expect(Array.from(y.data as Float32Array)).toEqual(Array.from(x.data as Float32Array, (v) => Math.max(0, v)));
  });

  it('reuses buffers: a chain of 6 Relus needs two buffers plus the input', () => {
    const names = ['x', 'a', 'b', 'c', 'd', 'e', 'y'];
    const bytes = encodeModel(
      model({
        node: names.slice(0, -1).map((n, i) => node('Relu', [n], [names[i + 1]], `r${i}`)),
        input: [valueInfo('x', FLOAT, [1, 1000])],
        output: [valueInfo('y', FLOAT)],
      }),
    );
    const plan = buildPlan(buildIr(readOnnxModel(bytes, 'chain.onnx')), new Map([['x', [1, 1000]]]));
    // Input (kept for the caller) + two ping-pong buffers + the output, which is never reused.
    expect(plan.arenaBytes).toBeLessThanOrEqual(4 * 4000);
    expect(plan.arenaBytes).toBeGreaterThanOrEqual(3 * 4000);
  });
});

describe('fusion plan of the demo models', () => {
  it('puts the MNIST input normalization in one affine group and the residual CNN in conv/add/avgpool groups', async () => {
    for (const [file, kinds] of [
      ['mnist-cnn.onnx', ['affine', 'conv', 'conv', 'gemm', 'gemm']],
      ['fmnist-rescnn.onnx', ['conv', 'conv', 'conv', 'conv', 'conv', 'add', 'conv', 'conv', 'conv', 'conv', 'add', 'avgpool', 'gemm']],
    ] as const) {
      const graph = foldBatchNorm(foldConstants(await loadDemoModel(file))).graph;
      const plan = buildPlan(graph, new Map([[graph.inputs[0].name, [1, 1, 28, 28]]]));
      const fusion = planFusion(graph, plan.types, (v) => graph.constants.has(v) || plan.folded.has(v));
      expect(fusion.groups.map((g) => g.kind), file).toEqual(kinds);
      expect(fusion.inputPoints).toEqual([graph.inputs[0].name]);
    }
  });
});

describe('Conv+ReLU fusion', () => {
  it('fuses a Conv with its only reader Relu and gives bit-identical outputs', async () => {
    const { fuseConvRelu } = await import('../../workers/engine/ir/fuse-conv-relu.js');
    const graph = foldBatchNorm(foldConstants(await loadDemoModel('fmnist-rescnn.onnx'))).graph;
    const fused = fuseConvRelu(graph);
    const count = (g: typeof graph, op: string) => g.nodes.filter((n) => n.opType === op).length;
    expect(count(fused, 'ConvRelu')).toBeGreaterThan(0);
    expect(count(fused, 'Relu')).toBe(count(graph, 'Relu') - count(fused, 'ConvRelu'));
    const x = float32Tensor(seeded(8 * 784, 11).map((v) => v + 0.5), [8, 1, 28, 28]);
    const name = graph.inputs[0].name;
    const a = new InferenceSession(graph).run(new Map([[name, x]])).get(graph.outputs[0].name)!.data as Float32Array;
    const b = new InferenceSession(fused).run(new Map([[name, x]])).get(graph.outputs[0].name)!.data as Float32Array;
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
