/**
 * Checks that a read model is something EdgeFront can run, reporting every problem at once, and
 * orders its nodes for execution.
 *
 * Graph rules from the ONNX IR spec (https://github.com/onnx/onnx/blob/main/docs/IR.md#graphs):
 * every value name has exactly one producer (a graph input, an initializer or one node output),
 * and the graph is acyclic. Nodes "should" be stored topologically sorted, but some exporters do
 * not sort them, so an unsorted acyclic graph is accepted and `topologicalOrder` sorts it.
 */
import { UserError } from '../../../src-shared/errors.js';
import type { OnnxModel, OnnxNode } from './model.js';

/** Oldest default-domain opset EdgeFront reads (opset 7 fixed broadcasting and Gemm semantics still in use). */
export const MIN_DEFAULT_OPSET = 7;

/** At most this many problems are spelled out in the message; `details.problems` has them all. */
const MAX_LISTED_PROBLEMS = 12;

/**
 * Throws one UserError (code `onnx-invalid`, `details.problems: string[]`) listing every problem:
 * unsupported operators (grouped by type, with node names), operator domains `isSupported` does
 * not accept, too-old opsets, inputs nothing produces, values with several producers, graph
 * outputs nothing produces, and cycles.
 */
export function validateModel(model: OnnxModel, isSupported: (domain: string, opType: string) => boolean): void {
  const problems = [
    ...opsetProblems(model),
    ...operatorProblems(model, isSupported),
    ...producerProblems(model),
    ...cycleProblems(model),
  ];
  if (problems.length === 0) return;
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  - ${p}`);
  if (problems.length > MAX_LISTED_PROBLEMS) listed.push(`  - … and ${problems.length - MAX_LISTED_PROBLEMS} more`);
  throw new UserError(
    'onnx-invalid',
    `EdgeFront cannot run the model '${model.source}' (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      listed.join('\n'),
    { source: model.source, problems },
  );
}

/**
 * Node indices in an execution order where every node comes after the producers of its inputs.
 * Kahn's algorithm that always takes the ready node earliest in the file, so a sorted file keeps
 * its order exactly. Throws `onnx-invalid` if the graph has a cycle.
 */
export function topologicalOrder(model: OnnxModel): number[] {
  const { order } = kahn(model.graph.nodes);
  if (order.length === model.graph.nodes.length) return order;
  const problems = cycleProblems(model);
  throw new UserError(
    'onnx-invalid',
    `EdgeFront cannot order the nodes of '${model.source}': ${problems.join('; ')}`,
    { source: model.source, problems },
  );
}

/** "node 'conv1' (Conv)", or "node #3 (Conv)" for unnamed nodes. */
export function nodeLabel(node: OnnxNode, index: number): string {
  return node.name === '' ? `node #${index} (${node.opType})` : `node '${node.name}' (${node.opType})`;
}

function shortLabel(node: OnnxNode, index: number): string {
  return node.name === '' ? `#${index}` : `'${node.name}'`;
}

function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}

function opsetProblems(model: OnnxModel): string[] {
  const usesDefault = model.graph.nodes.some((n) => isDefaultDomain(n.domain));
  const version = model.opsets.get('') ?? model.opsets.get('ai.onnx');
  if (version === undefined) {
    return usesDefault
      ? ['the model does not declare which ai.onnx opset it uses (opset_import is missing it); re-export it with a current exporter (opset 7 or newer)']
      : [];
  }
  if (version < MIN_DEFAULT_OPSET) {
    return [
      `the model uses ai.onnx opset ${version}, older than opset ${MIN_DEFAULT_OPSET}, the oldest EdgeFront reads; ` +
        `re-export it with opset ${MIN_DEFAULT_OPSET} or newer (e.g. torch.onnx.export(..., opset_version=17))`,
    ];
  }
  return [];
}

function operatorProblems(model: OnnxModel, isSupported: (domain: string, opType: string) => boolean): string[] {
  // domain → opType → node labels, in file order.
  const unsupported = new Map<string, Map<string, string[]>>();
  model.graph.nodes.forEach((node, index) => {
    if (isSupported(node.domain, node.opType)) return;
    const domain = isDefaultDomain(node.domain) ? '' : node.domain;
    const byOp = unsupported.get(domain) ?? new Map<string, string[]>();
    unsupported.set(domain, byOp);
    const labels = byOp.get(node.opType) ?? [];
    byOp.set(node.opType, labels);
    labels.push(shortLabel(node, index));
  });
  const problems: string[] = [];
  for (const [domain, byOp] of unsupported) {
    const list = [...byOp]
      .map(([op, labels]) => `${op} (node${labels.length === 1 ? '' : 's'} ${labels.join(', ')})`)
      .join(', ');
    problems.push(
      domain === ''
        ? `unsupported operators: ${list}; see docs for the operators EdgeFront implements, or replace these layers before exporting`
        : `unsupported operators from the custom domain '${domain}': ${list}; EdgeFront runs only standard ONNX operators, ` +
            `so export without custom or runtime-specific operators (e.g. without onnxruntime graph optimizations)`,
    );
  }
  return problems;
}

function producerProblems(model: OnnxModel): string[] {
  const { graph } = model;
  const problems: string[] = [];
  // value name → description of its producer(s).
  const producers = new Map<string, string[]>();
  const addProducer = (name: string, by: string): void => {
    const list = producers.get(name) ?? [];
    producers.set(name, list);
    list.push(by);
  };
  for (const input of graph.inputs) addProducer(input.name, 'a graph input');
  for (const name of graph.initializers.keys()) {
    // An initializer that is also listed as a graph input (IR < 4 style, or a default for an
    // overridable input) is one value, not two producers.
    if (!producers.has(name)) addProducer(name, 'an initializer');
  }
  graph.nodes.forEach((node, index) => {
    for (const output of node.outputs) if (output !== '') addProducer(output, nodeLabel(node, index));
  });
  for (const [name, list] of producers) {
    if (list.length > 1) {
      problems.push(`value '${name}' has ${list.length} producers (${list.join(', ')}); each value must be produced once`);
    }
  }
  graph.nodes.forEach((node, index) => {
    for (const input of node.inputs) {
      if (input !== '' && !producers.has(input)) {
        problems.push(
          `${nodeLabel(node, index)} reads '${input}', which no node, graph input or initializer produces`,
        );
      }
    }
  });
  for (const output of graph.outputs) {
    if (!producers.has(output.name)) {
      problems.push(`graph output '${output.name}' is not produced by any node, graph input or initializer`);
    }
  }
  return problems;
}

interface KahnResult {
  readonly order: number[];
  /** For each node, the indices of the nodes that consume one of its outputs. */
  readonly consumers: number[][];
}

function kahn(nodes: readonly OnnxNode[]): KahnResult {
  // The first node (in file order) that outputs each value; duplicates are reported elsewhere.
  const producerOf = new Map<string, number>();
  nodes.forEach((node, index) => {
    for (const output of node.outputs) if (output !== '' && !producerOf.has(output)) producerOf.set(output, index);
  });
  const consumers: number[][] = nodes.map(() => []);
  const pending = new Array<number>(nodes.length).fill(0);
  nodes.forEach((node, index) => {
    // A node reading the same value twice depends on its producer once.
    const producers = new Set<number>();
    for (const input of node.inputs) {
      const p = producerOf.get(input);
      if (input !== '' && p !== undefined) producers.add(p);
    }
    for (const p of producers) {
      consumers[p].push(index);
      pending[index]++;
    }
  });
  const ready = new MinHeap();
  pending.forEach((count, index) => {
    if (count === 0) ready.push(index);
  });
  const order: number[] = [];
  while (ready.size > 0) {
    const index = ready.pop();
    order.push(index);
    for (const c of consumers[index]) if (--pending[c] === 0) ready.push(c);
  }
  return { order, consumers };
}

function cycleProblems(model: OnnxModel): string[] {
  const nodes = model.graph.nodes;
  const { order, consumers } = kahn(nodes);
  if (order.length === nodes.length) return [];
  // Nodes Kahn could not place lie on a cycle or downstream of one; find the cycles among them
  // with an iterative depth-first search (no recursion: the graph may be large).
  const placed = new Set(order);
  const state = new Uint8Array(nodes.length); // 0 unvisited, 1 on the stack, 2 done
  const cycles: number[][] = [];
  for (let start = 0; start < nodes.length; start++) {
    if (placed.has(start) || state[start] !== 0) continue;
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const edges = consumers[top.node];
      if (top.next >= edges.length) {
        state[top.node] = 2;
        stack.pop();
        continue;
      }
      const to = edges[top.next++];
      if (placed.has(to)) continue;
      if (state[to] === 1) {
        const from = stack.findIndex((f) => f.node === to);
        cycles.push(stack.slice(from).map((f) => f.node));
      } else if (state[to] === 0) {
        state[to] = 1;
        stack.push({ node: to, next: 0 });
      }
    }
  }
  const unplaced = nodes.length - order.length;
  return cycles.map((cycle) => {
    const path = [...cycle, cycle[0]].map((i) => shortLabel(nodes[i], i)).join(' → ');
    return (
      `the graph has a cycle through nodes ${path}` +
      `${cycles.length === 1 && unplaced > cycle.length ? ` (${unplaced - cycle.length} more node(s) depend on it)` : ''}; ` +
      `ONNX graphs must be acyclic, so the file is corrupt or was edited by hand`
    );
  });
}

/** A binary min-heap of node indices (the ready set of Kahn's algorithm). */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= a[i]) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
