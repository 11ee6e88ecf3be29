/**
 * Validates what a transport delivered as the request of an API method. A bad request is a
 * UserError naming the method and every offending field, so a renderer bug or a hostile page shows
 * up as a clear message rather than reaching a service.
 */
import { UserError } from '../errors.js';
import { issuesOf } from '../project-file.js';
import { API_METHODS, isApiMethodName, type ApiMethodName } from './edgefront-api.js';
import { z } from 'zod';

export function parseApiMethod(name: unknown): ApiMethodName {
  if (typeof name === 'string' && isApiMethodName(name)) return name;
  throw new UserError('api-unknown-method', `${JSON.stringify(name)} is not a method of the EdgeFront API. Known methods: ${Object.keys(API_METHODS).join(', ')}.`, {
    method: typeof name === 'string' ? name : null,
  });
}

export function parseApiRequest<M extends ApiMethodName>(method: M, params: unknown): z.infer<(typeof API_METHODS)[M]['request']> {
  // An argument-less method called without arguments is the same as one called with {}.
  const r = API_METHODS[method].request.safeParse(params === undefined ? {} : params);
  if (r.success) return r.data as z.infer<(typeof API_METHODS)[M]['request']>;
  const issues = issuesOf(r.error);
  throw new UserError('api-invalid-request', `The ${method} request is invalid: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}.`, {
    method,
    issues,
  });
}
