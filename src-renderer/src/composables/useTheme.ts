/**
 * Light, dark, or as the system says. The choice is kept in localStorage and applied as
 * `data-theme` on <html>, which switches the CSS variables of theme.css.
 */
import { computed, ref, watchEffect } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'edgefront.theme';

const choice = ref<ThemeChoice>(readChoice());
const systemDark = ref(window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
  systemDark.value = e.matches;
});

function readChoice(): ThemeChoice {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const resolved = computed<'light' | 'dark'>(() => (choice.value === 'system' ? (systemDark.value ? 'dark' : 'light') : choice.value));

watchEffect(() => {
  document.documentElement.dataset.theme = resolved.value;
  try {
    window.localStorage.setItem(STORAGE_KEY, choice.value);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
});

export function useTheme() {
  return { choice, resolved };
}

/** The current value of a CSS variable of the theme. */
export function cssVariable(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
