import type { OperationSpec as SharingOperation } from '../openapi-operation';

const share = 'sharing';

/** The sharing routes' OpenAPI entries, spread into server/openapi.ts's `openApiPaths`. */
export const sharingOpenApiPaths: Record<
  string,
  Partial<Record<'get' | 'post' | 'put' | 'delete', SharingOperation>>
> = {
  '/api/shares': {
    get: {
      summary: 'Currently shared records ("all externally shared"); filter by pipelineId or recordIds',
      tag: share,
      access: 'viewer',
      ok: { 200: '{ items }' },
      query: { pipelineId: 'One pipeline', recordIds: 'Comma-separated record ids (share icons)' },
    },
    post: {
      summary: 'Share a record: one active link per record; the URL is shown only in this answer',
      tag: share,
      access: 'viewer',
      body: { type: 'object', properties: { recordId: { type: 'string' } }, required: ['recordId'] },
      ok: { 201: '{ shareId, url, recipient, draft }' },
      errors: [404, 409],
    },
  },
  '/api/shares/mail': {
    post: {
      summary: 'Send the share e-mail (prefilled draft, possibly edited)',
      tag: share,
      access: 'viewer',
      body: { type: 'object', properties: {} },
      ok: { 202: '{ messageId, to }' },
      errors: [404, 409],
    },
  },
  '/api/shares/records/{recordId}': {
    delete: {
      summary: 'Unshare: the link answers 410 at once',
      tag: share,
      access: 'viewer',
      ok: { 204: 'Unshared' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/sharing': {
    get: {
      summary: 'Sharing settings of a pipeline and the fields and stages that can be shared',
      tag: share,
      access: 'viewer',
      ok: { 200: 'Settings' },
      errors: [404],
    },
    put: {
      summary: 'Save field permissions and customisation',
      tag: share,
      access: 'editor',
      body: { type: 'object', properties: {} },
      ok: { 200: 'Settings' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/sharing/enable': {
    post: {
      summary: 'Switch sharing on',
      tag: share,
      access: 'editor',
      ok: { 200: 'Settings' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/sharing/disable': {
    post: {
      summary: 'Switch sharing off and revoke every link of the pipeline',
      tag: share,
      access: 'editor',
      ok: { 200: 'Settings and revoked count' },
      errors: [404],
    },
  },
  '/api/pipelines/{id}/sharing/logo': {
    put: {
      summary: 'Upload the logo (PNG, JPEG, GIF or WebP, ≤ 256 KB; raw body)',
      tag: share,
      access: 'editor',
      ok: { 200: 'Settings' },
      errors: [404, 413],
    },
    delete: {
      summary: 'Remove the logo',
      tag: share,
      access: 'editor',
      ok: { 200: 'Settings' },
      errors: [404],
    },
  },
  '/s/{token}': {
    get: {
      summary: 'Public share page (HTML): the code gate, the permitted fields, or 410',
      tag: share,
      access: 'public',
      ok: { 200: 'HTML page' },
      errors: [404, 429],
      content: 'text/html',
    },
  },
  '/s/{token}/logo': {
    get: {
      summary: 'The logo of a live share page',
      tag: share,
      access: 'public',
      ok: { 200: 'Image' },
      errors: [404],
      content: 'image/png',
    },
  },
  '/s/{token}/code': {
    post: {
      summary: 'Mail a one-time code to the record address (form post)',
      tag: share,
      access: 'public',
      ok: { 200: 'HTML page' },
      errors: [429],
      content: 'text/html',
    },
  },
  '/s/{token}/verify': {
    post: {
      summary: 'Check the code; sets the 24 h cookie for this link and redirects (303)',
      tag: share,
      access: 'public',
      ok: { 303: 'Verified' },
      errors: [423],
      content: 'text/html',
    },
  },
};
