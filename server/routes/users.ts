import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { Type } from 'typebox';
import { recordAudit } from '../auth/audit';
import { currentUser, requireRole } from '../auth/middleware';
import { createUser, describeUser } from '../auth/users';
import type { Role, UserModel } from '../db/models/index';
import { bodyChecker } from '../http/body';
import { HttpError, notFoundError } from '../http/errors';
import { pathParam } from '../http/params';
import type { RouteDeps } from './deps';

/** Roles the API can hand out; there is one owner, made at setup. */
const assignableRole = Type.Union([Type.Literal('admin'), Type.Literal('editor'), Type.Literal('viewer')]);

const readCreate = bodyChecker(
  Type.Object(
    {
      email: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' }),
      role: assignableRole,
      name: Type.Optional(Type.String({ maxLength: 200 })),
      password: Type.Optional(Type.String({ maxLength: 1000 })),
      externalSharing: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);
const readUpdate = bodyChecker(
  Type.Object(
    {
      role: Type.Optional(assignableRole),
      name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
      externalSharing: Type.Optional(Type.Boolean()),
      disabled: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);

const forbidden = (message: { ja: string; en: string }) =>
  new HttpError({ status: 403, code: 'forbidden', message });

/** Only the owner manages admins (as in n8n); admins manage editors and viewers. */
function checkMayManage(options: { actor: UserModel; role: Role }): void {
  if (options.role === 'owner') {
    throw forbidden({ ja: 'オーナーは変更できません。', en: 'The owner cannot be changed here.' });
  }
  if (options.role === 'admin' && options.actor.role !== 'owner') {
    throw forbidden({
      ja: '管理者を管理できるのはオーナーだけです。',
      en: 'Only the owner can manage admins.',
    });
  }
}

/** Users of the workspace, for owners and admins: list, invite/create, change role and flags. */
export function userRoutes({ db, config, services }: RouteDeps): Router {
  const router = Router();

  router.get('/api/users', requireRole('admin'), async (_req, res) => {
    const users = await db.models.User.findAll({ order: [['createdAt', 'ASC']] });
    res.json({ items: users.map(describeUser) });
  });

  router.post('/api/users', requireRole('admin'), async (req, res) => {
    const body = readCreate(req.body);
    const actor = currentUser(req);
    checkMayManage({ actor, role: body.role });
    // Without a password the invitee gets a one-time one, by mail and in this answer (once).
    const temporaryPassword = body.password === undefined ? randomBytes(12).toString('base64url') : undefined;
    const user = await createUser({
      db,
      email: body.email,
      password: body.password ?? temporaryPassword ?? '',
      role: body.role,
      displayName: body.name,
      externalSharing: body.externalSharing,
    });
    await recordAudit({
      db,
      actor,
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: user.role },
      req,
    });
    if (temporaryPassword !== undefined) {
      await services.mail.send({
        to: [user.email],
        subject: 'Musubi への招待 / Your Musubi invitation',
        text: [
          `${actor.email} さんから Musubi に招待されました。`,
          `${config.publicUrl} に ${user.email} と次の仮パスワードでログインし、パスワードを変更してください: ${temporaryPassword}`,
          '',
          `${actor.email} invited you to Musubi.`,
          `Sign in at ${config.publicUrl} as ${user.email} with this temporary password, then change it: ${temporaryPassword}`,
        ].join('\n'),
        idempotencyKey: `invite:${user.id}`,
      });
    }
    res.status(201).json({ user: describeUser(user), ...(temporaryPassword ? { temporaryPassword } : {}) });
  });

  router.patch('/api/users/:id', requireRole('admin'), async (req, res) => {
    const body = readUpdate(req.body);
    const actor = currentUser(req);
    const user = await db.models.User.findByPk(pathParam(req, 'id'));
    if (!user) throw notFoundError({ ja: 'そのユーザーはいません。', en: 'There is no such user.' });
    checkMayManage({ actor, role: user.role });
    if (body.role !== undefined) checkMayManage({ actor, role: body.role });
    if (user.id === actor.id) {
      throw forbidden({
        ja: '自分自身の権限は変更できません。',
        en: 'You cannot change your own role or access.',
      });
    }
    const before = { role: user.role, externalSharing: user.externalSharing, disabled: user.disabled };
    const { name, ...rest } = body;
    await user.update({ ...rest, ...(name !== undefined ? { displayName: name } : {}) });
    if (body.disabled === true) await db.models.Session.destroy({ where: { userId: user.id } });
    if (body.role !== undefined && body.role !== before.role) {
      await recordAudit({
        db,
        actor,
        action: 'user.role_change',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email, from: before.role, to: body.role },
        req,
      });
    }
    const flags = { externalSharing: body.externalSharing, disabled: body.disabled };
    if (
      (flags.externalSharing !== undefined && flags.externalSharing !== before.externalSharing) ||
      (flags.disabled !== undefined && flags.disabled !== before.disabled)
    ) {
      await recordAudit({
        db,
        actor,
        action: 'user.update',
        targetType: 'user',
        targetId: user.id,
        details: {
          email: user.email,
          before,
          after: { externalSharing: user.externalSharing, disabled: user.disabled },
        },
        req,
      });
    }
    res.json({ user: describeUser(user) });
  });

  return router;
}
