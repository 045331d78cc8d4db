/**
 * An HTTP server on 127.0.0.1 that imitates the Slack Web API contract of docs/seed-spec.md §2.1:
 * form or JSON bodies, `ok:false` errors with HTTP 200, 429 + Retry-After from a per-channel token
 * bucket, cursor paging, the OAuth v2 code exchange, and `response_url` receivers that count uses.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emptyState, teamOfToken } from './state';
import type { EmulatedChannel, EmulatedTeam, EmulatorState } from './state';

export interface BucketOptions {
  /** Messages a channel may take at once. */
  capacity: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
}

/** A canned answer for the next `count` calls of a method (failure injection). */
export interface Injection {
  method: string;
  count: number;
  status?: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface ResponseUrlReceiver {
  url: string;
  /** Bodies that were accepted (at most 5, within 30 minutes). */
  received: unknown[];
  /** Every POST, accepted or refused. */
  attempts: number;
}

export interface SlackEmulator {
  /** Base URL of the Web API, ending in `/api/`. */
  apiUrl: string;
  origin: string;
  state: EmulatorState;
  addTeam(options: {
    id: string;
    name: string;
    token: string;
    channels?: Partial<EmulatedChannel>[];
  }): EmulatedTeam;
  addApp(options: { clientId: string; clientSecret: string }): void;
  /** What Slack's authorize page would hand back after "Allow": a code for `oauth.v2.access`. */
  /** `postTo`: the channel picked under "Post to" (answered as `incoming_webhook`). */
  issueCode(options: { clientId: string; teamId: string; redirectUri?: string; postTo?: string }): string;
  inject(injection: Injection): void;
  /** A new response_url (valid 30 minutes, 5 uses). `now` shifts its clock for expiry tests. */
  responseUrl(): ResponseUrlReceiver;
  /** Moves the emulator's idea of "now" forward (expiry of response URLs). */
  advance(ms: number): void;
  messagesIn(channel: string): Array<{ text: string | undefined; blocks: unknown[] | undefined; ts: string }>;
  close(): Promise<void>;
}

const RESPONSE_URL_MAX_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

/** Starts the emulator on an ephemeral port. */
export async function startSlackEmulator(options: { bucket?: BucketOptions } = {}): Promise<SlackEmulator> {
  const bucket = options.bucket ?? { capacity: 1000, refillPerSecond: 1000 };
  const state = emptyState();
  const injections: Injection[] = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  const receivers = new Map<string, ResponseUrlReceiver & { createdAt: number }>();
  let offsetMs = 0;
  let tsCounter = 0;
  let codeCounter = 0;
  const now = () => Date.now() + offsetMs;

  function take(channel: string): number {
    const current = buckets.get(channel) ?? { tokens: bucket.capacity, at: now() };
    const refilled = Math.min(
      bucket.capacity,
      current.tokens + ((now() - current.at) / 1000) * bucket.refillPerSecond,
    );
    if (refilled >= 1) {
      buckets.set(channel, { tokens: refilled - 1, at: now() });
      return 0;
    }
    buckets.set(channel, { tokens: refilled, at: now() });
    return Math.max(1, Math.ceil((1 - refilled) / bucket.refillPerSecond));
  }

  function findChannel(team: EmulatedTeam, ref: string): EmulatedChannel | undefined {
    return team.channels.find(
      (channel) => channel.id === ref || `#${channel.name}` === ref || channel.name === ref,
    );
  }

  function api(method: string, args: Record<string, string>, token: string | undefined): Reply {
    if (method === 'oauth.v2.access') return oauthAccess(args);
    if (!token) return ok200({ ok: false, error: 'not_authed' });
    const found = teamOfToken(state, token);
    if (!found) return ok200({ ok: false, error: 'invalid_auth' });
    if (found.revoked) return ok200({ ok: false, error: 'token_revoked' });
    const team = found.team;
    switch (method) {
      case 'auth.test':
        return ok200({
          ok: true,
          url: `https://${team.id}.slack.test/`,
          team: team.name,
          team_id: team.id,
          user_id: team.botUserId,
          bot_id: `B${team.id}`,
        });
      case 'chat.postMessage':
        return postMessage(team, token, args);
      case 'conversations.list':
        return listChannels(team, args);
      case 'users.lookupByEmail': {
        const user = team.users.find((candidate) => candidate.email === args.email);
        return ok200(
          user
            ? { ok: true, user: { id: user.id, profile: { email: user.email } } }
            : { ok: false, error: 'users_not_found' },
        );
      }
      default:
        return ok200({ ok: false, error: 'unknown_method' });
    }
  }

  function postMessage(team: EmulatedTeam, token: string, args: Record<string, string>): Reply {
    const ref = args.channel ?? '';
    let blocks: unknown[] | undefined;
    if (args.blocks !== undefined) {
      const parsed: unknown = safeJson(args.blocks);
      if (!Array.isArray(parsed)) return ok200({ ok: false, error: 'invalid_blocks' });
      if (parsed.length > 50)
        return ok200({ ok: false, error: 'invalid_blocks', errors: ['must be at most 50 blocks'] });
      blocks = parsed;
    }
    if (!args.text && !blocks) return ok200({ ok: false, error: 'no_text' });
    if ((args.text ?? '').length > 40_000) return ok200({ ok: false, error: 'msg_too_long' });
    let channelId: string;
    if (/^U/.test(ref)) {
      if (!team.users.some((user) => user.id === ref))
        return ok200({ ok: false, error: 'channel_not_found' });
      channelId = `D${ref.slice(1)}`;
    } else {
      const channel = findChannel(team, ref);
      if (!channel) return ok200({ ok: false, error: 'channel_not_found' });
      if (channel.isArchived) return ok200({ ok: false, error: 'is_archived' });
      if (!channel.isMember) return ok200({ ok: false, error: 'not_in_channel' });
      channelId = channel.id;
    }
    const waitSeconds = take(channelId);
    if (waitSeconds > 0) {
      return {
        status: 429,
        headers: { 'Retry-After': String(waitSeconds) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    tsCounter += 1;
    const ts = `${Math.floor(now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
    state.messages.push({ token, channel: channelId, ts, text: args.text, blocks, threadTs: args.thread_ts });
    return ok200({ ok: true, channel: channelId, ts, message: { text: args.text, ts } });
  }

  function listChannels(team: EmulatedTeam, args: Record<string, string>): Reply {
    const types = (args.types ?? 'public_channel').split(',');
    const wanted = team.channels.filter(
      (channel) =>
        types.includes(channel.isPrivate ? 'private_channel' : 'public_channel') &&
        !(args.exclude_archived === 'true' && channel.isArchived),
    );
    const limit = Math.max(1, Math.min(1000, Number(args.limit ?? 100) || 100));
    const start = args.cursor ? Number(Buffer.from(args.cursor, 'base64url').toString()) : 0;
    const page = wanted.slice(start, start + limit);
    const next =
      start + limit < wanted.length ? Buffer.from(String(start + limit)).toString('base64url') : '';
    return ok200({
      ok: true,
      channels: page.map((channel) => ({
        id: channel.id,
        name: channel.name,
        is_private: channel.isPrivate,
        is_archived: channel.isArchived,
        is_member: channel.isMember,
      })),
      response_metadata: { next_cursor: next },
    });
  }

  function oauthAccess(args: Record<string, string>): Reply {
    const app = state.apps.find((candidate) => candidate.clientId === args.client_id);
    if (!app || app.clientSecret !== args.client_secret)
      return ok200({ ok: false, error: 'invalid_client_id' });
    const grant = args.code === undefined ? undefined : app.codes.get(args.code);
    if (!grant || args.code === undefined) return ok200({ ok: false, error: 'invalid_code' });
    if (grant.redirectUri !== undefined && grant.redirectUri !== args.redirect_uri) {
      return ok200({ ok: false, error: 'bad_redirect_uri' });
    }
    app.codes.delete(args.code);
    const team = state.teams.find((candidate) => candidate.id === grant.teamId);
    if (!team) return ok200({ ok: false, error: 'invalid_code' });
    codeCounter += 1;
    const token = `xoxb-${team.id}-oauth-${codeCounter}`;
    team.tokens.add(token);
    const postTo = grant.postTo ? findChannel(team, grant.postTo) : undefined;
    return ok200({
      ...(postTo
        ? {
            incoming_webhook: {
              channel: `#${postTo.name}`,
              channel_id: postTo.id,
              configuration_url: `https://${team.id}.slack.test/services/B${codeCounter}`,
              url: `https://hooks.slack.test/services/${team.id}/B${codeCounter}/x`,
            },
          }
        : {}),
      ok: true,
      access_token: token,
      token_type: 'bot',
      scope: 'chat:write,commands,channels:read,groups:read,im:write,users:read.email',
      bot_user_id: team.botUserId,
      app_id: 'A0EMULATOR',
      team: { id: team.id, name: team.name },
      enterprise: null,
      authed_user: { id: 'U0INSTALLER' },
    });
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/response/'))
      return respondToResponseUrl(url.pathname.slice('/response/'.length), raw, res);
    if (url.pathname === '/_emulator/fail' && req.method === 'POST') return injectFromHttp(raw, res);
    if (!url.pathname.startsWith('/api/'))
      return send(res, { status: 404, body: { ok: false, error: 'not_found' } });
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(req.headers['content-type'] ?? '', raw, url);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : args.token;
    state.calls.push({ method, args });
    const injection = injections.find((candidate) => candidate.method === method && candidate.count > 0);
    if (injection) {
      injection.count -= 1;
      return send(res, {
        status: injection.status ?? 200,
        body: injection.body,
        headers: injection.headers ?? {},
      });
    }
    send(res, api(method, args, token));
  }

  /** `POST /_emulator/fail` {method, count, status?, body, headers?}: the next calls answer that. */
  function injectFromHttp(raw: string, res: ServerResponse): void {
    const parsed: unknown = safeJson(raw);
    if (typeof parsed !== 'object' || parsed === null || !('method' in parsed) || !('body' in parsed)) {
      return send(res, { status: 400, body: { ok: false, error: 'invalid_injection' } });
    }
    const injection = parsed as Injection;
    injections.push({ ...injection, count: injection.count || 1 });
    send(res, { status: 200, body: { ok: true } });
  }

  function respondToResponseUrl(id: string, raw: string, res: ServerResponse): void {
    const receiver = receivers.get(id);
    if (!receiver) return send(res, { status: 404, body: { ok: false, error: 'invalid_url' } });
    receiver.attempts += 1;
    if (now() - receiver.createdAt > RESPONSE_URL_LIFETIME_MS)
      return send(res, { status: 404, body: { ok: false, error: 'expired_url' } });
    if (receiver.received.length >= RESPONSE_URL_MAX_USES)
      return send(res, { status: 404, body: { ok: false, error: 'used_url' } });
    receiver.received.push(safeJson(raw));
    send(res, { status: 200, body: { ok: true } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${address.port}`;
  let responseCounter = 0;

  return {
    apiUrl: `${origin}/api/`,
    origin,
    state,
    addTeam: (team) => {
      const created: EmulatedTeam = {
        id: team.id,
        name: team.name,
        botUserId: `UBOT${team.id}`,
        tokens: new Set([team.token]),
        revoked: new Set(),
        channels: (team.channels ?? []).map((channel, index) => ({
          id: channel.id ?? `C${team.id}${index}`,
          name: channel.name ?? `channel-${index}`,
          isPrivate: channel.isPrivate ?? false,
          isArchived: channel.isArchived ?? false,
          isMember: channel.isMember ?? true,
        })),
        users: [],
      };
      state.teams.push(created);
      return created;
    },
    addApp: (app) => {
      state.apps.push({ ...app, codes: new Map() });
    },
    issueCode: (grant) => {
      const app = state.apps.find((candidate) => candidate.clientId === grant.clientId);
      if (!app) throw new Error(`no app ${grant.clientId}`);
      codeCounter += 1;
      const code = `code-${codeCounter}`;
      app.codes.set(code, { teamId: grant.teamId, redirectUri: grant.redirectUri, postTo: grant.postTo });
      return code;
    },
    inject: (injection) => {
      injections.push({ ...injection });
    },
    responseUrl: () => {
      responseCounter += 1;
      const id = `r${responseCounter}`;
      const receiver = { url: `${origin}/response/${id}`, received: [], attempts: 0, createdAt: now() };
      receivers.set(id, receiver);
      return receiver;
    },
    advance: (ms) => {
      offsetMs += ms;
    },
    messagesIn: (channel) =>
      state.messages
        .filter((message) => message.channel === channel)
        .map((message) => ({ text: message.text, blocks: message.blocks, ts: message.ts })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const ok200 = (body: Record<string, unknown>): Reply => ({ status: 200, body });

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Form fields or JSON properties as strings (objects re-encoded as JSON, as Slack reads them). */
function parseArgs(contentType: string, raw: string, url: URL): Record<string, string> {
  const args: Record<string, string> = Object.fromEntries(url.searchParams);
  if (contentType.startsWith('application/json')) {
    const parsed = safeJson(raw);
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [key, value] of Object.entries(parsed)) {
        args[key] = typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    return args;
  }
  for (const [key, value] of new URLSearchParams(raw)) args[key] = value;
  return args;
}
