/**
 * Browser mode: the renderer and the API on a loopback HTTP server. The page and its files are
 * served over HTTP (GET only); the API runs over one WebSocket per page at /api. Access rules are
 * in access-guard.ts, response headers in security-headers.ts.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EdgeFrontApi } from '../../src-shared/api/edgefront-api.js';
import { MAX_FRAME_BYTES } from '../../src-shared/api/wire.js';
import { checkAccess, tokenCookieName } from './access-guard.js';
import { downloadFor, isDownloadPath, sendDownload, type DownloadLookup } from './download-route.js';
import { serveApiSocket } from './api-socket.js';
import { securityHeaders } from './security-headers.js';
import { readStaticFile } from './static-files.js';

/** Loopback only: the server is never reachable from another machine. */
export const BROWSER_SERVER_HOST = '127.0.0.1';
/** The path of the API's WebSocket. */
export const API_SOCKET_PATH = '/api';

export interface BrowserServerOptions {
  readonly api: EdgeFrontApi;
  /** The built renderer (dist/renderer/). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** For tests only; by default 32 random bytes. */
  readonly token?: string;
  /** Exported reports the page may download at /download/<id>; without it that route is 404. */
  readonly downloads?: DownloadLookup;
}

export interface BrowserServer {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** The page to open: the origin with the token. */
  readonly url: string;
  /** Closes every socket and the server. */
  close(): Promise<void>;
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${message}\n`);
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason) + 1}\r\n\r\n${reason}\n`);
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const verdict = checkAccess({ remoteAddress: req.socket.remoteAddress, headers: req.headers, url: req.url ?? '/' }, { token, port, requireOrigin: false });
    if (!verdict.ok) {
      refuse(res, verdict.status, `EdgeFront refused this request: ${verdict.reason}. Open the URL that \`edgefront serve\` printed (it carries the access token).`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'Only GET and HEAD are served here; the API runs over the WebSocket.', { Allow: 'GET, HEAD' });
      return;
    }
    const origin = `http://${req.headers.host}`;
    const path = new URL(req.url ?? '/', origin).pathname;
    if (options.downloads && isDownloadPath(path)) {
      const outcome = await downloadFor(path, options.downloads);
      if (outcome.ok) sendDownload(res, outcome, securityHeaders(origin), req.method === 'HEAD');
      else refuse(res, outcome.status, outcome.message);
      return;
    }
    const file = await readStaticFile(options.staticDir, path);
    if (!file) {
      const missingBuild = path === '/' || path === '/index.html';
      refuse(res, missingBuild ? 500 : 404, missingBuild ? `The renderer is not built (no index.html in ${options.staticDir}); run \`npm run build\`.` : `Not found: ${path}`);
      return;
    }
    const headers: Record<string, string> = { ...securityHeaders(origin), 'Content-Type': file.contentType, 'Content-Length': String(file.body.length) };
    // After the first load with ?token=…, the page's own requests (scripts, styles) carry the cookie.
    if (verdict.tokenFromQuery) headers['Set-Cookie'] = `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'EdgeFront failed to serve this file.');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const verdict = checkAccess({ remoteAddress: req.socket.remoteAddress, headers: req.headers, url: req.url ?? '/' }, { token, port, requireOrigin: true });
    if (!verdict.ok) {
      refuseUpgrade(socket, verdict.status, verdict.reason);
      return;
    }
    if (new URL(req.url ?? '/', 'http://x').pathname !== API_SOCKET_PATH) {
      refuseUpgrade(socket, 404, `the API socket is at ${API_SOCKET_PATH}`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveApiSocket(ws, options.api));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, BROWSER_SERVER_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${BROWSER_SERVER_HOST}:${port}`;

  return {
    port,
    origin,
    token,
    url: `${origin}/?token=${token}`,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
