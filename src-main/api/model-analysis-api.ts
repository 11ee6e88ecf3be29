/**
 * The Model view's analyses (src-shared/api/model-analysis.ts). Results are cached per model and
 * dataset content (their sha256, so an edited file is measured afresh), sample count and, for
 * sensitivity, the base point and widths. Accuracies run on worker threads; a sensitivity
 * measurement runs in the background and the view polls `getSensitivity` for its progress.
 */
import { stat } from 'node:fs/promises';
import {
  DEFAULT_HISTOGRAM_BINS,
  DEFAULT_SENSITIVITY_WIDTHS,
  type FloatAccuracy,
  type FloatAccuracyRequest,
  type MeasureSensitivityRequest,
  type SensitivityMeasurement,
  type SensitivityView,
  type WeightHistograms,
  type WeightHistogramsRequest,
} from '../../src-shared/api/model-analysis.js';
import { parseApiRequest } from '../../src-shared/api/parse-request.js';
import { canonicalJson } from '../../src-shared/canonical-json.js';
import { serializeError, UserError } from '../../src-shared/errors.js';
import { measureFloatAccuracy } from '../services/model-analysis/float-accuracy.js';
import { sensitivityFromResults } from '../services/model-analysis/sensitivity-from-results.js';
import { measureSensitivity } from '../services/model-analysis/sensitivity-probes.js';
import { weightHistogramsOf } from '../services/model-analysis/weight-histograms.js';
import { loadProject } from '../services/project/project-store.js';
import { sha256Input } from '../services/project/sha256-file.js';
import { pointAt } from '../services/sweep/design-points.js';
import { contextRequestOf } from '../services/sweep/project-evaluation.js';
import type { BackendContext } from './backend-api.js';
import { memoPromise as memo } from './memo-promise.js';


const idle = (sampleLimit: number | null, widths: readonly number[]): SensitivityMeasurement => ({
  phase: 'idle',
  done: 0,
  total: 0,
  sampleLimit,
  widths: [...widths],
  heatmap: null,
  error: null,
});

export function createModelAnalysisMethods(context: BackendContext) {
  const histograms = new Map<string, Promise<WeightHistograms>>();
  const floatAccuracies = new Map<string, Promise<Omit<FloatAccuracy, 'cached'>>>();
  /** Sensitivity measurements by key (finished, failed or running), and the key of the latest one per inputs. */
  const measurements = new Map<string, SensitivityMeasurement>();
  const latestByInputs = new Map<string, string>();
  /** The measurement under way (one at a time: they share the machine's cores), and whose it is. */
  let running: { readonly key: string; readonly projectPath: string } | null = null;
  /**
   * Content hashes by path, size and modification time: the view polls while a measurement runs,
   * and rehashing a dataset (an image folder: every file) each second would be wasteful.
   */
  const hashes = new Map<string, Promise<string>>();
  async function contentHash(path: string): Promise<string> {
    const info = await stat(path);
    return memo(hashes, `${path}\0${info.size}\0${info.mtimeMs}`, () => sha256Input(path));
  }

  /** The open project's file, its evaluation inputs and their content hashes. */
  async function inputsOf(action: string) {
    const view = context.requireProject(action);
    const loaded = await loadProject(view.path, { checkInputs: false });
    const request = contextRequestOf(loaded.project, loaded.dir);
    const [model, data] = await Promise.all([contentHash(request.modelPath), contentHash(request.data.path)]);
    return { view, project: loaded.project, request, inputsKey: `${model}:${data}` };
  }

  return {
    async getWeightHistograms(request?: WeightHistogramsRequest): Promise<WeightHistograms> {
      const { bins = DEFAULT_HISTOGRAM_BINS } = parseApiRequest('getWeightHistograms', request);
      const { modelPath } = context.requireProject('look at its weights');
      const hash = await contentHash(modelPath);
      return memo(histograms, `${hash}:${bins}`, async () => ({ ...(await weightHistogramsOf(modelPath, bins)), modelPath }));
    },

    async measureFloatAccuracy(request?: FloatAccuracyRequest): Promise<FloatAccuracy> {
      const { sampleLimit } = parseApiRequest('measureFloatAccuracy', request);
      context.refuseWhileSweeping('measure the float accuracy');
      const { request: ctx, inputsKey } = await inputsOf('measure its float accuracy');
      const limit = sampleLimit ?? ctx.data.limit ?? null;
      const key = `${inputsKey}:${limit}`;
      const cached = floatAccuracies.has(key);
      const { options } = context;
      const result = await memo(floatAccuracies, key, () =>
        measureFloatAccuracy({ context: ctx, sampleLimit: limit, workers: options.workers, workerScript: options.workerScript, signal: context.disposing }),
      );
      return { ...result, cached };
    },

    async getSensitivity(request?: unknown): Promise<SensitivityView> {
      parseApiRequest('getSensitivity', request);
      const view = context.requireProject('look at its sensitivity');
      const { inputsKey } = await inputsOf('look at its sensitivity');
      const latest = latestByInputs.get(inputsKey);
      return {
        fromResults: sensitivityFromResults(view.results),
        measurement: (latest && measurements.get(latest)) || idle(view.testLimit, DEFAULT_SENSITIVITY_WIDTHS),
      };
    },

    async measureSensitivity(request?: MeasureSensitivityRequest): Promise<SensitivityMeasurement> {
      const { sampleLimit, widths = [...DEFAULT_SENSITIVITY_WIDTHS] } = parseApiRequest('measureSensitivity', request);
      context.refuseWhileSweeping('measure the layer sensitivity');
      const { view, project, request: ctx, inputsKey } = await inputsOf('measure its layer sensitivity');
      const sorted = [...new Set(widths)].sort((a, b) => b - a);
      const limit = sampleLimit ?? ctx.data.limit ?? null;
      const base = pointAt(project.designSpace, [], [], 1);
      const key = canonicalJson({ inputsKey, limit, widths: sorted, base });
      const known = measurements.get(key);
      if (known && known.phase !== 'failed') {
        latestByInputs.set(inputsKey, key);
        return known;
      }
      if (running !== null) {
        throw new UserError(
          'analysis-busy',
          `A sensitivity measurement of ${running.projectPath} is running; measure again once it has finished (they share the worker threads).`,
          { project: running.projectPath },
        );
      }
      const start: SensitivityMeasurement = { ...idle(limit, sorted), phase: 'running' };
      measurements.set(key, start);
      latestByInputs.set(inputsKey, key);
      running = { key, projectPath: view.path };
      const { options } = context;
      void measureSensitivity({
        context: ctx,
        base,
        widths: sorted,
        sampleLimit: limit,
        workers: options.workers,
        workerScript: options.workerScript,
        signal: context.disposing,
        onProgress: (done, total) => measurements.set(key, { ...measurements.get(key)!, done, total }),
      }).then(
        (heatmap) => measurements.set(key, { ...measurements.get(key)!, phase: 'done', heatmap }),
        (err: unknown) => {
          const e = serializeError(err);
          measurements.set(key, { ...measurements.get(key)!, phase: 'failed', error: { code: e.code, message: e.message } });
        },
      ).finally(() => {
        running = null;
      });
      return start;
    },
  };
}
