import { workflowSchema } from '../runtime/model/workflow';
import { chatOpenApiPaths } from './chat/openapi';
import { chatPreviewOpenApiPaths } from './chat/preview-openapi';
import { crmOpenApiPaths } from './crm/openapi';
import { sharingOpenApiPaths } from './sharing/openapi-paths';
import { slackOpenApiPaths } from './slack/openapi-paths';
import { kintoneOpenApiPaths } from './kintone/openapi-paths';
import { telephonyOpenApiPaths } from './telephony/openapi-paths';
import type { OperationSpec } from './openapi-operation';

/**
 * The OpenAPI 3.1 description of the HTTP surface, served at /api/openapi.json. Maintained by
 * hand: add your routes to `paths` below (tests/server/openapi.test.ts fails for any registered
 * Express route missing here). Paths use OpenAPI's `{param}` where Express says `:param`.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const errorRef = { $ref: '#/components/schemas/Error' };
const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input (the problems are in error.details)',
  401: 'Not signed in / bad token',
  403: 'Role too low, or CSRF token missing',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body too large',
  422: 'Workflow has errors (all listed in error.details.problems)',
  423: 'Account locked',
  429: 'Rate limited',
  503: 'Not ready',
};

function operation(spec: OperationSpec): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(spec.ok)) {
    responses[status] = {
      description,
      ...(status === '204' ? {} : { content: { [spec.content ?? 'application/json']: { schema: {} } } }),
    };
  }
  const errors = new Set([
    ...(spec.errors ?? []),
    ...(spec.access === 'public' ? [] : [401, 403]),
    ...(spec.body ? [400] : []),
  ]);
  for (const status of [...errors].sort()) {
    responses[String(status)] = {
      description: ERROR_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: errorRef } },
    };
  }
  const parameters = Object.entries(spec.query ?? {}).map(([name, description]) => ({
    name,
    in: 'query',
    required: false,
    description,
    schema: { type: 'string' },
  }));
  return {
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.access === 'public' ? { security: [] } : { 'x-musubi-role': spec.access }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } }
      : {}),
    responses,
  };
}

const paging = { limit: 'Page size (1–200, default 50)', offset: 'Items to skip' };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
});
const str = { type: 'string' };
const workflowRef = { $ref: '#/components/schemas/WorkflowDocument' };

export const openApiPaths: Record<string, Partial<Record<Method, OperationSpec>>> = {
  ...chatOpenApiPaths,
  ...chatPreviewOpenApiPaths,
  ...crmOpenApiPaths,
  ...sharingOpenApiPaths,
  ...slackOpenApiPaths,
  ...kintoneOpenApiPaths,
  ...telephonyOpenApiPaths,
  '/api/connections/{id}/oauth/start': {
    post: {
      summary:
        'Start OAuth for a Zoho or Salesforce connection (its client id / secret saved first): the URL to send the admin to',
      tag: 'connections',
      access: 'admin',
      ok: { 200: '{ url, redirectUri }' },
      errors: [400, 404],
    },
  },
  '/api/connections/{id}/zoho/mapping': {
    get: {
      summary:
        "Field mapping of a Zoho connection for a CRM module: the org's fields (fields metadata API, mandatory flag, data type), the mapping in use and the node fields a value may name",
      tag: 'connections',
      access: 'editor',
      query: { module: 'Leads | Contacts | Deals (default Leads)' },
      ok: {
        200: '{ module, fields: [{ apiName, label, mandatory, dataType }], mapping: [{ apiName, source }], edited, sources }',
      },
      errors: [404, 409],
    },
    put: {
      summary:
        'Save the field mapping of a module: each Zoho field gets text with {{ node field }} / {{ vars.name }} placeholders; a mandatory field left unmapped or an unknown field is refused (422, named)',
      tag: 'connections',
      access: 'admin',
      body: obj(
        {
          module: { type: 'string', enum: ['Leads', 'Contacts', 'Deals'] },
          mapping: { type: 'array', items: obj({ apiName: str, source: str }, ['apiName', 'source']) },
        },
        ['module', 'mapping'],
      ),
      ok: { 200: 'The saved mapping, as GET answers' },
      errors: [400, 404, 409, 422],
    },
  },
  '/api/connections/{id}/zoho/{list}': {
    get: {
      summary:
        'Pick lists of a Zoho connection for the node forms: departments (Desk), lists (Campaigns), fields (CRM field metadata, ?module=Leads|Contacts|Deals)',
      tag: 'connections',
      access: 'editor',
      query: { module: 'CRM module of `fields` (default Leads)' },
      ok: { 200: '{ items: [{ id, label, flag? }] }' },
      errors: [404, 409],
    },
  },
  '/integrations/providers/oauth/callback': {
    get: {
      summary:
        'OAuth redirect of Zoho / Salesforce: checks the signed state, exchanges the code, seals the refresh token, tests the connection',
      tag: 'connections',
      access: 'public',
      ok: { 303: 'To the connections screen' },
      errors: [400],
      content: 'text/html',
    },
  },
  '/healthz': {
    get: {
      summary: 'The process is up',
      tag: 'operations',
      access: 'public',
      ok: { 200: '{ status: "ok" }' },
    },
  },
  '/readyz': {
    get: {
      summary: 'Ready for this role: database, queue, and scheduler state (active or standby)',
      tag: 'operations',
      access: 'public',
      ok: { 200: 'Ready' },
      errors: [503],
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics',
      tag: 'operations',
      access: 'public',
      ok: { 200: 'Text exposition format' },
      content: 'text/plain',
    },
  },
  '/api/openapi.json': {
    get: { summary: 'This document', tag: 'meta', access: 'public', ok: { 200: 'OpenAPI 3.1' } },
  },
  '/api/node-types': {
    get: {
      summary: 'Node descriptors (palette and forms)',
      tag: 'meta',
      access: 'public',
      ok: { 200: '{ items: NodeDescriptor[] }' },
    },
  },
  '/api/schemas/workflow.json': {
    get: {
      summary: 'The workflow document JSON Schema',
      tag: 'meta',
      access: 'public',
      ok: { 200: 'JSON Schema' },
      content: 'application/schema+json',
    },
  },
  '/api/setup': {
    get: {
      summary: 'Whether the owner still has to be created',
      tag: 'auth',
      access: 'public',
      ok: { 200: '{ needed: boolean }' },
    },
    post: {
      summary: 'Create the owner (only while no user exists); starts a session',
      tag: 'auth',
      access: 'public',
      body: obj({ email: str, password: str, name: str }, ['email', 'password']),
      ok: { 201: '{ user, csrfToken } and the session cookie' },
      errors: [409, 429],
    },
  },
  '/api/auth/login': {
    post: {
      summary: 'Sign in with e-mail and password; starts a session',
      tag: 'auth',
      access: 'public',
      body: obj({ email: str, password: str }, ['email', 'password']),
      ok: { 200: '{ user, csrfToken } and the session cookie' },
      errors: [401, 423, 429],
    },
  },
  '/api/auth/logout': {
    post: { summary: 'End the session', tag: 'auth', access: 'viewer', ok: { 204: 'Signed out' } },
  },
  '/api/auth/me': {
    get: {
      summary: 'The signed-in user and the CSRF token',
      tag: 'auth',
      access: 'viewer',
      ok: { 200: '{ user, via, csrfToken }' },
    },
  },
  '/api/auth/password': {
    post: {
      summary: 'Change my password (signs out my other sessions)',
      tag: 'auth',
      access: 'viewer',
      body: obj({ currentPassword: str, newPassword: str }, ['currentPassword', 'newPassword']),
      ok: { 204: 'Changed' },
    },
  },
  '/api/users': {
    get: { summary: 'List users', tag: 'users', access: 'admin', ok: { 200: '{ items: User[] }' } },
    post: {
      summary: 'Invite or create a user (without a password: a temporary one is mailed and returned once)',
      tag: 'users',
      access: 'admin',
      body: obj(
        {
          email: str,
          role: { enum: ['admin', 'editor', 'viewer'] },
          name: str,
          password: str,
          externalSharing: { type: 'boolean' },
        },
        ['email', 'role'],
      ),
      ok: { 201: '{ user, temporaryPassword? }' },
      errors: [409],
    },
  },
  '/api/users/{id}': {
    patch: {
      summary: 'Change role, name, external sharing, disabled (audit logged)',
      tag: 'users',
      access: 'admin',
      body: obj({
        role: { enum: ['admin', 'editor', 'viewer'] },
        name: str,
        externalSharing: { type: 'boolean' },
        disabled: { type: 'boolean' },
      }),
      ok: { 200: '{ user }' },
      errors: [404],
    },
  },
  '/api/tokens': {
    get: {
      summary: 'My API tokens (never the token itself)',
      tag: 'tokens',
      access: 'viewer',
      ok: { 200: '{ items }' },
    },
    post: {
      summary: 'Create an API token (shown once)',
      tag: 'tokens',
      access: 'viewer',
      body: obj({ name: str }, ['name']),
      ok: { 201: '{ id, name, prefix, token }' },
    },
  },
  '/api/tokens/{id}': {
    delete: {
      summary: 'Revoke an API token',
      tag: 'tokens',
      access: 'viewer',
      ok: { 204: 'Revoked' },
      errors: [404],
    },
  },
  '/api/outbox': {
    get: {
      summary: 'Mail kept or sent by the instance',
      tag: 'admin',
      access: 'admin',
      query: paging,
      ok: { 200: '{ items, total }' },
    },
  },
  '/api/audit': {
    get: {
      summary: 'Audit log, newest first',
      tag: 'admin',
      access: 'admin',
      query: {
        ...paging,
        action: 'Filter by action',
        targetType: 'Filter by target type',
        targetId: 'Filter by target id',
      },
      ok: { 200: '{ items, total }' },
    },
  },
  '/api/workflows': {
    get: {
      summary: 'List workflows',
      tag: 'workflows',
      access: 'viewer',
      query: { ...paging, search: 'Part of the name', active: 'true | false' },
      ok: { 200: '{ items, total, limit, offset }' },
    },
    post: {
      summary: 'Create a workflow (blank, or from fields / a draft document)',
      tag: 'workflows',
      access: 'editor',
      body: obj({ name: str, description: str, draft: workflowRef }, ['name']),
      ok: { 201: 'The workflow with its document' },
    },
  },
  '/api/workflows/import': {
    post: {
      summary: 'Import a workflow document (new id when the id is taken)',
      tag: 'workflows',
      access: 'editor',
      body: workflowRef,
      ok: { 201: 'The workflow' },
    },
  },
  '/api/workflows/validate': {
    post: {
      summary: 'All problems of a document, without saving',
      tag: 'workflows',
      access: 'viewer',
      body: obj({ document: workflowRef }),
      ok: { 200: '{ valid, problems }' },
    },
  },
  '/api/workflows/{id}': {
    get: {
      summary: 'A workflow with its draft document',
      tag: 'workflows',
      access: 'viewer',
      ok: { 200: 'The workflow' },
      errors: [404],
    },
    put: {
      summary: 'Save the draft (the document, or { draft, baseUpdatedAt } for conflict detection)',
      tag: 'workflows',
      access: 'editor',
      body: workflowRef,
      ok: { 200: 'The workflow' },
      errors: [404, 409],
    },
    delete: {
      summary: 'Delete a workflow (deactivates it first)',
      tag: 'workflows',
      access: 'editor',
      ok: { 204: 'Deleted' },
      errors: [404],
    },
  },
  '/api/workflows/{id}/export': {
    get: {
      summary: 'Download the draft (or ?version=n) as a document file',
      tag: 'workflows',
      access: 'viewer',
      query: { version: 'A published version' },
      ok: { 200: 'The document' },
      errors: [404],
    },
  },
  '/api/workflows/{id}/publish': {
    post: {
      summary: 'Validate the draft and store it as the next immutable version',
      tag: 'workflows',
      access: 'editor',
      ok: { 201: '{ workflow, version, warnings }' },
      errors: [404, 422],
    },
  },
  '/api/workflows/{id}/versions': {
    get: {
      summary: 'Published versions, newest first',
      tag: 'workflows',
      access: 'viewer',
      ok: { 200: '{ items }' },
      errors: [404],
    },
  },
  '/api/workflows/{id}/versions/{n}': {
    get: {
      summary: 'One published version with its document',
      tag: 'workflows',
      access: 'viewer',
      ok: { 200: 'The version' },
      errors: [404],
    },
  },
  '/api/workflows/{id}/run': {
    post: {
      summary: 'Run the draft (or a version) once with sample input; answers when it ends or waits (bounded)',
      tag: 'executions',
      access: 'editor',
      body: obj({ input: {}, version: { type: 'integer' }, triggerNodeId: str, waitMs: { type: 'integer' } }),
      ok: { 201: 'The run: summary fields and run (the RunState with its steps)' },
      errors: [404, 422],
    },
  },
  '/api/executions': {
    get: {
      summary: 'Runs, newest first, filtered and paged by cursor',
      tag: 'executions',
      access: 'viewer',
      query: {
        workflowId: 'Only this workflow',
        status: 'Comma-separated: queued, running, waiting, succeeded, failed, stopped, canceled, crashed',
        trigger: 'Trigger kind (webhook, schedule, manual …)',
        from: 'Started at or after (ISO 8601 or epoch ms)',
        to: 'Started before (ISO 8601 or epoch ms)',
        limit: 'Page size (1–200, default 50)',
        cursor: 'nextCursor of the previous page',
      },
      ok: { 200: '{ items, nextCursor, total }' },
    },
  },
  '/api/executions/{id}': {
    get: {
      summary: 'One run with its steps (input, output, branch, duration, error)',
      tag: 'executions',
      access: 'viewer',
      ok: { 200: 'Summary fields, state (RunState) and steps' },
      errors: [404],
    },
  },
  '/api/executions/{id}/retry': {
    post: {
      summary: 'Retry a failed, crashed or canceled run from its failed step, with the inputs it had',
      tag: 'executions',
      access: 'editor',
      ok: { 202: '{ id, runId, retryOf }: the new run' },
      errors: [404, 409],
    },
  },
  '/api/executions/{id}/cancel': {
    post: {
      summary: 'Cancel a queued, running or waiting run',
      tag: 'executions',
      access: 'editor',
      ok: { 200: '{ id, status: canceled | canceling }' },
      errors: [404, 409],
    },
  },
  '/webhook/{path}': {
    post: {
      summary: "Call an active workflow's webhook trigger (any method its trigger names)",
      tag: 'webhooks',
      access: 'public',
      ok: {
        200: "sync mode: the respond node's answer",
        202: '{ runId }: accepted (async mode, or sync mode past its timeout)',
      },
      errors: [400, 401, 404, 405, 413, 429, 503],
      content: '*/*',
    },
  },
  '/api/workflows/{id}/activate': {
    post: {
      summary: 'Run on triggers (the latest or the given published version)',
      tag: 'workflows',
      access: 'editor',
      ok: { 200: 'The workflow' },
      errors: [404, 409],
    },
  },
  '/api/workflows/{id}/deactivate': {
    post: {
      summary: 'Stop running on triggers',
      tag: 'workflows',
      access: 'editor',
      ok: { 200: 'The workflow' },
      errors: [404],
    },
  },
};

/** The whole document, built once per call (cheap; the route caches it). */
export function buildOpenApiDocument(options: { serverUrl: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(openApiPaths)) {
    const item: Record<string, unknown> = {};
    for (const [method, spec] of Object.entries(methods)) item[method] = operation(spec);
    paths[path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Musubi API',
      version: '0.1.0',
      description:
        'All errors are { error: { code, message, details } }. Authenticate with the session cookie (writes need the X-CSRF-Token header from /api/auth/me) or Authorization: Bearer msb_… (npx musubi token create).',
    },
    servers: [{ url: options.serverUrl }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'msb_… API token' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'musubi_session' },
      },
      schemas: {
        Error: obj({ error: obj({ code: str, message: str, details: {} }, ['code', 'message', 'details']) }, [
          'error',
        ]),
        WorkflowDocument: workflowSchema,
      },
    },
  };
}
