/** Which view is shown. UI state, so it lives here rather than in a domain store. */
import { ref } from 'vue';

export type ViewId = 'start' | 'model' | 'run';

/** Views of the GUI that are not built yet, with the reason shown on their disabled button. */
export const PLANNED_VIEWS: readonly { readonly label: string; readonly reason: string }[] = [
  { label: 'Hardware', reason: 'Not built yet: hardware profiles are editable in the project file and listed in the report meanwhile.' },
  { label: 'Design space', reason: 'Not built yet: edit designSpace in the .edgefront file (docs/sweeps.md) meanwhile.' },
  { label: 'Explore', reason: 'Not built yet: the Run view plots the accuracy-vs-memory front; `edgefront report` writes every chart.' },
  { label: 'Report', reason: 'Not built yet: `edgefront report PROJECT --format html|pdf|csv|json` writes the report.' },
];

const current = ref<ViewId>('start');

export function useNavigation() {
  return {
    current,
    go(view: ViewId) {
      current.value = view;
    },
  };
}
