/** The layer table of the open project's model, fetched when the Model view first needs it. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ModelSummaryView } from '../../../src-shared/api/model-summary-view.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';

export const useModelStore = defineStore('model', () => {
  const summary = ref<ModelSummaryView | null>(null);
  const loading = ref(false);
  const error = ref<UiError | null>(null);
  /** The model whose reading failed (`error`): not read again unless asked (`retry`). */
  const failedPath = ref<string | null>(null);

  /** Fetches the summary unless the one held (or the failure) is of `modelPath` already. */
  async function load(modelPath: string, options: { retry?: boolean } = {}): Promise<void> {
    if (loading.value || summary.value?.modelPath === modelPath) return;
    if (failedPath.value === modelPath && !options.retry) return;
    loading.value = true;
    error.value = null;
    failedPath.value = null;
    try {
      summary.value = await useApi().getModelSummary();
    } catch (err) {
      summary.value = null;
      error.value = toUiError(err);
      failedPath.value = modelPath;
    } finally {
      loading.value = false;
    }
  }

  return { summary, loading, error, failedPath, load };
});
