import type { OperationSpec as CrmOperation } from '../openapi-operation';
/**
 * The OpenAPI entries of the CRM routes (records, pipelines, desk, connections, sample), spread
 * into server/openapi.ts. Same shape as its OperationSpec.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const anyObject = { type: 'object' };
const paging = { limit: 'Page size (1–200, default 50)', offset: 'Items to skip' };
const recordFilters = {
  ...paging,
  q: 'Search: name or e-mail contains, or a phone number in any written form (03-1234-5678, +81312345678)',
  email: 'E-mail (case ignored)',
  phone: 'Phone in any written form, matched as E.164',
  number: 'Ticket number',
  pipelineId: 'Pipeline',
  stageId: 'Stage',
  ownerId: 'Owner (user id)',
  companyId: 'Company',
  contactId: 'Contact',
  departmentId: 'Department (tickets)',
  agentId: 'Agent (tickets)',
  priority: 'high / medium / low / none (tickets)',
  classification: 'Classification (tickets)',
  status: 'Status (leads, to-dos)',
  relatedModule: 'Related module (to-dos, calls)',
  relatedId: 'Related record (to-dos, calls)',
  sort: 'updatedAt, createdAt, name, amount, closingDate, number, dueAt, stageEnteredAt; "-" first for descending',
};

export const crmOpenApiPaths: Record<string, Partial<Record<Method, CrmOperation>>> = {
  '/api/records': {
    get: {
      summary: 'Record modules and their fields',
      tag: 'records',
      access: 'viewer',
      ok: { 200: '{ items }' },
    },
  },
  '/api/records/{module}': {
    get: {
      summary: 'List records of a module (paged, filtered)',
      tag: 'records',
      access: 'viewer',
      query: recordFilters,
      ok: { 200: '{ items, total, limit, offset }' },
      errors: [400, 404],
    },
    post: {
      summary: 'Create a record (validation errors name each field: error.details[].field)',
      tag: 'records',
      access: 'editor',
      body: anyObject,
      ok: { 201: 'The record' },
      errors: [404],
    },
  },
  '/api/records/{module}/{id}': {
    get: { summary: 'A record', tag: 'records', access: 'viewer', ok: { 200: 'The record' }, errors: [404] },
    patch: {
      summary: 'Change the fields sent',
      tag: 'records',
      access: 'editor',
      body: anyObject,
      ok: { 200: 'The record' },
      errors: [404],
    },
    put: {
      summary: 'Change the fields sent (same as PATCH)',
      tag: 'records',
      access: 'editor',
      body: anyObject,
      ok: { 200: 'The record' },
      errors: [404],
    },
    delete: {
      summary: 'Delete a record',
      tag: 'records',
      access: 'editor',
      ok: { 204: 'Deleted' },
      errors: [404],
    },
  },
  '/api/records/{module}/{id}/stage': {
    post: {
      summary: 'Move a deal or ticket to a stage (history, record events, stage automations)',
      tag: 'records',
      access: 'editor',
      body: { type: 'object', properties: { stageId: { type: 'string' } }, required: ['stageId'] },
      ok: { 200: 'The record' },
      errors: [404],
    },
  },
  '/api/records/{module}/{id}/timeline': {
    get: {
      summary: 'Stage history, changes, runs that touched it, calls, to-dos, pending automations',
      tag: 'records',
      access: 'viewer',
      ok: { 200: 'The timeline' },
      errors: [404],
    },
  },
  '/api/records/mailing_lists/{id}/members': {
    get: {
      summary: 'Members of a mailing list',
      tag: 'records',
      access: 'viewer',
      query: paging,
      ok: { 200: '{ items, total }' },
      errors: [404],
    },
    post: {
      summary: 'Add a member (an existing e-mail is updated)',
      tag: 'records',
      access: 'editor',
      body: anyObject,
      ok: { 201: 'Subscribed', 200: 'Updated' },
    },
  },
  '/api/records/mailing_lists/{id}/members/{memberId}': {
    delete: {
      summary: 'Remove a member',
      tag: 'records',
      access: 'editor',
      ok: { 204: 'Removed' },
      errors: [404],
    },
  },
  '/api/record-views': {
    get: {
      summary: 'Saved list views (own and shared)',
      tag: 'records',
      access: 'viewer',
      query: { module: 'Module' },
      ok: { 200: '{ items }' },
    },
    post: {
      summary: 'Save a list view',
      tag: 'records',
      access: 'viewer',
      body: anyObject,
      ok: { 201: 'The view' },
    },
  },
  '/api/record-views/{id}': {
    patch: {
      summary: 'Change a saved view (owner only)',
      tag: 'records',
      access: 'viewer',
      body: anyObject,
      ok: { 200: 'The view' },
      errors: [404],
    },
    delete: {
      summary: 'Delete a saved view (owner only)',
      tag: 'records',
      access: 'viewer',
      ok: { 204: 'Deleted' },
      errors: [404],
    },
  },
  '/api/pipelines': {
    get: {
      summary: 'Pipelines with stages, custom fields, automations',
      tag: 'pipelines',
      access: 'viewer',
      query: { module: 'deals or tickets' },
      ok: { 200: '{ items }' },
    },
    post: {
      summary: 'Create a pipeline with its stages',
      tag: 'pipelines',
      access: 'editor',
      body: anyObject,
      ok: { 201: 'The pipeline' },
    },
  },
  '/api/pipelines/{id}': {
    get: {
      summary: 'A pipeline',
      tag: 'pipelines',
      access: 'viewer',
      ok: { 200: 'The pipeline' },
      errors: [404],
    },
    patch: {
      summary: 'Rename, reorder, set custom fields',
      tag: 'pipelines',
      access: 'editor',
      body: anyObject,
      ok: { 200: 'The pipeline' },
      errors: [404],
    },
    delete: {
      summary: 'Delete an empty pipeline',
      tag: 'pipelines',
      access: 'editor',
      ok: { 204: 'Deleted' },
      errors: [404, 409],
    },
  },
  '/api/pipelines/{id}/board': {
    get: {
      summary: 'The kanban board: records per stage',
      tag: 'pipelines',
      access: 'viewer',
      query: { perStage: 'Records per stage (1–200, default 50)' },
      ok: { 200: '{ pipeline, stages }' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/stages': {
    post: {
      summary: 'Add a stage',
      tag: 'pipelines',
      access: 'editor',
      body: anyObject,
      ok: { 201: 'The pipeline' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/stages/order': {
    put: {
      summary: 'Reorder the stages',
      tag: 'pipelines',
      access: 'editor',
      body: anyObject,
      ok: { 200: 'The pipeline' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/stages/{stageId}': {
    patch: {
      summary: 'Rename a stage, set its outcome or colour',
      tag: 'pipelines',
      access: 'editor',
      body: anyObject,
      ok: { 200: 'The pipeline' },
      errors: [404],
    },
    delete: {
      summary: 'Delete an empty stage',
      tag: 'pipelines',
      access: 'editor',
      ok: { 200: 'The pipeline' },
      errors: [404, 409],
    },
  },
  '/api/pipelines/{id}/automations': {
    get: {
      summary: 'Stage automations of a pipeline',
      tag: 'pipelines',
      access: 'viewer',
      ok: { 200: '{ items }' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/stages/{stageId}/automations': {
    post: {
      summary: 'When a record enters this stage, run a workflow now or after a delay',
      tag: 'pipelines',
      access: 'editor',
      body: anyObject,
      ok: { 201: 'The automation' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/automations/{automationId}': {
    patch: {
      summary: 'Change a stage automation',
      tag: 'pipelines',
      access: 'editor',
      body: anyObject,
      ok: { 200: 'The automation' },
      errors: [404],
    },
    delete: {
      summary: 'Delete a stage automation',
      tag: 'pipelines',
      access: 'editor',
      ok: { 204: 'Deleted' },
      errors: [404],
    },
  },
  '/api/desk/departments': {
    get: {
      summary: 'Help-desk departments',
      tag: 'desk',
      access: 'viewer',
      query: { includeDeleted: 'true to list deleted ones too' },
      ok: { 200: '{ items }' },
    },
    post: {
      summary: 'Create a department',
      tag: 'desk',
      access: 'editor',
      body: anyObject,
      ok: { 201: 'The department' },
    },
  },
  '/api/desk/departments/{id}': {
    patch: {
      summary: 'Rename, switch off / on',
      tag: 'desk',
      access: 'editor',
      body: anyObject,
      ok: { 200: 'The department' },
      errors: [404],
    },
    delete: {
      summary: 'Delete (kept, marked deleted)',
      tag: 'desk',
      access: 'editor',
      ok: { 204: 'Deleted' },
      errors: [404],
    },
  },
  '/api/desk/agents': {
    get: {
      summary: 'Help-desk agents',
      tag: 'desk',
      access: 'viewer',
      query: { includeDeleted: 'true to list deleted ones too', departmentId: 'Department' },
      ok: { 200: '{ items }' },
    },
    post: {
      summary: 'Create an agent',
      tag: 'desk',
      access: 'editor',
      body: anyObject,
      ok: { 201: 'The agent' },
    },
  },
  '/api/desk/agents/{id}': {
    patch: {
      summary: 'Rename, move, switch off / on',
      tag: 'desk',
      access: 'editor',
      body: anyObject,
      ok: { 200: 'The agent' },
      errors: [404],
    },
    delete: {
      summary: 'Delete (kept, marked deleted)',
      tag: 'desk',
      access: 'editor',
      ok: { 204: 'Deleted' },
      errors: [404],
    },
  },
  '/api/connection-types': {
    get: {
      summary: 'Connection types this version knows',
      tag: 'connections',
      access: 'viewer',
      ok: { 200: '{ items }' },
    },
  },
  '/api/connections': {
    get: {
      summary: 'Connections (never their credentials)',
      tag: 'connections',
      access: 'viewer',
      query: { kind: 'crm, desk or lists' },
      ok: { 200: '{ items }' },
    },
    post: {
      summary: 'Create a connection',
      tag: 'connections',
      access: 'admin',
      body: anyObject,
      ok: { 201: 'The connection' },
    },
  },
  '/api/connections/{id}': {
    get: {
      summary: 'A connection',
      tag: 'connections',
      access: 'viewer',
      ok: { 200: 'The connection' },
      errors: [404],
    },
    patch: {
      summary: 'Rename, change settings or credentials',
      tag: 'connections',
      access: 'admin',
      body: anyObject,
      ok: { 200: 'The connection' },
      errors: [404],
    },
    delete: {
      summary: 'Delete (nodes using it take integration_disabled)',
      tag: 'connections',
      access: 'admin',
      ok: { 204: 'Deleted' },
      errors: [404],
    },
  },
  '/api/connections/{id}/test': {
    post: {
      summary: 'Test a connection',
      tag: 'connections',
      access: 'editor',
      ok: { 200: '{ ok, message, connection }' },
      errors: [404],
    },
  },
  '/api/connections/{id}/disable': {
    post: {
      summary: 'Switch off (nodes using it take integration_disabled)',
      tag: 'connections',
      access: 'admin',
      ok: { 200: 'The connection' },
      errors: [404],
    },
  },
  '/api/connections/{id}/enable': {
    post: {
      summary: 'Switch on',
      tag: 'connections',
      access: 'admin',
      ok: { 200: 'The connection' },
      errors: [404],
    },
  },
  '/api/sample': {
    post: {
      summary:
        'Load the sample workspace (pipelines, departments, agents, records, example workflows); loading twice adds nothing',
      tag: 'records',
      access: 'admin',
      ok: { 200: 'What was added and what was there' },
    },
  },
};
