/**
 * How the window is locked down: the web preferences of the renderer, and the decisions for what
 * the page may try on its own (navigate, open windows, ask for permissions). The renderer is our
 * own code, but it shows data from files the user opens; these settings make sure that even a
 * script injected through such data could not reach Node, other origins or the file system.
 */
import { isAppUrl } from './app-protocol.js';

export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // A file dropped on the window must reach the renderer's drop handler, not replace the page.
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/** The page never navigates (it is a single-page app): only a reload of the app itself is let through. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** What happens to a link that would open a new window: web links go to the user's browser, anything else nowhere. */
export function windowOpenDecision(url: string): { readonly action: 'deny'; readonly openExternally: string | null } {
  let external: string | null = null;
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') external = u.toString();
  } catch {
    // Not a URL: nothing to open.
  }
  return { action: 'deny', openExternally: external };
}

/** Camera, microphone, notifications, geolocation, …: the app needs none. */
export function permissionAllowed(_permission: string): boolean {
  return false;
}
