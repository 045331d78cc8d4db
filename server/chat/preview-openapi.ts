import type { OperationSpec } from '../openapi-operation';

const text = { type: 'string', minLength: 1, maxLength: 2000 };
const answer =
  '{ previewId, status (bot | running | forwarded | ended), messages (sender, text, choices, nodeId), run (RunState with its steps) }';

/** The editor's chat preview of a draft bot (spread into server/openapi.ts). */
export const chatPreviewOpenApiPaths: Record<
  string,
  Partial<Record<'get' | 'post' | 'delete', OperationSpec>>
> = {
  '/api/workflows/{id}/preview': {
    post: {
      summary:
        'Start a chat preview of the saved draft (not published, not activated; no inbox hand-over; CRM nodes write as in a test run)',
      tag: 'chat',
      access: 'editor',
      body: {
        type: 'object',
        properties: { language: { type: 'string', enum: ['ja', 'en'] }, text },
      },
      ok: { '201': `${answer}; previewId null while a first-message bot waits for text` },
      errors: [404, 422, 429],
    },
  },
  '/api/workflows/{id}/preview/{previewId}': {
    get: {
      summary: 'Messages of a preview after a cursor, with the run so far',
      tag: 'chat',
      access: 'editor',
      query: { after: 'Message id cursor' },
      ok: { '200': answer },
      errors: [404, 429],
    },
    delete: {
      summary: 'Stop a preview that is still going (restart, panel closed)',
      tag: 'chat',
      access: 'editor',
      ok: { '204': 'Stopped' },
      errors: [404, 429],
    },
  },
  '/api/workflows/{id}/preview/{previewId}/messages': {
    post: {
      summary: "Send the visitor's message to a preview; answers the lines of the turn and the run so far",
      tag: 'chat',
      access: 'editor',
      body: { type: 'object', required: ['text'], properties: { text } },
      ok: { '200': answer },
      errors: [404, 409, 429],
    },
  },
};
