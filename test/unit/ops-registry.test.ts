import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_OPS, getOp, isSupportedOp, SUPPORTED_OP_TYPES } from '../../workers/engine/ops/registry.js';
import type { OpDef } from '../../workers/engine/ops/op.js';

const OPS_DIR = join(import.meta.dirname, '..', '..', 'workers', 'engine', 'ops');

function isOpDef(v: unknown): v is OpDef {
  const o = v as Partial<OpDef> | null;
  return typeof o === 'object' && o !== null && typeof o.type === 'string' && typeof o.infer === 'function' && typeof o.run === 'function';
}

describe('operator registry', () => {
  it('registers every OpDef exported by a file in ops/', async () => {
    const files = readdirSync(OPS_DIR).filter((f) => f.endsWith('.ts') && f !== 'registry.ts');
    const exported: { file: string; op: OpDef }[] = [];
    for (const file of files) {
      const mod = (await import(join(OPS_DIR, file))) as Record<string, unknown>;
      for (const value of Object.values(mod)) if (isOpDef(value)) exported.push({ file, op: value });
    }
    expect(exported.length).toBeGreaterThanOrEqual(40);
    const unregistered = exported.filter(({ op }) => getOp(op.domain ?? '', op.type) !== op).map(({ file }) => file);
    expect(unregistered).toEqual([]);
    expect(new Set(exported.map((e) => e.op)).size).toBe(ALL_OPS.length);
  });

  it('has one entry per op type', () => {
    expect(new Set(ALL_OPS.map((op) => op.type)).size).toBe(ALL_OPS.length);
  });

  it('treats the domains "" and "ai.onnx" alike and rejects unknown ops', () => {
    expect(getOp('ai.onnx', 'Conv')).toBe(getOp('', 'Conv'));
    expect(isSupportedOp('', 'Conv')).toBe(true);
    expect(isSupportedOp('', 'LSTM')).toBe(false);
    expect(isSupportedOp('com.microsoft', 'Conv')).toBe(false);
  });

  it('lists the required operators', () => {
    const required = [
      'Conv', 'Gemm', 'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Relu', 'Clip', 'LeakyRelu', 'Sigmoid', 'Tanh', 'MaxPool',
      'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'BatchNormalization', 'Flatten', 'Reshape', 'Transpose',
      'Concat', 'Softmax', 'Identity', 'Dropout', 'Constant', 'Pad', 'Squeeze', 'Unsqueeze', 'Gather', 'Shape', 'Less',
      'Where', 'CastLike', 'Max', 'Exp', 'ReduceMax', 'ReduceSum', 'ConstantOfShape', 'ConvInteger',
    ];
    expect(required.filter((t) => !SUPPORTED_OP_TYPES.includes(t))).toEqual([]);
  });

  it('marks exactly the view operators as aliasing input 0', () => {
    const aliasing = ALL_OPS.filter((op) => op.aliasesInput0).map((op) => op.type).sort();
    expect(aliasing).toEqual(['Dropout', 'Flatten', 'Identity', 'Reshape', 'Squeeze', 'Unsqueeze']);
  });
});
