/**
 * Keyboard shortcuts of the File commands in browser mode: Ctrl (⌘ on a Mac) + N, O, S, Shift+S,
 * E. The desktop app's menu has the same accelerators, so there the renderer leaves the keys to
 * the menu and each command runs once. Chromium keeps Ctrl+N (new window) for itself in a browser
 * window; the others reach the page.
 */
import type { AppCommand } from '../../../src-shared/api/shell-api.js';

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** The command of a key press, or null. `mac`: the modifier is ⌘ rather than Ctrl. */
export function shortcutCommand(event: KeyLike, mac: boolean): AppCommand | null {
  const modifier = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!modifier || event.altKey) return null;
  switch (event.key.toLowerCase()) {
    case 'n':
      return event.shiftKey ? null : 'new-project';
    case 'o':
      return event.shiftKey ? null : 'open-project';
    case 's':
      return event.shiftKey ? 'save-as' : 'save';
    case 'e':
      return event.shiftKey ? null : 'export-report';
    default:
      return null;
  }
}

export function isMacPlatform(nav: Pick<Navigator, 'userAgent'> & { readonly platform?: string }): boolean {
  return /Mac|iPhone|iPad/.test(nav.platform || nav.userAgent);
}

/** Listens for the shortcuts on `target`; returns the function that stops listening. */
export function installShortcuts(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, mac: boolean, run: (command: AppCommand) => void): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.repeat || event.defaultPrevented) return;
    const command = shortcutCommand(event, mac);
    if (!command) return;
    event.preventDefault();
    run(command);
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
