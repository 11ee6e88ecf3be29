/**
 * The Model view's analyses of the open project's model: weight histograms, the float accuracy
 * and the sensitivity heatmap. The backend computes all of them (accuracies on worker threads);
 * a sensitivity measurement runs in the background and is polled while it runs.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FloatAccuracy, SensitivityView, WeightHistograms } from '../../../src-shared/api/model-analysis.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';

/** How often a running sensitivity measurement is asked for its progress. */
export const SENSITIVITY_POLL_MS = 1000;

export const useAnalysisStore = defineStore('analysis', () => {
  /** The project these analyses belong to: another project clears them. */
  const projectPath = ref<string | null>(null);
  const histograms = ref<WeightHistograms | null>(null);
  const histogramsError = ref<UiError | null>(null);
  const histogramsLoading = ref(false);
  const floatAccuracy = ref<FloatAccuracy | null>(null);
  const floatError = ref<UiError | null>(null);
  const floatMeasuring = ref(false);
  const sensitivity = ref<SensitivityView | null>(null);
  const sensitivityError = ref<UiError | null>(null);
  let poll: ReturnType<typeof setTimeout> | null = null;

  function stopPolling(): void {
    if (poll !== null) clearTimeout(poll);
    poll = null;
  }

  /** Forgets what belonged to another project. */
  function useProject(path: string | null): void {
    if (projectPath.value === path) return;
    stopPolling();
    projectPath.value = path;
    histograms.value = null;
    histogramsError.value = null;
    floatAccuracy.value = null;
    floatError.value = null;
    sensitivity.value = null;
    sensitivityError.value = null;
  }

  async function loadHistograms(): Promise<void> {
    if (histogramsLoading.value) return;
    histogramsLoading.value = true;
    histogramsError.value = null;
    const forPath = projectPath.value;
    try {
      const h = await useApi().getWeightHistograms({});
      if (projectPath.value === forPath) histograms.value = h;
    } catch (err) {
      if (projectPath.value === forPath) histogramsError.value = toUiError(err);
    } finally {
      histogramsLoading.value = false;
    }
  }

  async function measureFloat(sampleLimit: number | null): Promise<void> {
    floatMeasuring.value = true;
    floatError.value = null;
    const forPath = projectPath.value;
    try {
      const a = await useApi().measureFloatAccuracy(sampleLimit === null ? {} : { sampleLimit });
      if (projectPath.value === forPath) floatAccuracy.value = a;
    } catch (err) {
      if (projectPath.value === forPath) floatError.value = toUiError(err);
    } finally {
      floatMeasuring.value = false;
    }
  }

  function schedulePoll(): void {
    stopPolling();
    if (sensitivity.value?.measurement.phase === 'running') poll = setTimeout(() => void loadSensitivity(), SENSITIVITY_POLL_MS);
  }

  async function loadSensitivity(): Promise<void> {
    const forPath = projectPath.value;
    try {
      const s = await useApi().getSensitivity();
      if (projectPath.value !== forPath) return;
      sensitivity.value = s;
      sensitivityError.value = null;
      schedulePoll();
    } catch (err) {
      if (projectPath.value === forPath) sensitivityError.value = toUiError(err);
    }
  }

  async function measureSensitivity(sampleLimit: number | null): Promise<void> {
    const forPath = projectPath.value;
    sensitivityError.value = null;
    try {
      const measurement = await useApi().measureSensitivity(sampleLimit === null ? {} : { sampleLimit });
      if (projectPath.value !== forPath) return;
      sensitivity.value = { fromResults: sensitivity.value?.fromResults ?? null, measurement };
      schedulePoll();
    } catch (err) {
      if (projectPath.value === forPath) sensitivityError.value = toUiError(err);
    }
  }

  return {
    projectPath,
    histograms,
    histogramsError,
    histogramsLoading,
    floatAccuracy,
    floatError,
    floatMeasuring,
    sensitivity,
    sensitivityError,
    useProject,
    loadHistograms,
    measureFloat,
    loadSensitivity,
    measureSensitivity,
    stopPolling,
  };
});
