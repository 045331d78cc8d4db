import express, { Router } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { isRecord } from '../../runtime/engine/registry';
import type { Localized } from '../../runtime/model/localized';
import type { AppDeps } from '../app';
import { executionForApp } from '../execution/app-wiring';
import type { Execution, RunSignal } from '../execution/index';
import { checkWebhookAuth, ReplayGuard, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../execution/webhook-auth';
import { normalizePath, type WebhookRoute } from '../execution/webhook-registry';
import { requestLanguage, sendError } from '../http/errors';
import { sharedLimitOptions } from '../http/shared-rate-limit';

/** Headers never handed to a run: credentials, and the webhook's own secret and signature. */
const DROPPED_HEADERS = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
  TIMESTAMP_HEADER,
  SIGNATURE_HEADER,
]);
/** Headers a respond node may not set (the server owns the framing of its answer). */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const IDEMPOTENCY_KEY_MAX = 300;

interface Matched {
  route: WebhookRoute;
  path: string;
}

function fail(
  req: Request,
  res: Response,
  input: { status: number; code: string; message: Localized; details?: unknown },
): void {
  sendError(res, {
    status: input.status,
    code: input.code,
    message: input.message[requestLanguage(req)],
    details: input.details,
  });
}

/** The webhook path after `/webhook/`. */
function hookPath(req: Request): string {
  const value: unknown = req.params.path;
  const parts = Array.isArray(value) ? value.filter((part) => typeof part === 'string') : [];
  return normalizePath(parts.join('/'));
}

function headersOf(req: Request, route: WebhookRoute): Record<string, string> {
  const secretHeader = route.config.auth === 'header' ? route.config.headerName?.toLowerCase() : undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (DROPPED_HEADERS.has(name) || name === secretHeader || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The body as the run sees it: JSON parsed, forms as objects, text as text. */
function parseBody(req: Request, raw: Buffer): { ok: true; body: unknown } | { ok: false } {
  if (raw.length === 0) return { ok: true, body: null };
  const text = raw.toString('utf8');
  const type = (req.get('content-type') ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      const body: unknown = JSON.parse(text);
      return { ok: true, body };
    } catch {
      return { ok: false };
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const existing = form[key];
      form[key] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    return { ok: true, body: form };
  }
  return { ok: true, body: text };
}

function queryOf(req: Request): Record<string, unknown> {
  const query: unknown = req.query;
  return isRecord(query) ? query : {};
}

/**
 * Writes an answer straight to the socket: the hot path of a sync webhook skips Express's
 * `send` (ETag hashing, MIME lookups), which costs more than the run itself.
 */
function writeAnswer(
  res: Response,
  input: { status: number; headers: Record<string, string>; body: string },
): void {
  const headers: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(input.headers)) {
    if (!FRAMING_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  headers['content-length'] = Buffer.byteLength(input.body);
  res.writeHead(input.status, headers);
  res.end(input.body);
}

/** Sends a respond node's answer (or a run's end) to the caller. */
function sendSignal(
  req: Request,
  res: Response,
  input: { signal: RunSignal | undefined; runId: string },
): void {
  const { signal, runId } = input;
  const response = signal?.kind === 'response' ? signal.response : signal?.outcome.response;
  if (response) {
    const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null);
    writeAnswer(res, { status: response.status, headers: response.headers, body });
    return;
  }
  if (signal?.kind === 'settled') {
    const { status, error } = signal.outcome;
    if (status === 'succeeded' || status === 'stopped') {
      writeAnswer(res, { status: 200, headers: {}, body: JSON.stringify({ runId, status }) });
      return;
    }
    if (status !== 'waiting') {
      fail(req, res, {
        status: 500,
        code: 'run_failed',
        message: error?.localized ?? {
          ja: `ワークフローの実行が ${status} で終わりました。`,
          en: error?.message ?? `The workflow run ended ${status}.`,
        },
        details: { runId, status, error: error ?? null },
      });
      return;
    }
  }
  // Still running or waiting after the timeout: the run goes on; the caller gets its id.
  const status = signal?.kind === 'settled' ? signal.outcome.status : 'running';
  writeAnswer(res, { status: 202, headers: {}, body: JSON.stringify({ runId, status }) });
}

const WINDOW_MS = 60_000;

function rateLimiter(deps: AppDeps, perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    // One counter per address and hook path, shared by every web process on Postgres.
    ...sharedLimitOptions({
      db: deps.db,
      logger: deps.services.logger,
      name: 'webhook',
      windowMs: WINDOW_MS,
    }),
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? 'unknown')}|${hookPath(req)}`,
    handler: (req, res) =>
      fail(req, res, {
        status: 429,
        code: 'rate_limited',
        message: {
          ja: 'この Webhook への呼び出しが多すぎます。少し待ってから再度お試しください。',
          en: 'Too many calls to this webhook. Wait a moment and try again.',
        },
      }),
  });
}

/**
 * `/webhook/<path>`: finds the active workflow answering the path and method, checks its auth,
 * and starts a run. The answer (202 with the run id, or the respond node's answer in sync mode)
 * is sent only after the run and its job are committed, so an acknowledged call is never lost.
 */
export function webhookRoutes(deps: AppDeps): Router {
  const execution = executionForApp(deps);
  const settings = execution.context.settings;
  const replay = new ReplayGuard();
  const matches = new WeakMap<Request, Matched>();
  const router = Router();
  const raw = express.raw({ type: () => true, limit: settings.webhookBodyLimitBytes });

  const match: RequestHandler = (req, res, next) => {
    if (execution.isStopping) {
      fail(req, res, {
        status: 503,
        code: 'shutting_down',
        message: { ja: 'サーバーを停止しています。', en: 'The server is shutting down.' },
      });
      return;
    }
    const path = hookPath(req);
    const route = execution.webhooks.find(req.method, path);
    if (route) {
      matches.set(req, { route, path });
      next();
      return;
    }
    const methods = execution.webhooks.methodsOf(path);
    if (methods.length > 0) {
      res.set('Allow', methods.join(', '));
      fail(req, res, {
        status: 405,
        code: 'method_not_allowed',
        message: {
          ja: `この Webhook は ${methods.join(', ')} で呼び出してください。`,
          en: `Call this webhook with ${methods.join(', ')}.`,
        },
      });
      return;
    }
    fail(req, res, {
      status: 404,
      code: 'webhook_not_found',
      message: {
        ja: `Webhook「${path}」はありません。ワークフローが有効になっているか確認してください。`,
        en: `There is no webhook "${path}". Check that its workflow is active.`,
      },
    });
  };

  const tooLarge = (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (isRecord(error) && error.type === 'entity.too.large') {
      fail(req, res, {
        status: 413,
        code: 'payload_too_large',
        message: {
          ja: `本文が大きすぎます（上限 ${Math.round(settings.webhookBodyLimitBytes / 1024)} KB）。`,
          en: `The body is too large (limit ${Math.round(settings.webhookBodyLimitBytes / 1024)} KB).`,
        },
      });
      return;
    }
    next(error);
  };

  const handle: RequestHandler = async (req, res) => {
    const matched = matches.get(req);
    if (!matched) return;
    await accept({ execution, req, res, route: matched.route, path: matched.path, replay });
  };

  router.all('/webhook', match);
  router.all(
    '/webhook/*path',
    match,
    rateLimiter(deps, settings.webhookRateLimitPerMinute),
    raw,
    tooLarge,
    handle,
  );
  return router;
}

async function accept(input: {
  execution: Execution;
  req: Request;
  res: Response;
  route: WebhookRoute;
  path: string;
  replay: ReplayGuard;
}): Promise<void> {
  const { execution, req, res, route } = input;
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const idempotencyKey = req.get('idempotency-key')?.trim();
  if (
    idempotencyKey !== undefined &&
    (idempotencyKey.length === 0 || idempotencyKey.length > IDEMPOTENCY_KEY_MAX)
  ) {
    fail(req, res, {
      status: 400,
      code: 'invalid_idempotency_key',
      message: {
        ja: `Idempotency-Key は 1〜${IDEMPOTENCY_KEY_MAX} 文字にしてください。`,
        en: `The Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX} characters.`,
      },
    });
    return;
  }
  const denied = checkWebhookAuth({
    config: route.config,
    header: (name) => req.get(name),
    rawBody,
    now: execution.context.clock.now(),
    replay: input.replay,
    idempotent: idempotencyKey !== undefined,
  });
  if (denied) {
    fail(req, res, { status: 401, code: denied.code, message: denied.message });
    return;
  }
  const parsed = parseBody(req, rawBody);
  if (!parsed.ok) {
    fail(req, res, {
      status: 400,
      code: 'invalid_json',
      message: { ja: '本文が JSON として読めません。', en: 'The body is not valid JSON.' },
    });
    return;
  }
  const sync = route.config.responseMode === 'sync';
  let heard: (signal: RunSignal) => void = () => undefined;
  const early = new Promise<RunSignal>((resolve) => (heard = resolve));
  const result = await execution.service.trigger({
    workflowId: route.workflowId,
    version: route.version,
    document: route.document,
    triggerNodeId: route.nodeId,
    triggerKind: 'webhook',
    payload: {
      body: parsed.body,
      headers: headersOf(req, route),
      query: queryOf(req),
      method: req.method,
      path: input.path,
    },
    idempotency:
      idempotencyKey === undefined
        ? undefined
        : { scope: `webhook:${route.workflowId}`, key: idempotencyKey },
    listen: sync ? heard : undefined,
  });
  res.setHeader('X-Musubi-Run-Id', result.runId);
  if (result.outcome === 'duplicate') res.setHeader('Idempotent-Replayed', 'true');
  if (!sync) {
    writeAnswer(res, { status: 202, headers: {}, body: JSON.stringify({ runId: result.runId }) });
    return;
  }
  const signal = await execution.service.waitFor({
    runId: result.runId,
    timeoutMs: route.config.syncTimeoutMs,
    local: result.local,
    untilResponse: true,
    early,
  });
  result.unlisten();
  sendSignal(req, res, { signal, runId: result.runId });
}
