import { Router } from 'express';
import { Type } from 'typebox';
import { createApiToken, describeApiToken } from '../auth/api-tokens';
import { recordAudit } from '../auth/audit';
import { currentUser, requireAuth } from '../auth/middleware';
import { roleAtLeast } from '../auth/roles';
import { bodyChecker } from '../http/body';
import { notFoundError } from '../http/errors';
import { pathParam } from '../http/params';
import type { RouteDeps } from './deps';

const readCreate = bodyChecker(
  Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
);

/** API tokens of the signed-in user: list, create (shown once), delete. */
export function tokenRoutes({ db }: RouteDeps): Router {
  const router = Router();

  router.get('/api/tokens', requireAuth, async (req, res) => {
    const tokens = await db.models.ApiToken.findAll({
      where: { userId: currentUser(req).id },
      order: [['createdAt', 'DESC']],
    });
    res.json({ items: tokens.map(describeApiToken) });
  });

  router.post('/api/tokens', requireAuth, async (req, res) => {
    const { name } = readCreate(req.body);
    const user = currentUser(req);
    const { token, record } = await createApiToken({ db, userId: user.id, name });
    await recordAudit({
      db,
      actor: user,
      action: 'token.create',
      targetType: 'api_token',
      targetId: record.id,
      details: { name },
      req,
    });
    res.status(201).json({ ...describeApiToken(record), token });
  });

  router.delete('/api/tokens/:id', requireAuth, async (req, res) => {
    const user = currentUser(req);
    const record = await db.models.ApiToken.findByPk(pathParam(req, 'id'));
    // Admins may revoke anyone's token (a leaked one); others only their own. Not-yours looks like absent.
    if (!record || (record.userId !== user.id && !roleAtLeast(user.role, 'admin'))) {
      throw notFoundError({ ja: 'その API トークンはありません。', en: 'There is no such API token.' });
    }
    await record.destroy();
    await recordAudit({
      db,
      actor: user,
      action: 'token.delete',
      targetType: 'api_token',
      targetId: record.id,
      details: { name: record.name, owner: record.userId },
      req,
    });
    res.status(204).end();
  });

  return router;
}
