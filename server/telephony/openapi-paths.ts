import type { OperationSpec as Operation } from '../openapi-operation';

const tag = 'telephony';
const obj = { type: 'object', properties: {} };

/** The telephony routes' OpenAPI entries, spread into server/openapi.ts. */
export const telephonyOpenApiPaths: Record<string, Partial<Record<'get' | 'post', Operation>>> = {
  '/api/telephony/calls': {
    post: {
      summary:
        'A call ended (the phone system posts it with the X-Musubi-Telephony-Token header); a repeat of the call id updates it',
      tag,
      access: 'public',
      body: obj,
      ok: {
        201: '{ id, callId, created: true, status }',
        200: '{ id, callId, created: false, status } (repeat)',
      },
      errors: [400, 401],
    },
    get: {
      summary: 'Recent calls with their log status and candidates ("N matches")',
      tag,
      access: 'viewer',
      query: {
        status: 'received / logged / no_match / multiple_matches / skipped_internal / skipped_missed',
      },
      ok: { 200: '{ items }' },
    },
  },
  '/api/telephony/calls/{id}': {
    get: { summary: 'One call', tag, access: 'viewer', ok: { 200: 'The call' }, errors: [404] },
  },
  '/api/telephony/calls/{id}/resolve': {
    post: {
      summary:
        'Pick the record for a call with several matches: logs it and remembers the choice for the number',
      tag,
      access: 'editor',
      body: obj,
      ok: { 200: '{ taskId }' },
      errors: [404, 409],
    },
  },
  '/api/telephony/connections': {
    post: {
      summary: 'Create a telephony connection (endpoint, token, example)',
      tag,
      access: 'admin',
      body: obj,
      ok: { 201: '{ id, endpoint, header, token, example }' },
    },
  },
  '/api/telephony/connections/{id}': {
    get: {
      summary: 'A telephony connection with its endpoint, token and a copy-paste example',
      tag,
      access: 'admin',
      ok: { 200: '{ id, endpoint, header, token, example }' },
      errors: [404],
    },
  },
  '/api/telephony/connections/{id}/token': {
    post: {
      summary: 'Regenerate the token (the old one stops working)',
      tag,
      access: 'admin',
      ok: { 200: '{ id, endpoint, header, token, example }' },
      errors: [404],
    },
  },
};
