import { describe, expect, test } from 'vitest';
import { UserError } from '../../src-shared/errors.js';
import type { OnnxModel, OnnxNode } from '../../workers/engine/onnx/model.js';
import { topologicalOrder, validateModel } from '../../workers/engine/onnx/validate.js';
import { float32Tensor } from '../../workers/engine/tensor.js';

const SUPPORTED = new Set(['Conv', 'Relu', 'Add', 'Gemm', 'Identity']);
const isSupported = (domain: string, opType: string): boolean => domain === '' && SUPPORTED.has(opType);

function n(name: string, opType: string, inputs: string[], outputs: string[], domain = ''): OnnxNode {
  return { name, opType, domain, inputs, outputs, attributes: new Map() };
}

function build(nodes: OnnxNode[], options: { outputs?: string[]; opset?: number; inputs?: string[]; initializers?: string[] } = {}): OnnxModel {
  return {
    irVersion: 8,
    opsets: new Map(options.opset === undefined ? [['', 13]] : [['', options.opset]]),
    producerName: 'test',
    producerVersion: '',
    source: 'm.onnx',
    graph: {
      name: 'g',
      nodes,
      inputs: (options.inputs ?? ['x']).map((name) => ({ name })),
      outputs: (options.outputs ?? ['y']).map((name) => ({ name })),
      initializers: new Map((options.initializers ?? []).map((name) => [name, float32Tensor([1], [1])])),
      valueInfo: [],
    },
  };
}

function problemsOf(model: OnnxModel, supported = isSupported): string[] {
  try {
    validateModel(model, supported);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('onnx-invalid');
    return (err as UserError).details?.problems as string[];
  }
  return [];
}

describe('validateModel', () => {
  test('a valid chain has no problems, with initializers and omitted optional inputs', () => {
    const m = build([n('c', 'Conv', ['x', 'w', ''], ['h']), n('r', 'Relu', ['h'], ['y'])], { initializers: ['w'] });
    expect(problemsOf(m)).toEqual([]);
  });

  test('unsupported operators are grouped by type with their node names', () => {
    const m = build([
      n('lstm_1', 'LSTM', ['x'], ['a']),
      n('up', 'Resize', ['a'], ['b']),
      n('lstm_2', 'LSTM', ['b'], ['c']),
      n('', 'Resize', ['c'], ['y']),
    ]);
    expect(problemsOf(m)).toEqual([
      expect.stringContaining("unsupported operators: LSTM (nodes 'lstm_1', 'lstm_2'), Resize (nodes 'up', #3)"),
    ]);
  });

  test('custom domains are reported separately unless isSupported accepts them', () => {
    const m = build([n('f', 'FusedConv', ['x'], ['y'], 'com.microsoft')]);
    expect(problemsOf(m)).toEqual([expect.stringContaining("custom domain 'com.microsoft': FusedConv (node 'f')")]);
    expect(problemsOf(m, (d, op) => d === 'com.microsoft' && op === 'FusedConv')).toEqual([]);
  });

  test('inputs nothing produces, duplicate producers and unproduced outputs are all named', () => {
    const m = build(
      [n('a', 'Relu', ['ghost'], ['h']), n('b', 'Relu', ['x'], ['h']), n('c', 'Relu', ['h'], ['y'])],
      { outputs: ['y', 'z'] },
    );
    const problems = problemsOf(m);
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.stringContaining("value 'h' has 2 producers (node 'a' (Relu), node 'b' (Relu))"));
    expect(problems).toContainEqual(expect.stringContaining("node 'a' (Relu) reads 'ghost', which no node"));
    expect(problems).toContainEqual(expect.stringContaining("graph output 'z' is not produced"));
  });

  test('a cycle names the nodes on it', () => {
    const m = build([n('a', 'Add', ['x', 'c_out'], ['a_out']), n('b', 'Relu', ['a_out'], ['b_out']), n('c', 'Relu', ['b_out'], ['c_out']), n('d', 'Relu', ['c_out'], ['y'])]);
    const problems = problemsOf(m);
    expect(problems).toEqual([expect.stringContaining("cycle through nodes 'a' → 'b' → 'c' → 'a' (1 more node(s) depend on it)")]);
    expect(() => topologicalOrder(m)).toThrow(/cycle through nodes 'a' → 'b' → 'c' → 'a'/);
  });

  test('a node reading its own output is a cycle', () => {
    expect(problemsOf(build([n('s', 'Add', ['x', 'y'], ['y'])]))).toEqual([expect.stringContaining("'s' → 's'")]);
  });

  test('opsets: too old, missing, and new ones accepted', () => {
    expect(problemsOf(build([n('r', 'Relu', ['x'], ['y'])], { opset: 6 }))).toEqual([
      expect.stringContaining('ai.onnx opset 6, older than opset 7'),
    ]);
    expect(problemsOf(build([n('r', 'Relu', ['x'], ['y'])], { opset: 25 }))).toEqual([]);
    const noOpset = { ...build([n('r', 'Relu', ['x'], ['y'])]), opsets: new Map<string, number>() };
    expect(problemsOf(noOpset)).toEqual([expect.stringContaining('does not declare which ai.onnx opset')]);
  });

  test('all problems come in one error whose message lists them', () => {
    const m = build([n('l', 'LSTM', ['x'], ['h']), n('r', 'Relu', ['missing'], ['y'])], { opset: 5, outputs: ['y', 'q'] });
    try {
      validateModel(m, isSupported);
      expect.unreachable();
    } catch (err) {
      const e = err as UserError;
      expect(e.details?.problems).toHaveLength(4);
      expect(e.message).toMatch(/^EdgeFront cannot run the model 'm\.onnx' \(4 problems\):\n {2}- /);
    }
  });
});

describe('topologicalOrder', () => {
  test('keeps file order for a sorted graph', () => {
    const m = build([n('a', 'Relu', ['x'], ['a']), n('b', 'Relu', ['x'], ['b']), n('c', 'Add', ['a', 'b'], ['y'])]);
    expect(topologicalOrder(m)).toEqual([0, 1, 2]);
  });

  test('sorts an unsorted acyclic graph, preferring file order among ready nodes', () => {
    // File order: y = Add(p, q); q = Relu(p); p = Relu(x); r = Relu(x) (independent).
    const m = build(
      [n('add', 'Add', ['p', 'q'], ['y']), n('q', 'Relu', ['p'], ['q']), n('p', 'Relu', ['x'], ['p']), n('r', 'Relu', ['x'], ['r'])],
      { outputs: ['y', 'r'] },
    );
    expect(problemsOf(m)).toEqual([]);
    expect(topologicalOrder(m)).toEqual([2, 1, 0, 3]);
  });

  test('every node comes after the producers of its inputs (random DAGs)', () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 50; trial++) {
      const count = 2 + Math.floor(random() * 30);
      const nodes: OnnxNode[] = [];
      for (let i = 0; i < count; i++) {
        const inputs = ['x'];
        for (let j = 0; j < i; j++) if (random() < 0.2) inputs.push(`v${j}`);
        nodes.push(n(`n${i}`, 'Add', inputs, [`v${i}`]));
      }
      // Shuffle the file order.
      for (let i = nodes.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
      }
      const m = build(nodes, { outputs: [`v${count - 1}`] });
      const order = topologicalOrder(m);
      expect([...order].sort((a, b) => a - b)).toEqual(nodes.map((_, i) => i));
      const position = new Map(order.map((index, k) => [nodes[index].outputs[0], k]));
      order.forEach((index, k) => {
        for (const input of nodes[index].inputs) if (input !== 'x') expect(position.get(input)).toBeLessThan(k);
      });
    }
  });
});
