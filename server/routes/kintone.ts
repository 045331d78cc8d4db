import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { Type } from 'typebox';
import { currentUser, requireRole } from '../auth/middleware';
import { sealSecret } from '../crypto/secret-box';
import { bodyChecker } from '../http/body';
import { HttpError, notFoundError, requestLanguage } from '../http/errors';
import { pathParam } from '../http/params';
import { KintoneError, kintoneBaseUrl, MAX_TOKENS_PER_REQUEST } from '../kintone/client';
import {
  clientForConnection,
  KINTONE_CONNECTION_TYPE,
  testKintoneConnection,
  tokensOf,
} from '../kintone/connection';
import { KintoneSyncRunner } from '../kintone/runner';
import { createCustomerSync, MappingError, validateSyncSettings } from '../kintone/sync';
import { CALL_EVENT_KINDS, readSettings } from '../kintone/settings';
import { describeSync } from '../kintone/describe';
import { kintoneAppTemplate } from '../kintone/template';
import { kintoneCallWriter } from '../kintone/call-writer';
import { executionForApp } from '../execution/app-wiring';
import { addCallListener } from '../telephony/listeners';
import type { RouteDeps } from './deps';

const code = Type.Optional(Type.String({ maxLength: 128 }));
const readConnection = bodyChecker(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200 }),
      domain: Type.String({ minLength: 1, maxLength: 300 }),
      appId: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
      tokens: Type.String({ minLength: 1, maxLength: 2000 }),
      basicUser: Type.Optional(Type.String({ maxLength: 200 })),
      basicPassword: Type.Optional(Type.String({ maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
);
const readSync = bodyChecker(
  Type.Object(
    {
      connectionId: Type.String({ minLength: 1, maxLength: 100 }),
      customer: Type.Object(
        {
          appId: Type.String({ pattern: '^[0-9]{1,10}$' }),
          fields: Type.Object(
            { phone: Type.String({ maxLength: 128 }), name: code, company: code, email: code },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      createCustomer: Type.Optional(Type.Boolean()),
      callHistory: Type.Optional(
        Type.Object(
          {
            appId: Type.String({ pattern: '^[0-9]{1,10}$' }),
            fields: Type.Object(
              {
                phone: Type.String({ maxLength: 128 }),
                direction: code,
                startedAt: code,
                durationSec: code,
                recordings: code,
                user: code,
                callId: code,
              },
              { additionalProperties: false },
            ),
            events: Type.Optional(
              Type.Array(Type.Union(CALL_EVENT_KINDS.map((kind) => Type.Literal(kind))), { maxItems: 5 }),
            ),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
);

/**
 * kintone: connections (domain, tokens ≤ 9, optional Basic auth) with a test naming the missing
 * permission; customer syncs validated against the app's form before anything is written; start
 * or resume a sync and follow its progress.
 */
export function kintoneRoutes(deps: RouteDeps, options: { runner?: KintoneSyncRunner } = {}): Router {
  const { db, config, services } = deps;
  const runner =
    options.runner ??
    new KintoneSyncRunner({
      db,
      secretKey: config.secretKey,
      clock: services.clock,
      logger: services.logger,
      notify: { mail: services.mail, publicUrl: config.publicUrl },
    });
  const router = Router();
  // The sync's call-history and "create customer" settings act on every call the phone posts.
  addCallListener(
    executionForApp(deps),
    kintoneCallWriter({ db, secretKey: config.secretKey, logger: services.logger }),
  );
  if (!options.runner) {
    let stopSchedule: (() => void) | undefined;
    services.lifecycle.onStart('kintone-sync', () => {
      stopSchedule = runner.schedule(60_000, () => executionForApp(deps).schedulerActive);
      return Promise.resolve();
    });
    services.lifecycle.onStop('kintone-sync', () => {
      stopSchedule?.();
      return Promise.resolve();
    });
  }

  const connectionClient = async (connectionId: string) => {
    const found = await clientForConnection({ db, secretKey: config.secretKey, connectionId });
    if (!found)
      throw notFoundError({
        ja: 'その kintone の連携はありません。',
        en: 'There is no such kintone connection.',
      });
    return found;
  };

  router.post('/api/kintone/connections', requireRole('admin'), async (req, res) => {
    const input = readConnection(req.body);
    const tokens = tokensOf({ tokens: input.tokens });
    if (tokens.length > MAX_TOKENS_PER_REQUEST) {
      throw new HttpError({
        status: 400,
        code: 'too_many_tokens',
        message: {
          ja: `API トークンは ${MAX_TOKENS_PER_REQUEST} 個までです（${tokens.length} 個あります）。`,
          en: `At most ${MAX_TOKENS_PER_REQUEST} API tokens (found ${tokens.length}).`,
        },
      });
    }
    try {
      kintoneBaseUrl(input.domain);
    } catch (error) {
      if (!(error instanceof KintoneError)) throw error;
      throw new HttpError({
        status: 400,
        code: 'invalid_domain',
        message: {
          ja: `「${input.domain}」は kintone のドメインではありません（例: example.cybozu.com）。`,
          en: error.message,
        },
      });
    }
    const id = randomUUID();
    const credentials = {
      tokens: tokens.join(','),
      ...(input.basicUser ? { basicUser: input.basicUser, basicPassword: input.basicPassword ?? '' } : {}),
    };
    await db.models.Connection.create({
      id,
      type: KINTONE_CONNECTION_TYPE,
      name: input.name,
      status: 'enabled',
      settings: { domain: input.domain, ...(input.appId ? { appId: input.appId } : {}) },
      credentials: sealSecret({
        key: config.secretKey,
        plaintext: JSON.stringify(credentials),
        aad: `connection:${id}`,
      }),
      createdBy: currentUser(req).id,
    });
    res.status(201).json({
      id,
      name: input.name,
      domain: input.domain,
      tokens: tokens.length,
      basicAuth: Boolean(input.basicUser),
    });
  });

  router.post('/api/kintone/connections/:id/test', requireRole('admin'), async (req, res) => {
    const { client, row } = await connectionClient(pathParam(req, 'id'));
    const body: unknown = req.body;
    const requested =
      typeof body === 'object' && body !== null && 'appId' in body && typeof body.appId === 'string'
        ? body.appId
        : undefined;
    const appId = requested ?? (typeof row.settings.appId === 'string' ? row.settings.appId : '');
    const result = await testKintoneConnection(client, appId);
    await row.update({
      lastTestAt: new Date(services.clock.now()),
      lastTestOk: result.ok,
      lastTestMessage: result.message.en,
    });
    res.json({ ...result, message: result.message[requestLanguage(req)] });
  });

  const mappingError = (error: MappingError, language: 'ja' | 'en') =>
    new HttpError({
      status: 400,
      code: 'mapping_invalid',
      message: { ja: '連携するフィールドの設定に問題があります。', en: 'The field mapping has problems.' },
      details: {
        problems: error.problems.map((problem) => ({
          code: problem.code,
          field: problem.field,
          message: problem.message[language],
        })),
      },
    });

  router.post('/api/kintone/syncs/validate', requireRole('admin'), async (req, res) => {
    const input = readSync(req.body);
    const { client } = await connectionClient(input.connectionId);
    try {
      const updatedTimeField = await validateSyncSettings(client, readSettings(input));
      res.json({ ok: true, updatedTimeField, problems: [] });
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      res.json({
        ok: false,
        problems: error.problems.map((p) => ({
          code: p.code,
          field: p.field,
          message: p.message[requestLanguage(req)],
        })),
      });
    }
  });

  router.post('/api/kintone/syncs', requireRole('admin'), async (req, res) => {
    const input = readSync(req.body);
    const { client } = await connectionClient(input.connectionId);
    try {
      const { connectionId, ...settings } = input;
      const sync = await createCustomerSync({ db, client, connectionId, settings });
      // "Integrate" saves and starts the first sync at once.
      void runner.start(sync.id);
      res.status(201).json(describeSync(sync, runner.isRunning(sync.id)));
    } catch (error) {
      if (error instanceof MappingError) throw mappingError(error, requestLanguage(req));
      throw error;
    }
  });

  router.get('/api/kintone/syncs/:id', requireRole('viewer'), async (req, res) => {
    const sync = await db.models.KintoneSync.findByPk(pathParam(req, 'id'));
    if (!sync) throw notFoundError({ ja: 'その同期はありません。', en: 'There is no such sync.' });
    res.json(describeSync(sync, runner.isRunning(sync.id)));
  });

  router.get('/api/kintone/template', requireRole('viewer'), (_req, res) => {
    res.attachment('musubi-kintone-apps.json').json(kintoneAppTemplate());
  });

  router.get('/api/kintone/syncs', requireRole('viewer'), async (req, res) => {
    const connectionId = typeof req.query.connectionId === 'string' ? req.query.connectionId : undefined;
    const rows = await db.models.KintoneSync.findAll({
      ...(connectionId ? { where: { connectionId } } : {}),
      order: [['createdAt', 'ASC']],
    });
    res.json({ items: rows.map((sync) => describeSync(sync, runner.isRunning(sync.id))) });
  });

  router.post('/api/kintone/syncs/:id/run', requireRole('admin'), async (req, res) => {
    const sync = await db.models.KintoneSync.findByPk(pathParam(req, 'id'));
    if (!sync) throw notFoundError({ ja: 'その同期はありません。', en: 'There is no such sync.' });
    const started = runner.start(sync.id);
    res.status(started ? 202 : 409).json({ started: Boolean(started) });
  });

  return router;
}
