/**
 * The Explore view's state: the chosen axes and encodings, the brushed selection, the table's
 * query, the point whose details are open and the two points being compared (with their details,
 * fetched from the backend on demand). The points come from the open project's view; the front
 * is recomputed only when the points or the axes change.
 */
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, toRaw, watch } from 'vue';
import type { PointDetails } from '../../../src-shared/api/point-details.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';
import { DEFAULT_SETTINGS, exploreLayout, pointsInRange, type ExploreSettings } from '../charts/explore-chart-option.js';
import { explorePointsOf } from '../charts/explore-points.js';
import { DEFAULT_QUERY, tableRows, type TableQuery } from '../charts/explore-table.js';
import { useProjectStore } from './projectStore.js';

/** A point's details as the panels show them: loading, loaded, or why not. */
export interface DetailsSlot {
  readonly key: string;
  readonly details: PointDetails | null;
  readonly error: UiError | null;
  readonly loading: boolean;
}

/** The views' controls edit these in place. */
type Editable<T> = { -readonly [K in keyof T]: T[K] };

export const useExploreStore = defineStore('explore', () => {
  const projects = useProjectStore();
  const settings = reactive<Editable<ExploreSettings>>({ ...DEFAULT_SETTINGS });
  const query = reactive<Editable<TableQuery>>({ ...DEFAULT_QUERY });
  /** Brushed point indices; null = no brush. */
  const selection = shallowRef<ReadonlySet<number> | null>(null);
  const detailsKey = ref<string | null>(null);
  /** Up to two keys, oldest first. */
  const compareKeys = ref<string[]>([]);
  const slots = ref<Record<string, DetailsSlot>>({});

  // The raw results: reading 20,000 results through Vue's reactive proxies costs more than the
  // rest of the first render. The project view is replaced whole on every change, so tracking
  // the store's `project` is enough.
  const points = computed(() => explorePointsOf(toRaw(projects.project)?.results ?? []));
  const layout = computed(() => exploreLayout(points.value, { x: settings.x, y: settings.y, logX: settings.logX, logY: settings.logY }));
  const frontSet = computed<ReadonlySet<number>>(() => new Set(layout.value.front));
  const rows = computed(() => tableRows(points.value, query, { front: frontSet.value, selection: selection.value }));
  const byKey = computed(() => new Map(points.value.map((p) => [p.key, p])));

  // Another project, other points: the brush, the picks and the cached details no longer apply.
  watch(
    () => projects.project?.path,
    () => {
      clearSelection();
      detailsKey.value = null;
      compareKeys.value = [];
      slots.value = {};
    },
  );
  // The same project with new results (a sweep finished): keep picks that still exist, refetch their details.
  watch(points, (now) => {
    const keys = new Set(now.map((p) => p.key));
    if (detailsKey.value !== null && !keys.has(detailsKey.value)) detailsKey.value = null;
    compareKeys.value = compareKeys.value.filter((k) => keys.has(k));
    slots.value = {};
    selection.value = null;
    if (query.scope === 'selection') query.scope = 'all';
    for (const k of pickedKeys.value) void fetchDetails(k);
  });
  // The brush is in the old axes' coordinates.
  watch(() => [settings.x, settings.y, settings.logX, settings.logY], clearSelection);

  const pickedKeys = computed(() => [...new Set([...(detailsKey.value ? [detailsKey.value] : []), ...compareKeys.value])]);

  async function fetchDetails(key: string): Promise<void> {
    if (slots.value[key]?.details || slots.value[key]?.loading) return;
    slots.value = { ...slots.value, [key]: { key, details: null, error: null, loading: true } };
    try {
      const details = await useApi().getPointDetails({ key });
      slots.value = { ...slots.value, [key]: { key, details, error: null, loading: false } };
    } catch (err) {
      slots.value = { ...slots.value, [key]: { key, details: null, error: toUiError(err), loading: false } };
    }
  }

  function showDetails(key: string | null): void {
    detailsKey.value = key;
    if (key !== null) void fetchDetails(key);
  }

  /** Adds a point to the comparison (the oldest of two makes room) or takes it out. */
  function toggleCompare(key: string): void {
    if (compareKeys.value.includes(key)) {
      compareKeys.value = compareKeys.value.filter((k) => k !== key);
      return;
    }
    compareKeys.value = [...compareKeys.value, key].slice(-2);
    void fetchDetails(key);
  }

  /** Selects the points inside a brushed rectangle (data coordinates) and shows them in the table. */
  function brush(range: { x: readonly number[]; y: readonly number[] }): void {
    selection.value = new Set(pointsInRange(layout.value, range));
    query.scope = 'selection';
  }

  function clearSelection(): void {
    selection.value = null;
    if (query.scope === 'selection') query.scope = 'all';
  }

  return {
    settings,
    query,
    selection,
    detailsKey,
    compareKeys,
    slots,
    points,
    layout,
    frontSet,
    rows,
    byKey,
    pickedKeys,
    showDetails,
    toggleCompare,
    brush,
    clearSelection,
    fetchDetails,
  };
});
