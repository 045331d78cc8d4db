import { Router } from 'express';
import type { Request, Response } from 'express';
import { Type } from 'typebox';
import { UniqueConstraintError } from 'sequelize';
import { isHttps } from '../app';
import { recordAudit } from '../auth/audit';
import { clearSessionCookie, setSessionCookie } from '../auth/cookies';
import { attemptLogin } from '../auth/login';
import { currentUser, requireAuth } from '../auth/middleware';
import { hashPassword, verifyPassword } from '../auth/password';
import { createSession, destroySession, sessionCookieName } from '../auth/sessions';
import { checkPasswordStrength, createUser, describeUser, needsSetup } from '../auth/users';
import type { UserModel } from '../db/models/index';
import { bodyChecker } from '../http/body';
import { HttpError } from '../http/errors';
import { loginRateLimit } from '../http/rate-limits';
import type { RouteDeps } from './deps';

const email = Type.String({ minLength: 3, maxLength: 320, pattern: '^\\s*[^\\s@]+@[^\\s@]+\\s*$' });
const readLogin = bodyChecker(
  Type.Object(
    {
      email: Type.String({ minLength: 1, maxLength: 320 }),
      password: Type.String({ minLength: 1, maxLength: 1000 }),
    },
    { additionalProperties: false },
  ),
);
const readSetup = bodyChecker(
  Type.Object(
    {
      email,
      password: Type.String({ minLength: 1, maxLength: 1000 }),
      name: Type.Optional(Type.String({ maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
);
const readPasswordChange = bodyChecker(
  Type.Object(
    { currentPassword: Type.String({ maxLength: 1000 }), newPassword: Type.String({ maxLength: 1000 }) },
    { additionalProperties: false },
  ),
);

/** The settings key whose insertion makes the owner setup happen exactly once, even when raced. */
const SETUP_MARKER = 'setup.ownerCreated';

/** First-run setup, login, logout, the current user, password change. */
export function authRoutes({ db, config, services }: RouteDeps): Router {
  const router = Router();
  const https = isHttps(config);
  const cookie = { name: sessionCookieName(https), secure: https };
  const limiter = loginRateLimit({ db, logger: services.logger });

  async function startSession(req: Request, res: Response, user: UserModel): Promise<string> {
    const session = await createSession({
      db,
      clock: services.clock,
      user,
      ip: req.ip,
      userAgent: req.get('user-agent'),
    });
    setSessionCookie(res, cookie, { value: session.cookieValue, expires: session.expiresAt });
    return session.csrfToken;
  }

  router.get('/api/setup', async (_req, res) => {
    res.json({ needed: await needsSetup(db) });
  });

  router.post('/api/setup', limiter, async (req, res) => {
    const body = readSetup(req.body);
    const alreadyDone = new HttpError({
      status: 409,
      code: 'setup_done',
      message: {
        ja: 'オーナーはすでに登録されています。ログインしてください。',
        en: 'The owner already exists. Please sign in.',
      },
    });
    if (!(await needsSetup(db))) throw alreadyDone;
    checkPasswordStrength(body.password);
    const owner = await db.sequelize
      .transaction(async (transaction) => {
        await db.models.Setting.create({ key: SETUP_MARKER, value: true }, { transaction });
        if ((await db.models.User.count({ transaction })) > 0) throw alreadyDone;
        return createUser({
          db,
          email: body.email,
          password: body.password,
          displayName: body.name,
          role: 'owner',
          transaction,
        });
      })
      .catch((error: unknown) => {
        throw error instanceof UniqueConstraintError ? alreadyDone : error;
      });
    await recordAudit({
      db,
      actor: owner,
      action: 'auth.setup',
      targetType: 'user',
      targetId: owner.id,
      req,
    });
    const csrfToken = await startSession(req, res, owner);
    res.status(201).json({ user: describeUser(owner), csrfToken });
  });

  router.post('/api/auth/login', limiter, async (req, res) => {
    const body = readLogin(req.body);
    const result = await attemptLogin({
      db,
      clock: services.clock,
      email: body.email,
      password: body.password,
    });
    if (result.ok) {
      await recordAudit({
        db,
        actor: result.user,
        action: 'auth.login',
        targetType: 'user',
        targetId: result.user.id,
        req,
      });
      const csrfToken = await startSession(req, res, result.user);
      res.json({ user: describeUser(result.user), csrfToken });
      return;
    }
    if (result.reason === 'locked') {
      await recordAudit({
        db,
        actor: result.user,
        action: 'auth.locked',
        targetType: 'user',
        targetId: result.user.id,
        req,
      });
      const retryAfter = Math.max(1, Math.ceil((result.lockedUntil.getTime() - services.clock.now()) / 1000));
      throw new HttpError({
        status: 423,
        code: 'account_locked',
        message: {
          ja: `ログインの失敗が続いたため、このアカウントは ${Math.ceil(retryAfter / 60)} 分間ロックされています。`,
          en: `This account is locked for ${Math.ceil(retryAfter / 60)} minutes after repeated failed sign-ins.`,
        },
        details: { lockedUntil: result.lockedUntil.toISOString() },
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    await recordAudit({
      db,
      actor: { label: body.email.trim().toLowerCase() },
      action: 'auth.login_failed',
      targetType: 'user',
      req,
    });
    throw new HttpError({
      status: 401,
      code: 'invalid_credentials',
      message: {
        ja: 'メールアドレスかパスワードが違います。',
        en: 'The e-mail address or password is wrong.',
      },
    });
  });

  router.post('/api/auth/logout', requireAuth, async (req, res) => {
    const sessionId = req.auth?.sessionId;
    if (sessionId !== undefined) {
      await destroySession({ db, sessionId });
      await recordAudit({
        db,
        actor: currentUser(req),
        action: 'auth.logout',
        targetType: 'user',
        targetId: currentUser(req).id,
        req,
      });
    }
    clearSessionCookie(res, cookie);
    res.status(204).end();
  });

  router.get('/api/auth/me', requireAuth, (req, res) => {
    res.json({
      user: describeUser(currentUser(req)),
      via: req.auth?.via,
      csrfToken: req.auth?.csrfToken ?? null,
    });
  });

  router.post('/api/auth/password', requireAuth, async (req, res) => {
    const body = readPasswordChange(req.body);
    const user = currentUser(req);
    if (!(await verifyPassword({ password: body.currentPassword, hash: user.passwordHash }))) {
      throw new HttpError({
        status: 403,
        code: 'invalid_credentials',
        message: { ja: '現在のパスワードが違います。', en: 'The current password is wrong.' },
        details: { field: 'currentPassword' },
      });
    }
    checkPasswordStrength(body.newPassword);
    await user.update({ passwordHash: await hashPassword(body.newPassword) });
    // Other browsers signed in with the old password are signed out; this one stays.
    const keep = req.auth?.sessionId;
    const sessions = await db.models.Session.findAll({ where: { userId: user.id } });
    await Promise.all(sessions.filter((s) => s.id !== keep).map((s) => s.destroy()));
    await recordAudit({
      db,
      actor: user,
      action: 'user.password_change',
      targetType: 'user',
      targetId: user.id,
      req,
    });
    res.status(204).end();
  });

  return router;
}
