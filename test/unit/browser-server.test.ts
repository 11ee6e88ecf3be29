/**
 * Browser mode's server (src-main/server): loopback only, the token on every request and on the
 * WebSocket handshake, the Host and Origin checks, the CSP, static files that stay inside their
 * folder, and the API over the socket.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createBackendApi, type BackendApi } from '../../src-main/api/backend-api.js';
import { checkAccess, isLoopbackAddress } from '../../src-main/server/access-guard.js';
import { startBrowserServer, type BrowserServer } from '../../src-main/server/browser-server.js';
import { repoRoot } from '../helpers/demo-assets.js';
import { workerScript } from '../helpers/lenet-projects.js';

let dir: string;
let api: BackendApi;
let server: BrowserServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-server-'));
  const staticDir = join(dir, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>EdgeFront</title>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'export {};');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  api = createBackendApi({ version: '0.0.0-test', transport: 'browser', demoExample: join(repoRoot, 'assets/examples/fashion-mnist.edgefront'), demoDir: join(dir, 'demo'), workers: 1, workerScript });
  server = await startBrowserServer({ api, staticDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  await api.dispose();
  await rm(dir, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw request, so Host, Origin and Cookie can be set as an attacker would. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${server.token}`;

/** Opens the API socket; resolves with the socket, or rejects with the refused status. */
function openSocket(query: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends one frame; resolves with the reply, rejects if the server closes the socket instead. */
function call(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onClose = (code: number) => reject(new Error(`socket closed (${code})`));
    const onMessage = (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as Record<string, unknown>;
      if (msg.type === 'reply') {
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(JSON.stringify(frame));
  });
}

describe('browser server: HTTP', () => {
  it('listens on the loopback address only, with a long random token', () => {
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses requests without the token (401) or with a wrong one (401)', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js']) {
      const r = await get(path);
      expect(r.status, path).toBe(401);
      expect(r.body).toMatch(/token is missing/);
      expect(r.body).not.toContain(server.token);
    }
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { Cookie: `edgefront_token_${server.port}=wrong` })).status).toBe(401);
  });

  it('serves the page with the token, sets the cookie, and the cookie opens the other files', async () => {
    const page = await get(withToken('/'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>EdgeFront</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`edgefront_token_${server.port}=${server.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const script = await get('/assets/app.js', { Cookie: `edgefront_token_${server.port}=${server.token}` });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses another Host (DNS rebinding) or another Origin (403), even with the token', async () => {
    expect((await get(withToken('/'), { Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(withToken('/'), { Host: '127.0.0.1:1' })).status).toBe(403);
    expect((await get(withToken('/'), { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(withToken('/'), { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
    expect((await get(withToken('/'), { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves GET and HEAD only, and nothing outside the renderer folder', async () => {
    expect((await get(withToken('/'), {}, 'POST')).status).toBe(405);
    expect((await get(withToken('/'), {}, 'HEAD')).status).toBe(200);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/nope.js']) {
      const r = await get(withToken(path));
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('outside the renderer');
    }
  });

  it('refuses a peer that is not on this machine', () => {
    const verdict = checkAccess(
      { remoteAddress: '192.168.1.20', headers: { host: `127.0.0.1:${server.port}` }, url: withToken('/') },
      { token: server.token, port: server.port, requireOrigin: false },
    );
    expect(verdict).toEqual({ ok: false, status: 403, reason: 'only this machine may connect' });
    expect(['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '0.0.0.0', '', undefined].some(isLoopbackAddress)).toBe(false);
  });
});

describe('browser server: API socket', () => {
  const origin = () => `http://127.0.0.1:${server.port}`;

  it('refuses the handshake without the token, with a wrong one, without or with a foreign Origin', async () => {
    await expect(openSocket('', { Origin: origin() })).rejects.toThrow('HTTP 401');
    await expect(openSocket('?token=wrong', { Origin: origin() })).rejects.toThrow('HTTP 401');
    await expect(openSocket(`?token=${server.token}`, {})).rejects.toThrow('HTTP 403');
    await expect(openSocket(`?token=${server.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openSocket(`?token=${server.token}`, { Origin: 'null' })).rejects.toThrow('HTTP 403');
  });

  it('answers calls with the token in the query or the cookie, with typed errors', async () => {
    const ws = await openSocket(`?token=${server.token}`, { Origin: origin() });
    expect(await call(ws, { type: 'call', id: 1, method: 'getAppInfo', params: {} })).toMatchObject({ type: 'reply', id: 1, ok: true, value: { version: '0.0.0-test' } });
    expect(await call(ws, { type: 'call', id: 2, method: 'openProject', params: { path: 3 } })).toMatchObject({ id: 2, ok: false, error: { code: 'api-invalid-request' } });
    expect(await call(ws, { type: 'call', id: 3, method: 'toString', params: {} })).toMatchObject({ id: 3, ok: false, error: { code: 'api-unknown-method' } });
    ws.close();
    const byCookie = await openSocket('', { Origin: origin(), Cookie: `edgefront_token_${server.port}=${server.token}` });
    expect(await call(byCookie, { type: 'call', id: 7, method: 'getSweepStatus' })).toMatchObject({ id: 7, ok: true, value: { phase: 'idle' } });
    byCookie.close();
  });

  it('closes the socket on a frame that is not an API call', async () => {
    for (const bad of ['not json', JSON.stringify({ type: 'call', id: -1, method: 'getAppInfo' }), JSON.stringify({ hello: 1 })]) {
      const ws = await openSocket(`?token=${server.token}`, { Origin: origin() });
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send(bad);
      expect(await closed).toBe(1008);
    }
  });

  it('pushes events to every open socket', async () => {
    const ws = await openSocket(`?token=${server.token}`, { Origin: origin() });
    const event = new Promise<Record<string, unknown>>((resolve) => ws.on('message', (d: Buffer) => {
      const msg = JSON.parse(d.toString()) as Record<string, unknown>;
      if (msg.type === 'event') resolve(msg);
    }));
    const reply = await call(ws, { type: 'call', id: 1, method: 'openDemo', params: {} });
    expect(reply).toMatchObject({ ok: true, value: { isDemo: true } });
    expect(await event).toMatchObject({ type: 'event', event: { kind: 'project', project: { isDemo: true } } });
    ws.close();
  });
});
