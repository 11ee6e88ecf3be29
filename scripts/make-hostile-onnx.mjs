// Generates test/fixtures/hostile-onnx/: small broken or tricky ONNX files and corpus.json, which
// lists for each file its exact expected error code and a substring of the message (or, for files
// that must load, what they contain) — in the style of Netron's test/models.json.
// Deterministic: running it again reproduces the same bytes. Run: node scripts/make-hostile-onnx.mjs
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test', 'fixtures', 'hostile-onnx');

// The encoder is TypeScript (test/helpers/onnx-writer.ts, sharing the reader's schema): bundle it.
const tmp = mkdtempSync(join(tmpdir(), 'edgefront-hostile-'));
const bundle = join(tmp, 'onnx-writer.mjs');
await build({
  entryPoints: [join(root, 'test', 'helpers', 'onnx-writer.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
  // protobufjs loads its optional 'long' dependency with require(); resolve it from the project.
  banner: {
    js: `import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(${JSON.stringify(join(root, 'package.json'))});`,
  },
});
const w = await import(pathToFileURL(bundle).href);
rmSync(tmp, { recursive: true, force: true });
const { TensorDataType: T, encodeModel, floatTensor, model, node, valueInfo } = w;

const FLOAT = T.FLOAT;
const io = (inputs, outputs) => ({
  input: inputs.map((n) => valueInfo(n, FLOAT, [1, 4])),
  output: outputs.map((n) => valueInfo(n, FLOAT, [1, 4])),
});
/** x → Relu → y, with extra graph fields merged in. */
const reluModel = (extra = {}, opset = 13) =>
  model({ name: 'g', node: [node('Relu', ['x'], ['y'], 'relu')], ...io(['x'], ['y']), ...extra }, opset);
const withInitializer = (tensor) =>
  reluModel({ node: [node('Add', ['x', tensor.name], ['y'], 'add')], initializer: [tensor] });

// A small real model (Conv with an embedded 2×1×3×3 weight, then Relu) for truncation.
const convModel = encodeModel(
  model({
    name: 'conv',
    node: [node('Conv', ['x', 'w'], ['h'], 'conv', [w.attr.ints('kernel_shape', [3, 3])]), node('Relu', ['h'], ['y'], 'relu')],
    input: [valueInfo('x', FLOAT, [1, 1, 5, 5])],
    output: [valueInfo('y', FLOAT, [1, 2, 3, 3])],
    initializer: [floatTensor('w', [2, 1, 3, 3], Array.from({ length: 18 }, (_, i) => i / 10 - 0.9))],
  }),
);

/** Deterministic bytes (mulberry32), so the "random" file is the same on every run. */
function randomBytes(count, seed) {
  const out = new Uint8Array(count);
  let a = seed;
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const text = (s) => new TextEncoder().encode(s);
const error = (code, message) => ({ error: { code, message } });

const cases = [
  ['empty.onnx', 'a 0-byte file', new Uint8Array(0), error('onnx-empty', 'is empty (0 bytes)')],
  ['random-bytes.onnx', '256 pseudo-random bytes', randomBytes(256, 7), error('onnx-malformed', 'is not a valid ONNX model')],
  ['png-header.onnx', 'a PNG signature and IHDR chunk start', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), error('onnx-not-onnx', 'is a PNG image, not an ONNX model')],
  ['model.json.onnx', 'a JSON document', text('{ "irVersion": 8, "graph": {} }\n'), error('onnx-not-onnx', 'is a JSON or text file')],
  ['truncated.onnx', 'a real Conv model cut in half', convModel.slice(0, Math.floor(convModel.length / 2)), error('onnx-malformed', 'may be truncated')],
  ['invalid-wire-type.onnx', 'a field with wire type 7, which protobuf does not define', Uint8Array.from([0x08, 0x08, 0x0f, 0x01]), error('onnx-malformed', 'wire type')],
  ['no-graph.onnx', 'ir_version and opset_import but no graph', encodeModel({ ir_version: 8, opset_import: [{ domain: '', version: 13 }] }), error('onnx-no-graph', 'without a graph')],
  ['no-nodes.onnx', 'a graph with inputs and outputs but no nodes', encodeModel(reluModel({ node: [] })), error('onnx-empty-graph', 'has no nodes')],
  ['no-outputs.onnx', 'a graph without outputs', encodeModel(reluModel({ output: [] })), error('onnx-no-outputs', 'declares no outputs')],
  ['dims-exceed-data.onnx', 'initializer with dims [1000, 1000] but 16 bytes of raw_data', encodeModel(withInitializer({ name: 'w', data_type: FLOAT, dims: [1000, 1000], raw_data: new Uint8Array(16) })), error('onnx-bad-tensor', "initializer 'w' (#0) in 'dims-exceed-data.onnx' has 16 bytes of raw_data, but its dims [1000, 1000] of float32 need exactly 4000000")],
  ['negative-dim.onnx', 'initializer with dims [-1, 4]', encodeModel(withInitializer({ name: 'w', data_type: FLOAT, dims: [-1, 4], raw_data: new Uint8Array(16) })), error('onnx-bad-tensor', 'has dimension -1 on axis 0')],
  ['absurd-dims.onnx', 'initializer with dims [1e9, 1e9]', encodeModel(withInitializer({ name: 'w', data_type: FLOAT, dims: [1e9, 1e9], raw_data: new Uint8Array(4) })), error('onnx-bad-tensor', 'has dims [1000000000, 1000000000], more elements than')],
  ['huge-dim.onnx', 'initializer with a dim of 2^62', encodeModel(withInitializer({ name: 'w', data_type: FLOAT, dims: ['4611686018427387904'], raw_data: new Uint8Array(4) })), error('onnx-bad-tensor', 'has dimension 4611686018427387904 on axis 0')],
  ['typed-count-mismatch.onnx', 'float_data with 5 values for dims [2, 3]', encodeModel(withInitializer({ name: 'w', data_type: FLOAT, dims: [2, 3], float_data: [1, 2, 3, 4, 5] })), error('onnx-bad-tensor', 'has 5 values in float_data, but its dims [2, 3] need 6')],
  ['no-tensor-data.onnx', 'initializer with dims [4] and no data at all', encodeModel(withInitializer({ name: 'w', data_type: FLOAT, dims: [4] })), error('onnx-bad-tensor', 'stores no data for the 4 elements')],
  ['string-tensor.onnx', 'a STRING initializer', encodeModel(withInitializer({ name: 'w', data_type: T.STRING, dims: [1], string_data: [text('hi')] })), error('onnx-unsupported-dtype', 'has element type STRING')],
  ['external-data.onnx', 'initializer whose data lives in weights.bin', encodeModel(withInitializer({ name: 'w', data_type: FLOAT, dims: [4], data_location: 1, external_data: [{ key: 'location', value: 'weights.bin' }, { key: 'offset', value: '0' }] })), error('onnx-external-data', "keeps its data in an external file ('weights.bin')")],
  ['sequence-input.onnx', 'a graph input of sequence type', encodeModel(reluModel({ input: [{ name: 'x', type: { sequence_type: new Uint8Array(0) } }] })), error('onnx-unsupported-type', "graph input 'x' of 'sequence-input.onnx' is a sequence value")],
  ['duplicate-initializer.onnx', 'two initializers named w', encodeModel(reluModel({ node: [node('Add', ['x', 'w'], ['y'], 'add')], initializer: [floatTensor('w', [4], [1, 2, 3, 4]), floatTensor('w', [4], [1, 2, 3, 4])] })), error('onnx-bad-initializer', "two initializers named 'w'")],
  ['cycle.onnx', 'a → b → a', encodeModel(reluModel({ node: [node('Add', ['x', 'b_out'], ['a_out'], 'a'), node('Relu', ['a_out'], ['b_out'], 'b'), node('Relu', ['b_out'], ['y'], 'c')] })), error('onnx-invalid', "cycle through nodes 'a' → 'b' → 'a'")],
  ['undefined-input.onnx', 'a node reading a value nothing produces', encodeModel(reluModel({ node: [node('Add', ['x', 'ghost'], ['y'], 'add')] })), error('onnx-invalid', "node 'add' (Add) reads 'ghost', which no node, graph input or initializer produces")],
  ['unsupported-ops.onnx', 'two LSTM nodes and a Resize node', encodeModel(reluModel({ node: [node('LSTM', ['x'], ['a'], 'lstm_1'), node('LSTM', ['a'], ['b'], 'lstm_2'), node('Resize', ['b'], ['y'], 'up')] })), error('onnx-invalid', "unsupported operators: LSTM (nodes 'lstm_1', 'lstm_2'), Resize (node 'up')")],
  ['custom-domain.onnx', 'a com.microsoft operator', encodeModel(reluModel({ node: [node('FusedConv', ['x'], ['y'], 'fc', [], 'com.microsoft')] })), error('onnx-invalid', "custom domain 'com.microsoft': FusedConv (node 'fc')")],
  ['duplicate-producer.onnx', 'two nodes producing y', encodeModel(reluModel({ node: [node('Relu', ['x'], ['y'], 'r1'), node('Relu', ['x'], ['y'], 'r2')] })), error('onnx-invalid', "value 'y' has 2 producers (node 'r1' (Relu), node 'r2' (Relu))")],
  ['output-not-produced.onnx', 'graph output z that no node produces', encodeModel(reluModel({ output: [valueInfo('y', FLOAT, [1, 4]), valueInfo('z', FLOAT, [1, 4])] })), error('onnx-invalid', "graph output 'z' is not produced")],
  ['opset-6.onnx', 'default-domain opset 6', encodeModel(reluModel({}, 6)), error('onnx-invalid', 'ai.onnx opset 6, older than opset 7')],
  ['unsorted.onnx', 'nodes stored out of topological order (valid)', encodeModel(reluModel({ node: [node('Relu', ['h'], ['y'], 'second'), node('Relu', ['x'], ['h'], 'first')] })), { result: { nodes: 2, order: [1, 0] } }],
  ['opset-25.onnx', 'a newer opset than EdgeFront knows (valid)', encodeModel(reluModel({}, 25)), { result: { nodes: 1, order: [0] } }],
];

mkdirSync(outDir, { recursive: true });
const corpus = [];
for (const [file, description, bytes, expected] of cases) {
  writeFileSync(join(outDir, file), bytes);
  corpus.push({ file, description, ...expected });
}
writeFileSync(
  join(outDir, 'corpus.json'),
  JSON.stringify(
    {
      description:
        'Broken and tricky ONNX files with the exact error each must raise (code + message substring), or the ' +
        'result for files that must load. Generated by scripts/make-hostile-onnx.mjs; validated with the operator ' +
        'set listed in "supportedOps".',
      supportedOps: ['Add', 'Conv', 'Relu'],
      files: corpus,
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${corpus.length} files to ${outDir}`);
