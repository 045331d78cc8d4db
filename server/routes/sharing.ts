import express, { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { Type } from 'typebox';
import { recordAudit } from '../auth/audit';
import { currentUser, requireAuth } from '../auth/middleware';
import { roleAtLeast } from '../auth/roles';
import { bodyChecker } from '../http/body';
import { HttpError, requestLanguage } from '../http/errors';
import { pathParam } from '../http/params';
import { createSharingAdapter } from '../adapters/sharing';
import { executionForApp } from '../execution/app-wiring';
import { createSharing } from '../sharing/index';
import type { Sharing } from '../sharing/index';
import { MAX_LOGO_BYTES } from '../sharing/settings';
import type { RouteDeps } from './deps';

const readShare = bodyChecker(
  Type.Object({ recordId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
);
const readMail = bodyChecker(
  Type.Object(
    {
      recordId: Type.String({ minLength: 1, maxLength: 100 }),
      to: Type.Optional(Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' })),
      subject: Type.String({ minLength: 1, maxLength: 300 }),
      text: Type.String({ minLength: 1, maxLength: 20_000 }),
    },
    { additionalProperties: false },
  ),
);

/**
 * The "external sharing" permission: the owner always has it, anyone else needs the flag an
 * owner or admin grants (PATCH /api/users/:id { externalSharing: true }).
 */
export const requireExternalSharing: RequestHandler = (req, res, next) => {
  requireAuth(req, res, () => {
    const user = currentUser(req);
    if (user.role !== 'owner' && !user.externalSharing) {
      throw new HttpError({
        status: 403,
        code: 'forbidden',
        message: {
          ja: '外部共有の権限がありません。オーナーか管理者に権限を依頼してください。',
          en: 'You do not have the external sharing permission. Ask an owner or admin for it.',
        },
      });
    }
    next();
  });
};

/** Changing a pipeline's sharing settings also needs the editor role. */
const requireSettingsRights: RequestHandler = (req, _res, next) => {
  if (!roleAtLeast(currentUser(req).role, 'editor')) {
    throw new HttpError({
      status: 403,
      code: 'forbidden',
      message: {
        ja: '共有設定の変更には編集者以上の権限が必要です。',
        en: 'Changing sharing settings needs the editor role or higher.',
      },
    });
  }
  next();
};

function actorOf(req: Request) {
  const user = currentUser(req);
  return { userId: user.id, label: user.email };
}

/**
 * External sharing API: share / unshare records, the "all externally shared" list, the share
 * e-mail, and per pipeline the switch, permissions, customisation and logo.
 */
export function sharingRoutes(deps: RouteDeps & { sharing?: Sharing }): Router {
  const { db, config, services } = deps;
  const sharing =
    deps.sharing ??
    createSharing({
      db,
      clock: services.clock,
      mail: services.mail,
      publicUrl: config.publicUrl,
      secret: config.secretKey,
    });
  // Workflows and stage automations share and unshare through the same services.
  executionForApp(deps).providePorts({ sharing: createSharingAdapter({ db, sharing }) });
  const router = Router();
  const settingsGuard = [requireExternalSharing, requireSettingsRights];

  router.get('/api/shares', requireExternalSharing, async (req, res) => {
    const pipelineId = typeof req.query.pipelineId === 'string' ? req.query.pipelineId : undefined;
    const recordIds =
      typeof req.query.recordIds === 'string'
        ? req.query.recordIds.split(',').filter(Boolean).slice(0, 500)
        : undefined;
    res.json({
      items: await sharing.links.list({
        ...(pipelineId ? { pipelineId } : {}),
        ...(recordIds ? { recordIds } : {}),
      }),
    });
  });

  router.post('/api/shares', requireExternalSharing, async (req, res) => {
    const { recordId } = readShare(req.body);
    const created = await sharing.links.share({
      recordId,
      actor: actorOf(req),
      language: requestLanguage(req),
    });
    await recordAudit({
      db,
      actor: currentUser(req),
      action: 'share.create',
      targetType: 'record',
      targetId: recordId,
      details: { shareId: created.shareId },
      req,
    });
    res.status(201).json(created);
  });

  router.post('/api/shares/mail', requireExternalSharing, async (req, res) => {
    const body = readMail(req.body);
    const sent = await sharing.links.sendMail(body);
    res.status(202).json(sent);
  });

  router.delete('/api/shares/records/:recordId', requireExternalSharing, async (req, res) => {
    const recordId = pathParam(req, 'recordId');
    if (!(await sharing.links.unshare(recordId))) {
      throw new HttpError({
        status: 404,
        code: 'not_shared',
        message: { ja: 'このレコードは共有されていません。', en: 'This record is not shared.' },
      });
    }
    await recordAudit({
      db,
      actor: currentUser(req),
      action: 'share.revoke',
      targetType: 'record',
      targetId: recordId,
      req,
    });
    res.status(204).end();
  });

  router.get('/api/pipelines/:id/sharing', requireExternalSharing, async (req, res) => {
    res.json(await sharing.settings.view(pathParam(req, 'id')));
  });

  router.put('/api/pipelines/:id/sharing', ...settingsGuard, async (req, res) => {
    const pipelineId = pathParam(req, 'id');
    const view = await sharing.settings.update(pipelineId, req.body);
    await recordAudit({
      db,
      actor: currentUser(req),
      action: 'sharing.permissions',
      targetType: 'pipeline',
      targetId: pipelineId,
      details: { fields: view.fields, stageIds: view.stageIds, access: view.access },
      req,
    });
    res.json(view);
  });

  for (const enabled of [true, false]) {
    router.post(
      `/api/pipelines/:id/sharing/${enabled ? 'enable' : 'disable'}`,
      ...settingsGuard,
      async (req, res) => {
        const pipelineId = pathParam(req, 'id');
        const revoked = await sharing.links.setPipelineEnabled(pipelineId, enabled);
        await recordAudit({
          db,
          actor: currentUser(req),
          action: enabled ? 'sharing.enable' : 'sharing.disable',
          targetType: 'pipeline',
          targetId: pipelineId,
          details: { revoked },
          req,
        });
        res.json({ ...(await sharing.settings.view(pipelineId)), revoked });
      },
    );
  }

  router.put(
    '/api/pipelines/:id/sharing/logo',
    ...settingsGuard,
    express.raw({ type: () => true, limit: MAX_LOGO_BYTES + 1 }),
    async (req, res) => {
      const body: unknown = req.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      res.json(await sharing.settings.setLogo(pathParam(req, 'id'), bytes));
    },
  );

  router.delete('/api/pipelines/:id/sharing/logo', ...settingsGuard, async (req, res) => {
    res.json(await sharing.settings.removeLogo(pathParam(req, 'id')));
  });

  return router;
}
