import type { Database } from '../db/index';
import type { SessionModel, UserModel } from '../db/models/index';
import type { Clock } from '../../runtime/ports/clock';
import { randomToken, sha256 } from './secrets';

/** A session lasts 14 days from its last use (extended when more than half has passed). */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** `__Host-` makes browsers refuse the cookie unless Secure, path=/ and no Domain: only over HTTPS. */
export function sessionCookieName(https: boolean): string {
  return https ? '__Host-musubi_session' : 'musubi_session';
}

export interface NewSession {
  /** Goes into the cookie; only its SHA-256 is stored. */
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Starts a session for a user who just proved who they are. */
export async function createSession(options: {
  db: Database;
  clock: Clock;
  user: UserModel;
  ip?: string | undefined;
  userAgent?: string | undefined;
}): Promise<NewSession> {
  const cookieValue = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(options.clock.now() + SESSION_TTL_MS);
  await options.db.models.Session.create({
    id: sha256(cookieValue),
    userId: options.user.id,
    csrfToken,
    expiresAt,
    ip: options.ip ?? null,
    userAgent: options.userAgent?.slice(0, 300) ?? null,
  });
  return { cookieValue, csrfToken, expiresAt };
}

/** The live session and its user for a cookie value; expired sessions are deleted on sight. */
export async function findSession(options: {
  db: Database;
  clock: Clock;
  cookieValue: string;
}): Promise<{ session: SessionModel; user: UserModel; renewed: boolean } | undefined> {
  const { Session, User } = options.db.models;
  const session = await Session.findByPk(sha256(options.cookieValue));
  if (!session) return undefined;
  const now = options.clock.now();
  if (session.expiresAt.getTime() <= now) {
    await session.destroy();
    return undefined;
  }
  const user = await User.findByPk(session.userId);
  if (!user || user.disabled) return undefined;
  const renew = session.expiresAt.getTime() - now < SESSION_TTL_MS / 2;
  if (renew) await session.update({ expiresAt: new Date(now + SESSION_TTL_MS) });
  return { session, user, renewed: renew };
}

/** Ends a session (logout). */
export async function destroySession(options: { db: Database; sessionId: string }): Promise<void> {
  await options.db.models.Session.destroy({ where: { id: options.sessionId } });
}
