import type { OperationSpec as Operation } from '../openapi-operation';

const tag = 'kintone';
const obj = { type: 'object', properties: {} };

/** The kintone routes' OpenAPI entries, spread into server/openapi.ts. */
export const kintoneOpenApiPaths: Record<string, Partial<Record<'get' | 'post', Operation>>> = {
  '/api/kintone/connections': {
    post: {
      summary:
        'Create a kintone connection: domain, API tokens (comma-separated, at most 9), optional Basic auth',
      tag,
      access: 'admin',
      body: obj,
      ok: { 201: '{ id, name, domain, tokens, basicAuth }' },
    },
  },
  '/api/kintone/connections/{id}/test': {
    post: {
      summary:
        'Check the token, the app and the view / add / edit permissions (names the missing one); writes nothing',
      tag,
      access: 'admin',
      body: obj,
      ok: { 200: '{ ok, permissions, code, message }' },
      errors: [404],
    },
  },
  '/api/kintone/template': {
    get: {
      summary:
        'The field definitions of the "customer management" and "call history" apps, for kintone\'s form API (a download)',
      tag,
      access: 'viewer',
      ok: { 200: '{ format, howTo, apps: [{ key, name, properties }] }' },
    },
  },
  '/api/kintone/syncs/validate': {
    post: {
      summary:
        "Check a customer-sync mapping against the app's form fields (unknown code, table field, required field left empty)",
      tag,
      access: 'admin',
      body: obj,
      ok: { 200: '{ ok, updatedTimeField, problems }' },
      errors: [404],
    },
  },
  '/api/kintone/syncs': {
    get: {
      summary:
        'The customer syncs (of one connection with ?connectionId=), each with its progress and report',
      tag,
      access: 'viewer',
      query: { connectionId: 'Only the syncs of this kintone connection' },
      ok: { 200: '{ items }' },
    },
    post: {
      summary: 'Save a customer sync (validated first) and start its first import',
      tag,
      access: 'admin',
      body: obj,
      ok: { 201: 'The sync with its progress' },
      errors: [404],
    },
  },
  '/api/kintone/syncs/{id}': {
    get: {
      summary:
        'A sync: status, running, phase, progress (done / total / percent, records and pages read), report (created / updated / skipped by reason), last error, next run',
      tag,
      access: 'viewer',
      ok: { 200: 'The sync' },
      errors: [404],
    },
  },
  '/api/kintone/syncs/{id}/run': {
    post: {
      summary: 'Run the sync now (resumes an interrupted import)',
      tag,
      access: 'admin',
      ok: { 202: '{ started: true }' },
      errors: [404, 409],
    },
  },
};
