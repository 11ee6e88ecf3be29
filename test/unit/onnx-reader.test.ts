import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, test } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { float16BitsToNumber } from '../../workers/engine/onnx/half-float.js';
import type { OnnxAttributeValue, OnnxModel } from '../../workers/engine/onnx/model.js';
import { readOnnxModel, readOnnxModelFile } from '../../workers/engine/onnx/read-model.js';
import { readTensorProto, readTensorProtoFile } from '../../workers/engine/onnx/read-tensor-proto.js';
import { topologicalOrder, validateModel } from '../../workers/engine/onnx/validate.js';
import type { Tensor } from '../../workers/engine/tensor.js';
import {
  TensorDataType,
  attr,
  encodeModel,
  encodeTensor,
  floatTensor,
  model,
  node,
  rawBytes,
  valueInfo,
} from '../helpers/onnx-writer.js';

const NODE_TESTS = '/work/shared/onnx-node-tests';

function attribute(m: OnnxModel, name: string, nodeIndex = 0): OnnxAttributeValue | undefined {
  return m.graph.nodes[nodeIndex].attributes.get(name);
}

async function dataSet(caseName: string, prefix: 'input' | 'output'): Promise<{ name: string; tensor: Tensor }[]> {
  const dir = join(NODE_TESTS, caseName, 'test_data_set_0');
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}_`))
    .sort((a, b) => Number(a.slice(prefix.length + 1, -3)) - Number(b.slice(prefix.length + 1, -3)));
  return Promise.all(files.map((f) => readTensorProtoFile(join(dir, f))));
}

function expectClose(actual: ArrayLike<number | bigint>, expected: ArrayLike<number | bigint>, float: boolean): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!float) {
      expect(a, `element ${i}`).toBe(e);
      continue;
    }
    // ONNX backend runner tolerance: |a - e| <= atol + rtol * |e| with rtol 1e-3, atol 1e-7.
    expect(Math.abs(Number(a) - Number(e)), `element ${i}`).toBeLessThanOrEqual(1e-7 + 1e-3 * Math.abs(Number(e)));
  }
}

describe('ONNX backend node tests, against onnxruntime', () => {
  // Each case: our decoded .pb inputs are fed to onnxruntime, and its outputs must match our
  // decoded expected .pb outputs in dtype, dims and values; the graph inputs we report must be
  // the ones onnxruntime asks for.
  const cases = [
    'test_conv_with_strides_padding',
    'test_gemm_all_attributes',
    'test_constant',
    'test_reshape_negative_dim',
    'test_reshape_zero_and_negative_dim',
    'test_gather_0',
    'test_add_uint64',
    'test_add_int8',
    'test_add_int16',
    'test_sub_uint16',
    'test_mul_uint32',
    'test_maxpool_2d_uint8',
    'test_clip_default_int8_min',
    'test_batchnorm_example',
  ];
  for (const caseName of cases) {
    test(caseName, async () => {
      const path = join(NODE_TESTS, caseName, 'model.onnx');
      const m = await readOnnxModelFile(path);
      const inputs = await dataSet(caseName, 'input');
      const expected = await dataSet(caseName, 'output');
      const session = await ort.InferenceSession.create(path);
      expect(m.graph.inputs.map((i) => i.name)).toEqual(session.inputNames);
      expect(m.graph.outputs.map((o) => o.name)).toEqual(session.outputNames);
      expect(inputs.map((i) => i.name)).toEqual(session.inputNames);

      const feeds: Record<string, ort.Tensor> = {};
      inputs.forEach(({ name, tensor }, k) => {
        expect(tensor.dtype).toBe(m.graph.inputs[k].dtype);
        feeds[name] = new ort.Tensor(tensor.dtype, tensor.data, [...tensor.dims]);
      });
      const results = await session.run(feeds);
      for (const { name, tensor } of expected) {
        const actual = results[name];
        expect(actual.type).toBe(tensor.dtype);
        expect([...actual.dims]).toEqual(tensor.dims);
        expectClose(actual.data as ArrayLike<number | bigint>, tensor.data, tensor.dtype.startsWith('float'));
      }
    });
  }
});

describe('attributes of the node tests', () => {
  test('ints (Conv)', async () => {
    const m = await readOnnxModelFile(join(NODE_TESTS, 'test_conv_with_strides_padding/model.onnx'));
    expect(m.graph.nodes[0].opType).toBe('Conv');
    expect(attribute(m, 'kernel_shape')).toEqual({ type: 'ints', value: [3, 3] });
    expect(attribute(m, 'pads')).toEqual({ type: 'ints', value: [1, 1, 1, 1] });
    expect(attribute(m, 'strides')).toEqual({ type: 'ints', value: [2, 2] });
    expect(m.opsets.get('')).toBe(22);
  });

  test('floats and ints (Gemm)', async () => {
    const m = await readOnnxModelFile(join(NODE_TESTS, 'test_gemm_all_attributes/model.onnx'));
    expect(attribute(m, 'alpha')).toEqual({ type: 'float', value: Math.fround(0.25) });
    expect(attribute(m, 'beta')).toEqual({ type: 'float', value: Math.fround(0.35) });
    expect(attribute(m, 'transA')).toEqual({ type: 'int', value: 1 });
    expect(attribute(m, 'transB')).toEqual({ type: 'int', value: 1 });
  });

  test('string (Conv auto_pad)', async () => {
    const m = await readOnnxModelFile(join(NODE_TESTS, 'test_conv_with_autopad_same/model.onnx'));
    expect(attribute(m, 'auto_pad')).toEqual({ type: 'string', value: 'SAME_LOWER' });
  });

  test('tensor (Constant) equals the expected output', async () => {
    const m = await readOnnxModelFile(join(NODE_TESTS, 'test_constant/model.onnx'));
    const value = attribute(m, 'value');
    const [out] = await dataSet('test_constant', 'output');
    expect(value?.type).toBe('tensor');
    const t = value?.value as Tensor;
    expect(t.dtype).toBe('float32');
    expect(t.dims).toEqual(out.tensor.dims);
    expect([...(t.data as Float32Array)]).toEqual([...(out.tensor.data as Float32Array)]);
    expect(m.graph.inputs).toEqual([]);
  });
});

test('every node-test model and tensor file reads, validates and is already in topological order', async () => {
  const cases = readdirSync(NODE_TESTS).filter((c) => c.startsWith('test_'));
  expect(cases.length).toBeGreaterThan(200);
  for (const c of cases) {
    const m = await readOnnxModelFile(join(NODE_TESTS, c, 'model.onnx'));
    validateModel(m, () => true);
    expect(topologicalOrder(m)).toEqual(m.graph.nodes.map((_, i) => i));
    const dir = join(NODE_TESTS, c, 'test_data_set_0');
    for (const f of readdirSync(dir)) {
      const { name, tensor } = await readTensorProtoFile(join(dir, f));
      expect(name).not.toBe('');
      expect(tensor.data.length).toBe(tensor.dims.reduce((a, b) => a * b, 1));
    }
  }
});

describe('tensors built with the test writer', () => {
  /** A one-node Identity model around one initializer, read back. */
  function readInitializer(init: Parameters<typeof encodeTensor>[0]): Tensor {
    const bytes = encodeModel(
      model({
        node: [node('Identity', [init.name ?? 'w'], ['y'], 'id')],
        initializer: [init],
        output: [valueInfo('y', init.data_type)],
      }),
    );
    return readOnnxModel(bytes, 'writer.onnx').graph.initializers.get(init.name ?? 'w') as Tensor;
  }

  // binary16 patterns and their values (IEEE 754-2008 §3.6): 1, -2, 65504 (max), 2^-14 (min
  // normal), 2^-24 (min subnormal), 0x3555 ≈ 1/3, -0, +inf.
  const halfBits = [0x3c00, 0xc000, 0x7bff, 0x0400, 0x0001, 0x3555, 0x8000, 0x7c00];
  const halfValues = [1, -2, 65504, 2 ** -14, 2 ** -24, 0.333251953125, -0, Infinity];

  test('float16 bit patterns convert exactly (and NaN stays NaN)', () => {
    halfBits.forEach((b, i) => expect(Object.is(float16BitsToNumber(b), halfValues[i])).toBe(true));
    expect(float16BitsToNumber(0x7e00)).toBeNaN();
  });

  test('float16 in raw_data and in int32_data widens to float32', () => {
    const raw = readInitializer({ name: 'w', data_type: TensorDataType.FLOAT16, dims: [2, 4], raw_data: rawBytes(Uint16Array.from(halfBits)) });
    const typed = readInitializer({ name: 'w', data_type: TensorDataType.FLOAT16, dims: [2, 4], int32_data: halfBits });
    for (const t of [raw, typed]) {
      expect(t.dtype).toBe('float32');
      expect(t.dims).toEqual([2, 4]);
      expect([...(t.data as Float32Array)]).toEqual(halfValues);
    }
  });

  test('bfloat16 widens to float32', () => {
    // 0x3f80 = 1.0, 0xc040 = -3.0, 0x3eab ≈ 0.333984375 (upper halves of binary32 patterns).
    const t = readInitializer({ name: 'w', data_type: TensorDataType.BFLOAT16, dims: [3], raw_data: rawBytes(Uint16Array.from([0x3f80, 0xc040, 0x3eab])) });
    expect([...(t.data as Float32Array)]).toEqual([1, -3, 0.333984375]);
  });

  test('typed fields of every integer and float type', () => {
    const f32 = readInitializer({ name: 'w', data_type: TensorDataType.FLOAT, dims: [3], float_data: [1.5, -2, 1e-3] });
    expect(f32.dtype).toBe('float32');
    expect([...(f32.data as Float32Array)]).toEqual([1.5, -2, Math.fround(1e-3)]);

    const f64 = readInitializer({ name: 'w', data_type: TensorDataType.DOUBLE, dims: [2], double_data: [0.1, -1e300] });
    expect(f64.dtype).toBe('float64');
    expect([...(f64.data as Float64Array)]).toEqual([0.1, -1e300]);

    const cases: [number, string, number[], number[]][] = [
      [TensorDataType.INT8, 'int8', [-128, 127, -1], [-128, 127, -1]],
      [TensorDataType.UINT8, 'uint8', [0, 255, 7], [0, 255, 7]],
      [TensorDataType.INT16, 'int16', [-32768, 32767, 3], [-32768, 32767, 3]],
      [TensorDataType.UINT16, 'uint16', [0, 65535, 9], [0, 65535, 9]],
      [TensorDataType.INT32, 'int32', [-2147483648, 2147483647, 0], [-2147483648, 2147483647, 0]],
      [TensorDataType.BOOL, 'bool', [0, 1, 1], [0, 1, 1]],
    ];
    for (const [dataType, dtype, stored, values] of cases) {
      const t = readInitializer({ name: 'w', data_type: dataType, dims: [3], int32_data: stored });
      expect(t.dtype).toBe(dtype);
      expect([...(t.data as Int32Array)]).toEqual(values);
    }

    const i64 = readInitializer({ name: 'w', data_type: TensorDataType.INT64, dims: [3], int64_data: ['9007199254740993', -5, '-9223372036854775808'] });
    expect(i64.dtype).toBe('int64');
    expect([...(i64.data as BigInt64Array)]).toEqual([9007199254740993n, -5n, -9223372036854775808n]);

    const u64 = readInitializer({ name: 'w', data_type: TensorDataType.UINT64, dims: [2], uint64_data: ['18446744073709551615', 3] });
    expect(u64.dtype).toBe('uint64');
    expect([...(u64.data as BigUint64Array)]).toEqual([18446744073709551615n, 3n]);

    const u32 = readInitializer({ name: 'w', data_type: TensorDataType.UINT32, dims: [2], uint64_data: [4294967295, 1] });
    expect(u32.dtype).toBe('uint32');
    expect([...(u32.data as Uint32Array)]).toEqual([4294967295, 1]);
  });

  test('raw_data of every type, at unaligned offsets, little-endian', () => {
    const values = [1, -2, 3];
    const arrays: [number, string, ArrayBufferView][] = [
      [TensorDataType.FLOAT, 'float32', Float32Array.from(values)],
      [TensorDataType.DOUBLE, 'float64', Float64Array.from(values)],
      [TensorDataType.INT16, 'int16', Int16Array.from(values)],
      [TensorDataType.INT32, 'int32', Int32Array.from(values)],
      [TensorDataType.INT64, 'int64', BigInt64Array.from(values, BigInt)],
      [TensorDataType.UINT32, 'uint32', Uint32Array.from([1, 4294967295, 3])],
      [TensorDataType.UINT64, 'uint64', BigUint64Array.from([1n, 2n ** 64n - 1n, 3n])],
    ];
    for (const [dataType, dtype, array] of arrays) {
      // Names of 1, 2 and 3 characters shift raw_data to different offsets within the file.
      for (const name of ['a', 'ab', 'abc']) {
        const t = readInitializer({ name, data_type: dataType, dims: [3], raw_data: rawBytes(array) });
        expect(t.dtype).toBe(dtype);
        expect(Array.from(t.data as ArrayLike<number | bigint>)).toEqual(Array.from(array as unknown as ArrayLike<number | bigint>));
      }
    }
    const bools = readInitializer({ name: 'b', data_type: TensorDataType.BOOL, dims: [3], raw_data: Uint8Array.from([0, 1, 0]) });
    expect([...(bools.data as Uint8Array)]).toEqual([0, 1, 0]);
  });

  test('scalars and empty tensors', () => {
    const scalar = readInitializer(floatTensor('s', [], [7]));
    expect(scalar.dims).toEqual([]);
    expect([...(scalar.data as Float32Array)]).toEqual([7]);
    const empty = readInitializer({ name: 'e', data_type: TensorDataType.FLOAT, dims: [0, 1000000000] });
    expect(empty.dims).toEqual([0, 1000000000]);
    expect(empty.data.length).toBe(0);
  });
});

describe('model structure', () => {
  test('graph inputs that are initializers (opset < 9 style) are not user inputs', () => {
    const bytes = encodeModel(
      model(
        {
          node: [node('Add', ['x', 'b'], ['y'], 'add')],
          input: [valueInfo('x', TensorDataType.FLOAT, ['batch', 3]), valueInfo('b', TensorDataType.FLOAT, [3])],
          initializer: [floatTensor('b', [3], [1, 2, 3])],
          output: [valueInfo('y', TensorDataType.FLOAT, ['batch', 3])],
        },
        8,
        3,
      ),
    );
    const m = readOnnxModel(bytes, 'old.onnx');
    expect(m.graph.inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['batch', 3], onnxElemType: 'FLOAT' }]);
    expect([...m.graph.initializers.keys()]).toEqual(['b']);
    expect(m.irVersion).toBe(3);
    validateModel(m, () => true);
  });

  test('float16 graph inputs are float32 to the engine but keep their ONNX type name', () => {
    const bytes = encodeModel(
      model({
        node: [node('Relu', ['x'], ['y'])],
        input: [valueInfo('x', TensorDataType.FLOAT16, [1, 'n'])],
        output: [valueInfo('y', TensorDataType.FLOAT16)],
      }),
    );
    const m = readOnnxModel(bytes, 'half.onnx');
    expect(m.graph.inputs[0]).toEqual({ name: 'x', dtype: 'float32', dims: [1, 'n'], onnxElemType: 'FLOAT16' });
    expect(m.graph.outputs[0].dims).toBeUndefined();
  });

  test('domain ai.onnx is normalized to the empty string; other attribute types decode', () => {
    const m = readOnnxModel(
      encodeModel({
        ir_version: 8,
        opset_import: [{ domain: 'ai.onnx', version: 17 }, { domain: 'com.example', version: 1 }],
        graph: {
          node: [
            node('Custom', ['x'], ['y'], 'c', [
              attr.floats('fs', [0.5, 2]),
              attr.strings('ss', ['a', 'ü']),
              attr.int('big', '9223372036854775807'),
              { name: 'body', type: 5, g: new Uint8Array([10, 0]) },
            ], 'ai.onnx'),
          ],
          input: [valueInfo('x', TensorDataType.FLOAT)],
          output: [valueInfo('y', TensorDataType.FLOAT)],
        },
      }),
      'domains.onnx',
    );
    expect([...m.opsets]).toEqual([['', 17], ['com.example', 1]]);
    const n = m.graph.nodes[0];
    expect(n.domain).toBe('');
    expect(n.attributes.get('fs')).toEqual({ type: 'floats', value: [0.5, 2] });
    expect(n.attributes.get('ss')).toEqual({ type: 'strings', value: ['a', 'ü'] });
    // INT64_MAX ("until the end" in Slice-like attributes) is rounded to the nearest double.
    expect(n.attributes.get('big')).toEqual({ type: 'int', value: 2 ** 63 });
    expect(n.attributes.get('body')).toEqual({ type: 'graph', value: null });
  });

  test('IR version 1 attributes without a type field are typed by the field that is set', () => {
    const m = readOnnxModel(
      encodeModel(
        model({
          node: [node('LeakyRelu', ['x'], ['y'], 'l', [{ name: 'alpha', type: 0, f: 0.5 }, { name: 'axes', type: 0, ints: [1, 2] }])],
          input: [valueInfo('x', TensorDataType.FLOAT)],
          output: [valueInfo('y', TensorDataType.FLOAT)],
        }),
      ),
      'ir1.onnx',
    );
    expect(attribute(m, 'alpha')).toEqual({ type: 'float', value: 0.5 });
    expect(attribute(m, 'axes')).toEqual({ type: 'ints', value: [1, 2] });
  });

  test('readTensorProto reads the name and a float16 tensor', () => {
    const bytes = encodeTensor({ name: 'input', data_type: TensorDataType.FLOAT16, dims: [2], int32_data: [0x3c00, 0xc000] });
    const { name, tensor } = readTensorProto(bytes, 'input.pb');
    expect(name).toBe('input');
    expect(tensor.dtype).toBe('float32');
    expect([...(tensor.data as Float32Array)]).toEqual([1, -2]);
  });

  test('readTensorProto names the file in its errors', () => {
    expect(() => readTensorProto(new Uint8Array(0), 'x.pb')).toThrow(/'x\.pb' is empty/);
    const bad = encodeTensor({ name: 'w', data_type: TensorDataType.FLOAT, dims: [4], raw_data: new Uint8Array(8) });
    try {
      readTensorProto(bad, 'w.pb');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).code).toBe('onnx-bad-tensor');
      expect((err as UserError).message).toContain("tensor 'w' in 'w.pb' has 8 bytes of raw_data");
    }
  });
});
