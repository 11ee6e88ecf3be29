/**
 * The API contract of src-shared/api: request validation, the sweep-status reducer and its
 * revision rule, and the remote API over a fake transport (typed errors, contract checks).
 */
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src-shared/api/api-events.js';
import { API_METHOD_NAMES, API_METHODS } from '../../src-shared/api/edgefront-api.js';
import { parseApiMethod, parseApiRequest } from '../../src-shared/api/parse-request.js';
import { createRemoteApi, type ApiTransport } from '../../src-shared/api/remote-api.js';
import { acceptSweepSnapshot, applyPushedSweepEvent, applySweepEvent, idleSweepStatus, startingSweepStatus, type SweepStatus } from '../../src-shared/api/sweep-status.js';
import type { ApiReply } from '../../src-shared/api/wire.js';
import { EdgeFrontError, InternalError, UserError } from '../../src-shared/errors.js';
import type { SweepEvent } from '../../src-shared/sweep-events.js';

function thrown(f: () => unknown): EdgeFrontError {
  try {
    f();
  } catch (e) {
    if (e instanceof EdgeFrontError) return e;
    throw e;
  }
  throw new Error('expected an EdgeFrontError');
}

describe('request validation', () => {
  it('accepts the documented requests and fills nothing in', () => {
    expect(parseApiRequest('openProject', { path: ' /tmp/a.edgefront ' })).toEqual({ path: '/tmp/a.edgefront' });
    expect(parseApiRequest('startSweep', {})).toEqual({});
    expect(parseApiRequest('startSweep', { sampleLimit: null, resume: true })).toEqual({ sampleLimit: null, resume: true });
    expect(parseApiRequest('getAppInfo', undefined)).toEqual({});
  });

  it('refuses bad requests with every offending field named', () => {
    const e = thrown(() => parseApiRequest('startSweep', { sampleLimit: 0.5, workers: 3 }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.code).toBe('api-invalid-request');
    expect(e.message).toMatch(/^The startSweep request is invalid: /);
    expect(e.message).toContain('sampleLimit');
    expect(e.message).toMatch(/workers: is not a field/);
    expect(thrown(() => parseApiRequest('openProject', { path: '   ' })).message).toMatch(/path: give the path of a \.edgefront project file/);
    expect(thrown(() => parseApiRequest('openProject', null)).code).toBe('api-invalid-request');
    expect(thrown(() => parseApiRequest('getSweepStatus', { x: 1 })).message).toMatch(/x: is not a field/);
  });

  it('knows its methods and refuses others, including prototype names', () => {
    expect(API_METHOD_NAMES).toEqual(Object.keys(API_METHODS));
    expect(parseApiMethod('openDemo')).toBe('openDemo');
    for (const bad of ['constructor', 'toString', '__proto__', 'onEvent', 'dispose', 42, null]) {
      const e = thrown(() => parseApiMethod(bad));
      expect(e.code).toBe('api-unknown-method');
    }
  });
});

const events: SweepEvent[] = [
  { type: 'notice', message: 'hello' },
  { type: 'start', total: 3, cached: 0, workers: 2, strategy: 'grid' },
  { type: 'point-start', key: 'a', label: 'w2', slot: 0 },
  { type: 'progress', done: 0, total: 3, etaSeconds: null, slots: [{ slot: 0, label: 'w2', key: 'a' }, { slot: 1, label: null, key: null }] },
  { type: 'point-done', key: 'a', label: 'w2', cached: false, accuracy: 0.5, weightBytes: 100, energyJoules: 1e-6, seconds: 1 },
  { type: 'point-failed', key: 'b', label: 'w3', code: 'x', message: 'broken' },
  { type: 'paused' },
  { type: 'resumed' },
  { type: 'point-done', key: 'a', label: 'w2 (full test set)', cached: false, accuracy: 0.6, weightBytes: 100, energyJoules: 1e-6, seconds: 2 },
  { type: 'progress', done: 2, total: 3, etaSeconds: 4, slots: [{ slot: 0, label: null, key: null }, { slot: 1, label: 'w8', key: 'c' }] },
  { type: 'finished', status: 'completed', evaluated: 2, cached: 0, failed: 1, seconds: 3 },
];

describe('sweep status', () => {
  it('folds a sweep into phase, progress, slots, points and failures', () => {
    const seen: string[] = [];
    let s: SweepStatus = startingSweepStatus('/p.edgefront', 1);
    for (const e of events) {
      s = applySweepEvent(s, e);
      seen.push(s.phase);
    }
    expect(seen).toEqual(['starting', 'running', 'running', 'running', 'running', 'running', 'paused', 'running', 'running', 'running', 'completed']);
    expect(s.notices).toEqual(['hello']);
    expect(s.points).toEqual([{ key: 'a', label: 'w2 (full test set)', cached: false, accuracy: 0.6, weightBytes: 100, energyJoules: 1e-6, seconds: 2 }]);
    expect(s.failures).toEqual([{ key: 'b', label: 'w3', code: 'x', message: 'broken' }]);
    expect(s.done).toBe(2);
    expect(s.slots.every((x) => x.label === null)).toBe(true);
    expect(s.summary).toEqual({ evaluated: 2, cached: 0, failed: 1, seconds: 3 });
  });

  it('a cancel asked for before the start event is not undone by it', () => {
    const s = applySweepEvent({ ...startingSweepStatus('/p', 1), phase: 'cancelling' }, events[1]);
    expect(s.phase).toBe('cancelling');
  });

  it('a copy skips events its snapshot holds and ignores snapshots older than its events', () => {
    const server: SweepStatus[] = [];
    let s: SweepStatus = startingSweepStatus('/p', 1);
    for (const [i, e] of events.entries()) {
      s = { ...applySweepEvent(s, e), revision: 2 + i };
      server.push(s);
    }
    // A renderer that got the snapshot at revision 6, then every pushed event again.
    let copy = acceptSweepSnapshot(idleSweepStatus(), server[4]);
    events.forEach((e, i) => {
      copy = applyPushedSweepEvent(copy, e, 2 + i);
    });
    expect(copy).toEqual(server[server.length - 1]);
    // A late reply carrying an old snapshot does not roll the copy back.
    expect(acceptSweepSnapshot(copy, server[2])).toBe(copy);
  });
});

/** A transport that answers from a table and lets the test push events. */
function fakeTransport(answer: (method: string, params: unknown) => ApiReply) {
  const listeners = new Set<(e: unknown) => void>();
  const calls: { method: string; params: unknown }[] = [];
  const transport: ApiTransport = {
    async call(method, params) {
      calls.push({ method, params });
      return answer(method, params);
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { transport, calls, push: (e: unknown) => listeners.forEach((l) => l(e)) };
}

describe('remote API', () => {
  it('sends {} for argument-less methods and returns checked values', async () => {
    const status = idleSweepStatus();
    const { transport, calls } = fakeTransport(() => ({ ok: true, value: status }));
    const api = createRemoteApi(transport);
    expect(await api.getSweepStatus()).toEqual(status);
    expect(calls).toEqual([{ method: 'getSweepStatus', params: {} }]);
  });

  it('rebuilds the backend error with its class and code', async () => {
    const { transport } = fakeTransport(() => ({ ok: false, error: { name: 'UserError', code: 'project-read', message: 'The project file /x does not exist.' } }));
    const err = await createRemoteApi(transport)
      .openProject({ path: '/x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('project-read');
    expect((err as UserError).message).toBe('The project file /x does not exist.');
  });

  it('refuses an answer that breaks the contract', async () => {
    const { transport } = fakeTransport(() => ({ ok: true, value: { version: 1 } }));
    const err = await createRemoteApi(transport)
      .getAppInfo()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalError);
    expect((err as InternalError).code).toBe('api-invalid-response');
  });

  it('delivers valid events and drops invalid ones with a report', () => {
    const { transport, push } = fakeTransport(() => ({ ok: true, value: null }));
    const invalid: string[] = [];
    const got: ApiEvent[] = [];
    const api = createRemoteApi(transport, { onInvalidEvent: (m) => invalid.push(m) });
    const off = api.onEvent((e) => got.push(e));
    push({ kind: 'sweep-event', revision: 3, event: { type: 'paused' } });
    push({ kind: 'sweep-event', revision: 4, event: { type: 'exploded' } });
    push({ kind: 'nonsense' });
    off();
    push({ kind: 'sweep-event', revision: 5, event: { type: 'resumed' } });
    expect(got).toEqual([{ kind: 'sweep-event', revision: 3, event: { type: 'paused' } }]);
    expect(invalid).toHaveLength(2);
  });
});
