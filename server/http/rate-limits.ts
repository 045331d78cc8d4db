import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RateLimitRequestHandler } from 'express-rate-limit';
import { isRecord } from '../../runtime/engine/registry';
import type { Logger } from '../../runtime/ports/logger';
import type { Database } from '../db/connection';
import { HttpError } from './errors';
import { sharedLimitOptions } from './shared-rate-limit';

/** Per client address + e-mail: slows guessing one account; the lockout (10 failures) stops it. */
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const LOGIN_LIMIT = 20;

function emailOf(req: Request): string {
  const body: unknown = req.body;
  const email = isRecord(body) ? body.email : undefined;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/**
 * Rate limit for POST /api/auth/login (and /api/setup). On PostgreSQL the counters are shared by
 * every web process (see shared-rate-limit.ts); on SQLite they live in this one process's memory.
 * The account lockout in the database backs it up either way.
 */
export function loginRateLimit(options: {
  db: Database;
  logger: Logger;
  limit?: number;
  windowMs?: number;
}): RateLimitRequestHandler {
  const windowMs = options.windowMs ?? LOGIN_WINDOW_MS;
  return rateLimit({
    ...sharedLimitOptions({ db: options.db, logger: options.logger, name: 'login', windowMs }),
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
