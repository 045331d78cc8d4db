import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { BaseError, UniqueConstraintError } from 'sequelize';
import { isRecord } from '../../runtime/engine/registry';
import type { Language, Localized } from '../../runtime/model/localized';
import type { Logger } from '../../runtime/ports/logger';

/** A refusal the client should see: an HTTP status, a stable code, a message in both languages. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly localized: Localized;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(options: {
    status: number;
    code: string;
    message: Localized;
    details?: unknown;
    headers?: Record<string, string>;
  }) {
    super(options.message.en);
    this.name = 'HttpError';
    this.status = options.status;
    this.code = options.code;
    this.localized = options.message;
    this.details = options.details ?? null;
    this.headers = options.headers ?? {};
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

/** Japanese unless the browser prefers English (our users read Japanese first). */
export function requestLanguage(req: Request): Language {
  return req.acceptsLanguages('ja', 'en') === 'en' ? 'en' : 'ja';
}

/** Writes `{ error: { code, message, details } }` with the status. */
export function sendError(
  res: Response,
  options: { status: number; code: string; message: string; details?: unknown },
): void {
  const body: ErrorBody = {
    error: { code: options.code, message: options.message, details: options.details ?? null },
  };
  res.status(options.status).json(body);
}

export const notFoundError = (what: Localized): HttpError =>
  new HttpError({ status: 404, code: 'not_found', message: what });

/** For paths no router answered (every /api path, and non-page requests elsewhere): a JSON 404. */
export const apiNotFound: RequestHandler = (req, res) => {
  const path = req.originalUrl.split('?')[0] ?? '';
  const message: Localized = {
    ja: `${req.method} ${path} はありません。API の一覧は /api/openapi.json にあります。`,
    en: `There is nothing at ${req.method} ${path}. The API is listed at /api/openapi.json.`,
  };
  sendError(res, { status: 404, code: 'not_found', message: message[requestLanguage(req)] });
};

/** body-parser and raw-body errors carry a `type` and a 4xx `status`. */
function clientErrorFromParser(
  error: unknown,
): { status: number; code: string; message: Localized } | undefined {
  if (!isRecord(error) || typeof error.status !== 'number' || error.status < 400 || error.status >= 500)
    return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'invalid_json',
        message: {
          ja: 'リクエスト本文が JSON として読めません。',
          en: 'The request body is not valid JSON.',
        },
      };
    case 'entity.too.large':
      return {
        status: 413,
        code: 'payload_too_large',
        message: { ja: 'リクエスト本文が大きすぎます。', en: 'The request body is too large.' },
      };
    default:
      return {
        status: error.status,
        code: 'bad_request',
        message: { ja: 'リクエストを読めません。', en: 'The request cannot be read.' },
      };
  }
}

/**
 * The last middleware: every error becomes the JSON error body. Client mistakes get their 4xx;
 * anything else is a 500 with a generic message, and the stack goes to the log, never the client.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const lang = requestLanguage(req);
    if (error instanceof HttpError) {
      res.set(error.headers);
      sendError(res, {
        status: error.status,
        code: error.code,
        message: error.localized[lang],
        details: error.details,
      });
      return;
    }
    const parserError = clientErrorFromParser(error);
    if (parserError) {
      sendError(res, {
        status: parserError.status,
        code: parserError.code,
        message: parserError.message[lang],
      });
      return;
    }
    if (error instanceof UniqueConstraintError) {
      const message = { ja: '同じものがすでにあります。', en: 'That already exists.' };
      sendError(res, { status: 409, code: 'conflict', message: message[lang] });
      return;
    }
    logger.error('request failed', {
      method: req.method,
      path: req.path,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      database: error instanceof BaseError,
    });
    const message = {
      ja: 'サーバー内部でエラーが発生しました。時間をおいて再度お試しください。',
      en: 'Something went wrong on the server. Please try again later.',
    };
    sendError(res, { status: 500, code: 'internal_error', message: message[lang] });
  };
}
