import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getQuantizer, QUANTIZERS } from '../../workers/engine/quant/quantizers/registry.js';
import { QUANTIZER_KINDS, type Quantizer } from '../../workers/engine/quant/types.js';

const folder = fileURLToPath(new URL('../../workers/engine/quant/quantizers/', import.meta.url));

function isQuantizer(value: unknown): value is Quantizer {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof (value as Quantizer).fit === 'function';
}

describe('quantizer registry', () => {
  it('has exactly one quantizer per kind, under its own name', () => {
    expect(Object.keys(QUANTIZERS).sort()).toEqual([...QUANTIZER_KINDS].sort());
    for (const kind of QUANTIZER_KINDS) {
      expect(getQuantizer(kind).kind).toBe(kind);
      expect(getQuantizer(kind).minBits).toBeLessThanOrEqual(getQuantizer(kind).maxBits);
    }
  });

  it('registers every quantizer exported by a file in quantizers/', async () => {
    const registered = new Set<Quantizer>(Object.values(QUANTIZERS));
    let found = 0;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(`${folder}${file}`)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if (!isQuantizer(value)) continue;
        found++;
        expect(registered.has(value), `${file} exports the '${value.kind}' quantizer`).toBe(true);
      }
    }
    expect(found).toBe(QUANTIZER_KINDS.length);
  });
});
