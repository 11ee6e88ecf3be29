/**
 * The Explore view's backend methods: one point explained layer by layer. The ProjectView carries
 * only each result's headline figures; the full EvalResult stays in the project file and is read
 * here when the user asks for a point, so a 20,000-point project is not shipped to the renderer
 * in full.
 */
import { stat } from 'node:fs/promises';
import type { LayerDetail, PointDetails } from '../../src-shared/api/point-details.js';
import { parseApiRequest } from '../../src-shared/api/parse-request.js';
import type { DeployConfig } from '../../src-shared/deploy-config.js';
import { UserError } from '../../src-shared/errors.js';
import type { ProjectFile } from '../../src-shared/project-file.js';
import { loadProject } from '../services/project/project-store.js';
import { pointLabel } from '../services/report/format.js';
import { energyBreakdown, layerRows, numberAt, stringsAt, valueAt } from '../services/report/point-metrics.js';
import type { BackendContext } from './backend-api.js';
import { pointMetricsOf } from './project-view-of.js';

/** The activation bits a configuration asks for at a layer: its override when it sets one. */
function activationBitsAt(config: DeployConfig, layer: string): number | null {
  const override = Object.prototype.hasOwnProperty.call(config.layers, layer) ? config.layers[layer].activationBits : undefined;
  return override !== undefined ? override : config.activationBits;
}

/** The per-layer rows of a stored result, read defensively (a hand-edited file may hold anything). */
export function layerDetailsOf(metrics: Record<string, unknown>, config: DeployConfig): LayerDetail[] {
  const raw = Array.isArray(metrics.layers) ? metrics.layers.filter((l) => typeof l === 'object' && l !== null && !Array.isArray(l)) : [];
  return layerRows(metrics).map((row, i) => {
    const granularity = valueAt(raw[i], 'granularity');
    return {
      name: row.name,
      op: row.op,
      params: row.params,
      weightBits: row.bits,
      activationBits: activationBitsAt(config, row.name),
      quantizer: row.quantizer,
      granularity: typeof granularity === 'string' ? granularity : null,
      sparsity: row.sparsity,
      macs: row.macs,
      denseBytes: numberAt(raw[i], 'storage.dense'),
      storedBytes: row.codedBytes,
      storageFormat: row.storageFormat,
      entropyBitsPerParam: row.entropyBitsPerParam,
      energyJoules: row.energyJoules,
      latencyCycles: row.latencyCycles,
      bound: row.bound,
    };
  });
}

/** The details of one stored result of `project`. */
export function pointDetailsOf(result: ProjectFile['results'][number]): PointDetails {
  const m = result.metrics;
  return {
    key: result.key,
    label: pointLabel(result.config, result.target),
    evaluatedAt: result.evaluatedAt,
    config: result.config,
    target: result.target,
    metrics: pointMetricsOf(result),
    layers: layerDetailsOf(m, result.config),
    energy: energyBreakdown(m),
    warnings: stringsAt(m, 'hardware.warnings'),
    foldedBatchNorms: stringsAt(m, 'foldedBatchNorms'),
    floatFallbacks: stringsAt(m, 'floatFallbacks'),
  };
}

export function createExploreMethods(context: BackendContext) {
  // The last project file read, kept while it is unchanged on disk: clicking through points of a
  // large project must not parse the whole file each time.
  let cached: { path: string; mtimeMs: number; size: number; project: ProjectFile } | null = null;
  const readProject = async (path: string): Promise<ProjectFile> => {
    const s = await stat(path);
    if (cached && cached.path === path && cached.mtimeMs === s.mtimeMs && cached.size === s.size) return cached.project;
    const { project } = await loadProject(path, { checkInputs: false });
    cached = { path, mtimeMs: s.mtimeMs, size: s.size, project };
    return project;
  };

  return {
    async getPointDetails(request: unknown): Promise<PointDetails> {
      const { key } = parseApiRequest('getPointDetails', request);
      const view = context.requireProject('look at a point');
      const listed = view.results.find((r) => r.key === key);
      if (listed?.stale) {
        throw new UserError(
          'point-stale',
          `The point ${listed.label} was evaluated on another version of the model or dataset than ${view.path} uses now, so its figures are not shown as current. Run the sweep again to evaluate it on the current inputs.`,
          { key, project: view.path },
        );
      }
      const result = (await readProject(view.path)).results.find((r) => r.key === key);
      if (!listed || !result) {
        throw new UserError('point-unknown', `${view.path} has no evaluated point with the key ${key}; it may have been removed since. Open the project again to see its current points.`, {
          key,
          project: view.path,
        });
      }
      return pointDetailsOf(result);
    },
  };
}
