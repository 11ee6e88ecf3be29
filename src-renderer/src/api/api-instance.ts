/**
 * The EdgeFrontApi the stores use, set once at start-up (main.ts) — or by a test, with a fake.
 * Stores reach the backend only through this.
 */
import type { EdgeFrontApi } from '../../../src-shared/api/edgefront-api.js';

let current: EdgeFrontApi | null = null;

export function provideApi(api: EdgeFrontApi): void {
  current = api;
}

export function useApi(): EdgeFrontApi {
  if (!current) throw new Error('The EdgeFront API is not connected yet (provideApi was not called).');
  return current;
}
