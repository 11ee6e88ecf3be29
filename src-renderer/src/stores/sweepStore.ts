/**
 * The sweep of the open project, as the Run view shows it. The status is the backend's, kept
 * current by folding pushed events with the reducer the backend itself uses; snapshots (replies,
 * pushed statuses) replace it only when they are newer than the events already applied, since a
 * reply can arrive after events that happened once it was taken.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiEvent } from '../../../src-shared/api/api-events.js';
import { acceptSweepSnapshot, applyPushedSweepEvent, idleSweepStatus, isSweepActive, type SweepStatus } from '../../../src-shared/api/sweep-status.js';
import { useApi } from '../api/api-instance.js';
import { toUiError, type UiError } from '../api/ui-error.js';

export interface StartOptions {
  /** null = the whole test set; undefined = keep the project's setting. */
  readonly sampleLimit?: number | null;
  readonly resume?: boolean;
}

export const useSweepStore = defineStore('sweep', () => {
  const status = ref<SweepStatus>(idleSweepStatus());
  /** A call is on its way (buttons wait for it). */
  const busy = ref(false);
  const error = ref<UiError | null>(null);
  const active = computed(() => isSweepActive(status.value.phase));

  async function load(): Promise<void> {
    try {
      const snapshot = await useApi().getSweepStatus();
      status.value = acceptSweepSnapshot(status.value, snapshot);
    } catch (err) {
      error.value = toUiError(err);
    }
  }

  async function run(call: () => Promise<SweepStatus>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      // Read the current status only once the reply is here: events may have moved it meanwhile.
      const snapshot = await call();
      status.value = acceptSweepSnapshot(status.value, snapshot);
    } catch (err) {
      error.value = toUiError(err);
    } finally {
      busy.value = false;
    }
  }

  const start = (options: StartOptions) => run(() => useApi().startSweep({ sampleLimit: options.sampleLimit, resume: options.resume }));
  const pause = () => run(() => useApi().pauseSweep());
  const resume = () => run(() => useApi().resumeSweep());
  const cancel = () => run(() => useApi().cancelSweep());

  function applyEvent(event: ApiEvent): void {
    if (event.kind === 'sweep-event') status.value = applyPushedSweepEvent(status.value, event.event, event.revision);
    else if (event.kind === 'sweep-status') status.value = acceptSweepSnapshot(status.value, event.status);
  }

  return { status, busy, error, active, load, start, pause, resume, cancel, applyEvent };
});
