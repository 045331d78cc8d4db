import type { Database } from '../db/index';
import type { UserModel } from '../db/models/index';
import type { Clock } from '../../runtime/ports/clock';
import { verifyAgainstNobody, verifyPassword } from './password';
import { normalizeEmail } from './users';

/** Ten wrong passwords in a row lock the account for fifteen minutes. */
export const MAX_FAILED_LOGINS = 10;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export type LoginResult =
  | { ok: true; user: UserModel }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date; user: UserModel };

/**
 * Checks e-mail and password. Unknown e-mail and wrong password answer alike (and take as long).
 * A locked account refuses even the right password until the lock ends.
 */
export async function attemptLogin(options: {
  db: Database;
  clock: Clock;
  email: string;
  password: string;
}): Promise<LoginResult> {
  const user = await options.db.models.User.findOne({ where: { email: normalizeEmail(options.email) } });
  if (!user || user.disabled) {
    await verifyAgainstNobody(options.password);
    return { ok: false, reason: 'invalid' };
  }
  const now = options.clock.now();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil, user };
  }
  if (await verifyPassword({ password: options.password, hash: user.passwordHash })) {
    await user.update({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date(now) });
    return { ok: true, user };
  }
  // Incremented in SQL, so parallel guesses cannot overwrite each other's count.
  await user.increment('failedLogins');
  await user.reload();
  if (user.failedLogins >= MAX_FAILED_LOGINS) {
    const lockedUntil = new Date(now + LOCK_DURATION_MS);
    await user.update({ failedLogins: 0, lockedUntil });
    return { ok: false, reason: 'locked', lockedUntil, user };
  }
  return { ok: false, reason: 'invalid' };
}
