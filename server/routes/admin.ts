import { Router } from 'express';
import { Op } from 'sequelize';
import type { WhereOptions } from 'sequelize';
import { Type } from 'typebox';
import { describeMail } from '../adapters/mail';
import { requireRole } from '../auth/middleware';
import type { AuditLogModel } from '../db/models/index';
import { bodyChecker } from '../http/body';
import { readPaging } from './paging';
import type { RouteDeps } from './deps';

const readAuditQuery = bodyChecker(
  Type.Object(
    {
      action: Type.Optional(Type.String({ maxLength: 64 })),
      targetType: Type.Optional(Type.String({ maxLength: 32 })),
      targetId: Type.Optional(Type.String({ maxLength: 100 })),
    },
    { additionalProperties: true },
  ),
);

/** For owners and admins: the mail outbox and the audit log. */
export function adminRoutes({ db }: RouteDeps): Router {
  const router = Router();

  router.get('/api/outbox', requireRole('admin'), async (req, res) => {
    const { limit, offset } = readPaging(req.query);
    const { rows, count } = await db.models.OutboxMail.findAndCountAll({
      order: [['createdAt', 'DESC']],
      limit,
      offset,
    });
    res.json({ items: rows.map(describeMail), total: count, limit, offset });
  });

  router.get('/api/audit', requireRole('admin'), async (req, res) => {
    const { limit, offset } = readPaging(req.query);
    const query = readAuditQuery(req.query);
    const where: WhereOptions<AuditLogModel> = {};
    if (query.action !== undefined) where.action = { [Op.eq]: query.action };
    if (query.targetType !== undefined) where.targetType = query.targetType;
    if (query.targetId !== undefined) where.targetId = query.targetId;
    const { rows, count } = await db.models.AuditLog.findAndCountAll({
      where,
      order: [['id', 'DESC']],
      limit,
      offset,
    });
    const items = rows.map((row) => ({
      id: row.id,
      at: row.createdAt.toISOString(),
      actorUserId: row.actorUserId,
      actor: row.actorLabel,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details,
      ip: row.ip,
    }));
    res.json({ items, total: count, limit, offset });
  });

  return router;
}
