/** Which view is shown. UI state, so it lives here rather than in a domain store. */
import { ref } from 'vue';

export type ViewId = 'start' | 'model' | 'hardware' | 'design' | 'run' | 'explore' | 'report';

/** Views of the GUI that are not built yet, with the reason shown on their disabled button. */
export const PLANNED_VIEWS: readonly { readonly label: string; readonly reason: string }[] = [
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
