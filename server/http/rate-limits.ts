import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RateLimitRequestHandler } from 'express-rate-limit';
import { isRecord } from '../../runtime/engine/registry';
import { HttpError } from './errors';

/** Per client address + e-mail: slows guessing one account; the lockout (10 failures) stops it. */
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const LOGIN_LIMIT = 20;

function emailOf(req: Request): string {
  const body: unknown = req.body;
  const email = isRecord(body) ? body.email : undefined;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/**
 * Rate limit for POST /api/auth/login (and /api/setup). Counters live in this process's memory:
 * with several web processes each keeps its own, which the account lockout in the database backs up.
 */
export function loginRateLimit(options: { limit?: number; windowMs?: number } = {}): RateLimitRequestHandler {
  const windowMs = options.windowMs ?? LOGIN_WINDOW_MS;
  return rateLimit({
    windowMs,
    limit: options.limit ?? LOGIN_LIMIT,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? 'unknown')}|${emailOf(req)}`,
    handler: (_req, _res, next) => {
      const minutes = Math.ceil(windowMs / 60_000);
      next(
        new HttpError({
          status: 429,
          code: 'rate_limited',
          message: {
            ja: `ログインの試行が多すぎます。${minutes} 分ほど待ってから再度お試しください。`,
            en: `Too many sign-in attempts. Wait about ${minutes} minutes and try again.`,
          },
        }),
      );
    },
  });
}
