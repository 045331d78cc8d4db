import { Router } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { isRecord } from '../../runtime/engine/registry';
import { hostedChatPage } from '../chat/page';
import { chatForApp } from '../chat/wiring';
import { WIDGET_SCRIPT } from '../chat/widget-client';
import type { VisitorInfo } from '../db/models/chat/index';
import { HttpError, requestLanguage } from '../http/errors';
import { pathParam } from '../http/params';
import { sharedLimitOptions } from '../http/shared-rate-limit';
import type { RouteDeps } from '../routes/deps';
import { streamConversation } from './chat-stream';

/** Requests per minute; 0 turns a limit off (the benchmark drives 200 chats from one address). */
export interface ChatLimits {
  startsPerIp: number;
  messagesPerIp: number;
  messagesPerConversation: number;
  readsPerIp: number;
}

function limitFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** Defaults: generous for people, tight for scripts; MUSUBI_CHAT_IP_LIMIT=0 lifts the per-address ones. */
export function defaultChatLimits(): ChatLimits {
  const perIp = limitFromEnv('MUSUBI_CHAT_IP_LIMIT', 1);
  return {
    startsPerIp: perIp === 0 ? 0 : 20,
    messagesPerIp: perIp === 0 ? 0 : 120,
    messagesPerConversation: 30,
    readsPerIp: perIp === 0 ? 0 : 600,
  };
}

const WINDOW_MS = 60_000;

/** `name` keeps this limiter's counters apart from the others' when they are shared (Postgres). */
function limiter(
  deps: RouteDeps,
  name: string,
  limit: number,
  key: (req: Request) => string,
): RequestHandler {
  if (limit <= 0) return (_req, _res, next) => next();
  return rateLimit({
    ...sharedLimitOptions({ db: deps.db, logger: deps.services.logger, name, windowMs: WINDOW_MS }),
    windowMs: WINDOW_MS,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: key,
    handler: (_req, _res, next) =>
      next(
        new HttpError({
          status: 429,
          code: 'rate_limited',
          message: {
            ja: 'メッセージが多すぎます。少し待ってから送ってください。',
            en: 'Too many messages. Wait a moment and try again.',
          },
        }),
      ),
  });
}

const ipKey = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');

/** The widget runs on other sites: the chat API answers any origin, without cookies. */
function cors(req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers': 'Content-Type, X-Chat-Token, Accept-Language',
    'Access-Control-Max-Age': '600',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next();
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;
}

/** The visitor fields the widget may send, each trimmed and bounded; anything else is dropped. */
function visitorOf(body: unknown): VisitorInfo {
  const raw = isRecord(body) && isRecord(body.visitor) ? body.visitor : {};
  const visitor: VisitorInfo = {};
  const name = text(raw.name, 200);
  const email = text(raw.email, 320);
  const phone = text(raw.phone, 40);
  const pageUrl = text(raw.pageUrl, 2_000);
  const language = text(raw.language, 35);
  if (name) visitor.name = name;
  if (email) visitor.email = email;
  if (phone) visitor.phone = phone;
  if (pageUrl) visitor.pageUrl = pageUrl;
  if (language) visitor.language = language;
  return visitor;
}

/** The visitor's conversation token: the X-Chat-Token header, or `token` in the query (EventSource). */
export function tokenOf(req: Request): string {
  const header = req.get('x-chat-token');
  if (header) return header;
  const query: unknown = req.query.token;
  return typeof query === 'string' ? query : '';
}

function cursorOf(req: Request): number {
  const raw = req.get('last-event-id') ?? req.query.after;
  const value = typeof raw === 'string' ? Number(raw) : 0;
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * The public chat surface (no sign-in): `/widget.js`, the hosted page `/chat/:botId`, and the
 * JSON API the widget speaks — start, send, poll — plus a server-sent event stream per
 * conversation. Visitors prove a conversation is theirs with the token they got at start.
 */
export function chatPublicRoutes(deps: RouteDeps & { limits?: Partial<ChatLimits> }): Router {
  const chat = chatForApp(deps);
  const limits = { ...defaultChatLimits(), ...deps.limits };
  const router = Router();

  router.get('/widget.js', (_req, res) => {
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': 'public, max-age=300',
    });
    res.send(WIDGET_SCRIPT);
  });

  router.get('/chat/:botId', (req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.type('html').send(hostedChatPage({ botId: pathParam(req, 'botId'), language: requestLanguage(req) }));
  });

  router.use('/api/chat', cors);
  const perConversation = limiter(
    deps,
    'chat.conversation',
    limits.messagesPerConversation,
    (req) => `conv:${pathParam(req, 'id')}`,
  );

  router.post(
    '/api/chat/bots/:botId/conversations',
    limiter(deps, 'chat.start', limits.startsPerIp, ipKey),
    async (req, res) => {
      const body: unknown = req.body;
      const first = isRecord(body) ? body.text : undefined;
      const result = await chat.service.start({
        botId: pathParam(req, 'botId'),
        visitor: visitorOf(body),
        ...(typeof first === 'string' ? { text: first } : {}),
      });
      res.status(201).json(result);
    },
  );

  router.post(
    '/api/chat/conversations/:id/messages',
    limiter(deps, 'chat.message', limits.messagesPerIp, ipKey),
    perConversation,
    async (req, res) => {
      const body: unknown = req.body;
      const started = process.hrtime.bigint();
      const result = await chat.service.send({
        conversationId: pathParam(req, 'id'),
        token: tokenOf(req),
        text: isRecord(body) ? body.text : undefined,
      });
      // Server-side time of the turn (store, resume, bot answer), read by the benchmark.
      res.set('Server-Timing', `turn;dur=${Number(process.hrtime.bigint() - started) / 1e6}`);
      res.json(result);
    },
  );

  router.get(
    '/api/chat/conversations/:id/messages',
    limiter(deps, 'chat.read', limits.readsPerIp, ipKey),
    async (req, res) => {
      res.json(
        await chat.service.messages({
          conversationId: pathParam(req, 'id'),
          token: tokenOf(req),
          after: cursorOf(req),
        }),
      );
    },
  );

  router.get(
    '/api/chat/conversations/:id/events',
    limiter(deps, 'chat.events', limits.readsPerIp, ipKey),
    async (req, res) => {
      const conversation = await chat.service.visitorConversation(pathParam(req, 'id'), tokenOf(req));
      streamConversation({ req, res, chat, conversationId: conversation.id, after: cursorOf(req) });
    },
  );

  return router;
}
