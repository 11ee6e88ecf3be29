/**
 * The renderer's origin in the desktop app: a custom privileged scheme `edgefront://app/` serving
 * the built renderer (dist/renderer/) with the same security headers as browser mode. Unlike
 * file://, it gives the page a real origin (localStorage for the theme, a URL the IPC sender check
 * can pin), response headers (so the CSP is a header, as in browser mode), and no reach beyond
 * dist/renderer/: paths are resolved by the same traversal-proof lookup browser mode uses.
 */
import { readStaticFile } from '../server/static-files.js';
import { securityHeaders } from '../server/security-headers.js';

export const APP_SCHEME = 'edgefront';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before the app is ready. `standard` makes relative URLs and origins work as for
 * http; `secure` makes the page a secure context; `supportFetchAPI` lets module scripts load.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** True for a URL of the app's own pages (WHATWG URL gives custom schemes an opaque origin, so compare parts). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** The response to one request on the app scheme: a file of the built renderer, or 404/405. */
export async function appResponse(rendererDir: string, request: { readonly url: string; readonly method: string }): Promise<Response> {
  const headers = securityHeaders(APP_ORIGIN);
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { ...headers, Allow: 'GET, HEAD' } });
  if (!isAppUrl(request.url)) return new Response(null, { status: 404, headers });
  const file = await readStaticFile(rendererDir, new URL(request.url).pathname);
  if (!file) return new Response(null, { status: 404, headers });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), { status: 200, headers: { ...headers, 'Content-Type': file.contentType } });
}
