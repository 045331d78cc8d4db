import type { OperationSpec as SlackOperation } from '../openapi-operation';

const tag = 'slack';
const obj = { type: 'object', properties: {} };

/** The Slack routes' OpenAPI entries, spread into server/openapi.ts's `openApiPaths`. */
export const slackOpenApiPaths: Record<
  string,
  Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', SlackOperation>>
> = {
  '/api/slack': {
    get: {
      summary: 'The integration switch and every workspace with its mapping, toggles and last error',
      tag,
      access: 'admin',
      ok: { 200: '{ enabled, workspaces }' },
    },
    patch: {
      summary: 'Switch the whole Slack integration off or on',
      tag,
      access: 'admin',
      body: obj,
      ok: { 200: '{ enabled }' },
      errors: [400],
    },
    delete: {
      summary: 'Delete the whole integration (every workspace and its data)',
      tag,
      access: 'admin',
      ok: { 204: 'Deleted' },
    },
  },
  '/api/slack/workspaces': {
    post: {
      summary: 'Connect a workspace with a pasted bot token and signing secret (auth.test checks it)',
      tag,
      access: 'admin',
      body: obj,
      ok: { 201: '{ workspace }' },
      errors: [400],
    },
  },
  '/api/slack/oauth/start': {
    post: {
      summary: '"Add to Slack": the authorize URL for the customer\'s Slack app (OAuth v2)',
      tag,
      access: 'admin',
      body: obj,
      ok: { 200: '{ url }' },
      errors: [400],
    },
  },
  '/api/slack/workspaces/{id}': {
    patch: {
      summary: 'Switch a workspace off/on ({ enabled }) or change its language and event toggles',
      tag,
      access: 'admin',
      body: obj,
      ok: { 200: '{ workspace }' },
      errors: [400, 404, 409],
    },
    delete: {
      summary: 'Delete a workspace and all its data (mapping, toggles, user links)',
      tag,
      access: 'admin',
      ok: { 204: 'Deleted' },
      errors: [404],
    },
  },
  '/api/slack/workspaces/{id}/regenerate': {
    post: {
      summary: 'Regenerate the token: OAuth again with the stored Slack app',
      tag,
      access: 'admin',
      ok: { 200: '{ url }' },
      errors: [404, 409],
    },
  },
  '/api/slack/workspaces/{id}/test': {
    post: {
      summary: 'Test the connection (auth.test)',
      tag,
      access: 'admin',
      ok: { 200: '{ ok, team | error }' },
      errors: [404],
    },
  },
  '/api/slack/workspaces/{id}/channels': {
    get: {
      summary: 'Channels the bot can see (conversations.list, every page)',
      tag,
      access: 'admin',
      ok: { 200: '{ items }' },
      errors: [400, 404],
    },
  },
  '/api/slack/workspaces/{id}/mapping': {
    put: {
      summary: 'Department → channel mapping (one department never to two channels)',
      tag,
      access: 'admin',
      body: obj,
      ok: { 200: '{ workspace }' },
      errors: [400, 404, 409],
    },
  },
  '/integrations/slack/commands': {
    post: {
      summary: 'Slack slash command /musubi (signed; answers within 3 s, later through response_url)',
      tag,
      access: 'public',
      ok: { 200: 'Slack message JSON' },
      errors: [401],
      content: 'application/x-www-form-urlencoded',
    },
  },
  '/integrations/slack/interactivity': {
    post: {
      summary: 'Slack button clicks (signed): assign to me, close',
      tag,
      access: 'public',
      ok: { 200: 'Empty; the result goes to response_url' },
      errors: [400, 401],
      content: 'application/x-www-form-urlencoded',
    },
  },
  '/integrations/slack/oauth/callback': {
    get: {
      summary: 'OAuth v2 redirect: checks state, exchanges the code, saves the workspace',
      tag,
      access: 'public',
      ok: { 303: 'To the Slack settings screen' },
      errors: [400],
      content: 'text/html',
    },
  },
  '/integrations/slack/link/{token}': {
    get: {
      summary: 'One-time sign-in link for a Slack user (HTML confirmation)',
      tag,
      access: 'public',
      ok: { 200: 'HTML page' },
      errors: [404],
      content: 'text/html',
    },
    post: {
      summary: 'Link the Slack user to the signed-in Musubi user (session + CSRF field)',
      tag,
      access: 'public',
      ok: { 200: 'HTML page' },
      errors: [403, 404],
      content: 'text/html',
    },
  },
};
