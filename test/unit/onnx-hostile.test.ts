import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import { readOnnxModel } from '../../workers/engine/onnx/read-model.js';
import { readTensorProto } from '../../workers/engine/onnx/read-tensor-proto.js';
import { topologicalOrder, validateModel } from '../../workers/engine/onnx/validate.js';
import { TensorDataType, attr, encodeModel, floatTensor, model, node, valueInfo } from '../helpers/onnx-writer.js';

const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'hostile-onnx');

interface CorpusEntry {
  file: string;
  description: string;
  error?: { code: string; message: string };
  result?: { nodes: number; order: number[] };
}

const corpus = JSON.parse(readFileSync(join(CORPUS_DIR, 'corpus.json'), 'utf8')) as {
  supportedOps: string[];
  files: CorpusEntry[];
};
const supported = new Set(corpus.supportedOps);
const isSupported = (domain: string, opType: string): boolean => domain === '' && supported.has(opType);

/** What EdgeFront does with a model file: read it, then validate it. */
function load(bytes: Uint8Array, source: string, supports = isSupported): ReturnType<typeof readOnnxModel> {
  const m = readOnnxModel(bytes, source);
  validateModel(m, supports);
  return m;
}

describe('hostile ONNX corpus (test/fixtures/hostile-onnx/corpus.json)', () => {
  test('corpus.json lists every file in the folder', () => {
    const files = readdirSync(CORPUS_DIR).filter((f) => f !== 'corpus.json').sort();
    expect(corpus.files.map((e) => e.file).sort()).toEqual(files);
  });

  for (const entry of corpus.files) {
    test(`${entry.file}: ${entry.description}`, () => {
      const bytes = new Uint8Array(readFileSync(join(CORPUS_DIR, entry.file)));
      if (entry.result) {
        const m = load(bytes, entry.file);
        expect(m.graph.nodes).toHaveLength(entry.result.nodes);
        expect(topologicalOrder(m)).toEqual(entry.result.order);
        return;
      }
      let thrown: unknown;
      try {
        load(bytes, entry.file);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, 'must throw').toBeInstanceOf(UserError);
      const e = thrown as UserError;
      expect(e.code).toBe(entry.error?.code);
      expect(e.message).toContain(entry.error?.message);
      // Messages name the file (or, for validation problems, the model), Netron style.
      expect(e.message).toContain(`'${entry.file}'`);
    });
  }
});

describe('random damage never crashes the reader', () => {
  const real = encodeModel(
    model({
      name: 'net',
      node: [
        node('Conv', ['x', 'w', 'b'], ['h'], 'conv', [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1]), attr.string('auto_pad', 'NOTSET')]),
        node('Relu', ['h'], ['r'], 'relu'),
        node('Constant', [], ['k'], 'const', [attr.tensor('value', { name: 'k', data_type: TensorDataType.INT64, dims: [2], int64_data: [1, -1] })]),
        node('Reshape', ['r', 'k'], ['f'], 'flatten'),
        node('Gemm', ['f', 'fc_w'], ['y'], 'fc', [attr.float('alpha', 1), attr.int('transB', 1)]),
      ],
      input: [valueInfo('x', TensorDataType.FLOAT, ['batch', 1, 4, 4])],
      output: [valueInfo('y', TensorDataType.FLOAT, ['batch', 3])],
      initializer: [
        floatTensor('w', [2, 1, 3, 3], Array.from({ length: 18 }, (_, i) => i - 9)),
        { name: 'b', data_type: TensorDataType.FLOAT16, dims: [2], int32_data: [0x3c00, 0x4000] },
        floatTensor('fc_w', [3, 32], Array.from({ length: 96 }, (_, i) => i / 96)),
      ],
    }),
  );

  const netOps = new Set(['Conv', 'Relu', 'Constant', 'Reshape', 'Gemm']);
  const supportsNet = (domain: string, opType: string): boolean => domain === '' && netOps.has(opType);
  const outcomes = new Set<string>();

  test('the undamaged model loads', () => {
    expect(load(real, 'net.onnx', supportsNet).graph.nodes).toHaveLength(5);
  });

  /** Loads damaged bytes; returns 'ok' or the UserError code, and fails on anything else. */
  function outcome(bytes: Uint8Array): string {
    const start = performance.now();
    let result = 'ok';
    try {
      const m = load(bytes, 'damaged.onnx', supportsNet);
      topologicalOrder(m);
    } catch (err) {
      if (!(err instanceof UserError)) throw new Error(`not a UserError: ${String(err)}`, { cause: err });
      result = err.code;
    }
    expect(performance.now() - start).toBeLessThan(1000);
    outcomes.add(result);
    return result;
  }

  // noBias: fast-check otherwise favours small offsets, i.e. the file header.
  test('100 truncations', () => {
    fc.assert(
      fc.property(fc.noBias(fc.integer({ min: 0, max: real.length - 1 })), (cut) => {
        outcome(real.slice(0, cut));
      }),
      { numRuns: 100, seed: 20240601 },
    );
  });

  test('100 sets of bit flips', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.noBias(fc.nat(real.length - 1)), fc.nat(7)), { minLength: 1, maxLength: 4 }), (flips) => {
        const bytes = real.slice();
        for (const [at, bit] of flips) bytes[at] ^= 1 << bit;
        outcome(bytes);
      }),
      { numRuns: 100, seed: 20240602 },
    );
  });

  test('the damage reached both the decoder and the later checks', () => {
    // Guards against a generator that only ever produces one kind of failure.
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('onnx-malformed');
    expect(outcomes.size).toBeGreaterThanOrEqual(3);
  });

  test('damaged .pb tensors throw only UserErrors', () => {
    const pb = readFileSync('/work/shared/onnx-node-tests/test_conv_with_strides_padding/test_data_set_0/input_0.pb');
    fc.assert(
      fc.property(fc.nat(pb.length - 1), fc.nat(7), fc.boolean(), (at, bit, truncate) => {
        const bytes = new Uint8Array(truncate ? pb.subarray(0, at) : pb);
        if (!truncate) bytes[at] ^= 1 << bit;
        try {
          readTensorProto(bytes, 'damaged.pb');
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
        }
      }),
      { numRuns: 100, seed: 20240603 },
    );
  });
});
