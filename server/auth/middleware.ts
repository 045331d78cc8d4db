import type { Request, RequestHandler } from 'express';
import type { Database } from '../db/index';
import type { Role, UserModel } from '../db/models/index';
import type { Clock } from '../../runtime/ports/clock';
import { HttpError } from '../http/errors';
import { isRecord } from '../../runtime/engine/registry';
import { findApiTokenUser } from './api-tokens';
import { setSessionCookie } from './cookies';
import type { SessionCookie } from './cookies';
import { roleAtLeast } from './roles';
import { safeEqual } from './secrets';
import { findSession } from './sessions';

/** Who is making the request and how they proved it. */
export interface AuthContext {
  user: UserModel;
  via: 'session' | 'token';
  /** The stored session id (the hash), for logout. */
  sessionId?: string;
  csrfToken?: string;
  tokenId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` when the request carries a valid session cookie or API token. */
    auth?: AuthContext;
  }
}

/** Header a cookie-authenticated write must carry, matching the session's token. */
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const unauthenticated = new HttpError({
  status: 401,
  code: 'unauthenticated',
  message: { ja: 'ログインしてください。', en: 'Please sign in.' },
});

/**
 * Reads `Authorization: Bearer msb_…` or the session cookie and sets `req.auth`. A request with
 * neither passes through unauthenticated (public routes); a bad bearer token is refused outright,
 * since a script sending one wants to know.
 */
export function authenticate(options: { db: Database; clock: Clock; cookie: SessionCookie }): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined && /^bearer\s/i.test(header)) {
      const found = await findApiTokenUser({
        db: options.db,
        clock: options.clock,
        token: header.replace(/^bearer\s+/i, '').trim(),
      });
      if (!found) {
        throw new HttpError({
          status: 401,
          code: 'invalid_token',
          message: { ja: 'API トークンが無効です。', en: 'The API token is not valid.' },
          headers: { 'WWW-Authenticate': 'Bearer' },
        });
      }
      req.auth = { user: found.user, via: 'token', tokenId: found.token.id };
      next();
      return;
    }
    const cookieValue = readCookie(req, options.cookie.name);
    if (typeof cookieValue === 'string' && cookieValue.length > 0) {
      const found = await findSession({ db: options.db, clock: options.clock, cookieValue });
      if (found) {
        req.auth = {
          user: found.user,
          via: 'session',
          sessionId: found.session.id,
          csrfToken: found.session.csrfToken,
        };
        // The session was extended: the browser's cookie must live as long.
        if (found.renewed)
          setSessionCookie(res, options.cookie, { value: cookieValue, expires: found.session.expiresAt });
      }
    }
    next();
  };
}

/** cookie-parser types `req.cookies` as any; read one value as unknown and check it. */
function readCookie(req: Request, name: string): unknown {
  const cookies: unknown = Reflect.get(req, 'cookies');
  return isRecord(cookies) ? cookies[name] : undefined;
}

/**
 * A write made with the session cookie must send the CSRF token the session was given (a page on
 * another site can make the browser send the cookie, but cannot read the token). Bearer requests
 * carry no ambient credential and are exempt.
 */
function checkCsrf(req: Request): void {
  if (req.auth?.via !== 'session' || !UNSAFE_METHODS.has(req.method)) return;
  const sent = req.get(CSRF_HEADER);
  if (!sent || !req.auth.csrfToken || !safeEqual(sent, req.auth.csrfToken)) {
    throw new HttpError({
      status: 403,
      code: 'csrf_failed',
      message: {
        ja: 'CSRF トークンがないか一致しません。ページを再読み込みしてください。',
        en: 'The CSRF token is missing or wrong. Reload the page and try again.',
      },
    });
  }
}

/** Any signed-in user (viewer and up); cookie writes need the CSRF header. */
export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.auth) throw unauthenticated;
  checkCsrf(req);
  next();
};

/** A signed-in user with at least `minimum`'s rights (owner > admin > editor > viewer). */
export function requireRole(minimum: Role): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth) throw unauthenticated;
    checkCsrf(req);
    if (!roleAtLeast(req.auth.user.role, minimum)) {
      throw new HttpError({
        status: 403,
        code: 'forbidden',
        message: {
          ja: `この操作には ${minimum} 以上の権限が必要です。`,
          en: `This needs the ${minimum} role or higher.`,
        },
        details: { required: minimum, role: req.auth.user.role },
      });
    }
    next();
  };
}

/** The signed-in user, in a handler behind requireAuth / requireRole. */
export function currentUser(req: Request): UserModel {
  if (!req.auth) throw unauthenticated;
  return req.auth.user;
}
