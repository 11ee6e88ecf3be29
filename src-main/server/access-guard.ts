/**
 * Who may talk to browser mode's server. The server listens on 127.0.0.1 only, but any local
 * program — and any web page the user visits, through the browser — can reach a loopback port, so
 * every request must also:
 *  - come from a loopback address (defence in depth behind the bind address);
 *  - name this server in its Host header, so a DNS-rebinding page (evil.example resolving to
 *    127.0.0.1) is refused even before the token is checked;
 *  - carry the random token, in the `token` query parameter or the cookie set from it;
 *  - when it has an Origin (every WebSocket handshake from a browser does), come from the
 *    server's own origin, so another site cannot open the API socket even if it learnt the token.
 * The WebSocket handshake must have an Origin: a browser always sends one, and a page is the only
 * client browser mode has.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface AccessRequest {
  readonly remoteAddress: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** The request target (path and query). */
  readonly url: string;
}

export type AccessVerdict =
  | { readonly ok: true; readonly tokenFromQuery: boolean }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

export interface AccessPolicy {
  readonly token: string;
  readonly port: number;
  /** The WebSocket handshake: an Origin is required. */
  readonly requireOrigin: boolean;
}

/** Host names by which the server accepts to be addressed (both resolve to loopback). */
const HOST_NAMES = ['127.0.0.1', 'localhost'] as const;

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The cookie that carries the token after the first page load; per port, as cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `edgefront_token_${port}`;
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function checkAccess(request: AccessRequest, policy: AccessPolicy): AccessVerdict {
  if (!isLoopbackAddress(request.remoteAddress)) return { ok: false, status: 403, reason: 'only this machine may connect' };
  const host = request.headers.host ?? '';
  const allowedHosts = HOST_NAMES.map((h) => `${h}:${policy.port}`);
  if (!allowedHosts.includes(host)) return { ok: false, status: 403, reason: `the Host header ${JSON.stringify(host)} does not name this server` };
  const origin = request.headers.origin;
  if (origin !== undefined || policy.requireOrigin) {
    if (origin !== `http://${host}`) return { ok: false, status: 403, reason: `the origin ${JSON.stringify(origin ?? null)} is not this server's` };
  }
  const query = new URL(request.url, `http://${host}`).searchParams.get('token');
  if (query !== null) {
    return sameSecret(query, policy.token) ? { ok: true, tokenFromQuery: true } : { ok: false, status: 401, reason: 'the token is wrong' };
  }
  const cookie = cookieValue(request.headers.cookie, tokenCookieName(policy.port));
  if (cookie !== null && sameSecret(cookie, policy.token)) return { ok: true, tokenFromQuery: false };
  return { ok: false, status: 401, reason: cookie === null ? 'the token is missing' : 'the token is wrong' };
}
