import type { OperationSpec as ChatOperation } from '../openapi-operation';

/** The chat and inbox paths of the OpenAPI document (spread into server/openapi.ts). */
export const chatOpenApiPaths: Record<string, Partial<Record<'get' | 'post' | 'put', ChatOperation>>> = {
  '/widget.js': {
    get: {
      summary: 'Chat widget script (one script tag with data-bot)',
      tag: 'chat',
      access: 'public',
      ok: { '200': 'JavaScript' },
      content: 'text/javascript',
    },
  },
  '/chat/{botId}': {
    get: {
      summary: 'Hosted full-page chat',
      tag: 'chat',
      access: 'public',
      ok: { '200': 'HTML page' },
      content: 'text/html',
    },
  },
  '/api/chat/bots/{botId}/conversations': {
    post: {
      summary: 'Start a conversation with an active bot; answers the token and the first messages',
      tag: 'chat',
      access: 'public',
      body: {
        type: 'object',
        properties: { visitor: { type: 'object' }, text: { type: 'string', maxLength: 2000 } },
      },
      ok: {
        '201': 'Conversation started (conversationId null until the first message for bots that start on it)',
      },
      errors: [404, 429, 503],
    },
  },
  '/api/chat/conversations/{id}/messages': {
    get: {
      summary: 'Messages after a cursor (polling); X-Chat-Token header or token query',
      tag: 'chat',
      access: 'public',
      query: { after: 'Message id cursor', token: 'Conversation token' },
      ok: { '200': 'Status and messages' },
      errors: [404, 429],
    },
    post: {
      summary: 'Send a visitor message (X-Chat-Token); answers the bot replies of the turn',
      tag: 'chat',
      access: 'public',
      body: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 2000 } } },
      ok: { '200': 'Status and the messages of the turn' },
      errors: [404, 409, 429, 503],
    },
  },
  '/api/chat/conversations/{id}/events': {
    get: {
      summary: 'Server-sent events of a conversation (message, status, typing)',
      tag: 'chat',
      access: 'public',
      query: { after: 'Message id cursor', token: 'Conversation token' },
      ok: { '200': 'text/event-stream' },
      content: 'text/event-stream',
      errors: [404, 429],
    },
  },
  '/api/inbox/conversations': {
    get: {
      summary: 'Forwarded chats (agent inbox)',
      tag: 'inbox',
      access: 'viewer',
      query: { status: 'bot | forwarded | closed', agentId: 'Only this agent' },
      ok: { '200': 'Conversations' },
    },
  },
  '/api/inbox/conversations/{id}': {
    get: {
      summary: 'A conversation with its whole transcript',
      tag: 'inbox',
      access: 'viewer',
      ok: { '200': 'Conversation' },
      errors: [404],
    },
  },
  '/api/inbox/conversations/{id}/reply': {
    post: {
      summary: 'Reply as the agent',
      tag: 'inbox',
      access: 'editor',
      body: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 2000 } } },
      ok: { '201': 'The stored message' },
      errors: [404, 409],
    },
  },
  '/api/inbox/conversations/{id}/close': {
    post: {
      summary: 'Close the chat',
      tag: 'inbox',
      access: 'editor',
      ok: { '204': 'Closed' },
      errors: [404],
    },
  },
  '/api/inbox/agents': {
    get: {
      summary: 'Agents and their availability for chats',
      tag: 'inbox',
      access: 'viewer',
      ok: { '200': 'Agents' },
    },
  },
  '/api/inbox/agents/{agentId}/presence': {
    put: {
      summary: 'Set whether an agent takes forwarded chats',
      tag: 'inbox',
      access: 'editor',
      body: { type: 'object', required: ['available'], properties: { available: { type: 'boolean' } } },
      ok: { '204': 'Saved' },
      errors: [404],
    },
  },
};
