/**
 * One line of feedback from app-level actions that have no view of their own (menu commands,
 * shortcuts, dropped files, Save As): shown in a bar under the header until dismissed or replaced.
 */
import { ref } from 'vue';

export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'success' | 'error';
}

export const notice = ref<Notice | null>(null);

export function showNotice(text: string, tone: Notice['tone'] = 'info'): void {
  notice.value = { text, tone };
}

export function dismissNotice(): void {
  notice.value = null;
}
