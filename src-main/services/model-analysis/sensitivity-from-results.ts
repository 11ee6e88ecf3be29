/**
 * The sensitivity heatmap as the project's results already hold it: the sensitivity strategy
 * stores one-layer probes (every layer at the reference width but one) next to their reference
 * point. A probe is a current result whose config differs from another current result's only in
 * one layer's weightBits; the reference with the most probes wins (a project may hold several).
 */
import type { SensitivityHeatmap } from '../../../src-shared/api/model-analysis.js';
import type { ResultView } from '../../../src-shared/api/project-view.js';
import { canonicalJson } from '../../../src-shared/canonical-json.js';

type Layers = ResultView['config']['layers'];

/** The layer overrides without undefined fields and empty entries, so equal settings compare equal. */
function tidyLayers(layers: Layers): Layers {
  const out: Layers = {};
  for (const [name, o] of Object.entries(layers)) {
    const kept = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    if (Object.keys(kept).length > 0) out[name] = kept;
  }
  return out;
}

const keyOf = (config: ResultView['config'], target: ResultView['target'], layers: Layers) => canonicalJson({ config: { ...config, layers }, target });

export function sensitivityFromResults(results: readonly ResultView[]): SensitivityHeatmap | null {
  const current = results.filter((r) => !r.stale && r.metrics.accuracy !== null && r.config.weightBits !== null);
  const references = new Map(current.map((r) => [keyOf(r.config, r.target, tidyLayers(r.config.layers)), r]));
  const probesByRef = new Map<string, { layer: string; bits: number; accuracy: number }[]>();
  for (const r of current) {
    const layers = tidyLayers(r.config.layers);
    for (const [layer, o] of Object.entries(layers)) {
      if (o.weightBits == null || o.weightBits === r.config.weightBits) continue;
      const { weightBits: _probe, ...rest } = o;
      const without: Layers = { ...layers };
      if (Object.keys(rest).length > 0) without[layer] = rest;
      else delete without[layer];
      const refKey = keyOf(r.config, r.target, without);
      if (!references.has(refKey)) continue;
      const list = probesByRef.get(refKey) ?? [];
      list.push({ layer, bits: o.weightBits, accuracy: r.metrics.accuracy! });
      probesByRef.set(refKey, list);
    }
  }
  let best: [string, { layer: string; bits: number; accuracy: number }[]] | null = null;
  for (const entry of probesByRef) if (!best || entry[1].length > best[1].length) best = entry;
  if (!best) return null;
  const ref = references.get(best[0])!;
  const top = ref.config.weightBits!;
  const refAccuracy = ref.metrics.accuracy!;
  const widths = [...new Set([top, ...best[1].map((p) => p.bits)])].sort((a, b) => b - a);
  const layerNames = [...new Set(best[1].map((p) => p.layer))];
  return {
    source: 'results',
    referenceBits: top,
    referenceAccuracy: refAccuracy,
    widths,
    layers: layerNames.map((name) => ({
      name,
      drops: widths.map((bits) => {
        if (bits === top) return 0;
        const p = best[1].find((q) => q.layer === name && q.bits === bits);
        return p ? refAccuracy - p.accuracy : null;
      }),
    })),
    samples: ref.metrics.samples,
  };
}
