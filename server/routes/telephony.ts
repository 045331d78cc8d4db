import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Request } from 'express';
import { Type } from 'typebox';
import { currentUser, requireAuth, requireRole } from '../auth/middleware';
import { openSecret } from '../crypto/secret-box';
import type { ConnectionModel } from '../db/models/crm/index';
import { bodyChecker } from '../http/body';
import { HttpError, notFoundError, requestLanguage } from '../http/errors';
import { pathParam } from '../http/params';
import {
  CALL_EVENT_SCHEMA,
  callPayload,
  connectionByToken,
  newTelephonyToken,
  receiveCall,
  resolveCall,
  ResolveError,
  setTelephonyToken,
  TELEPHONY_CONNECTION_TYPE,
  TELEPHONY_TOKEN_HEADER,
} from '../telephony/calls';
import type { CallEvent } from '../../runtime/ports/telephony';
import { isRecord } from '../../runtime/engine/registry';
import { createKintoneAdapter } from '../adapters/kintone';
import { executionForApp } from '../execution/app-wiring';
import { crmForApp } from '../crm/app-wiring';
import { createRoutedTelephonyPort } from '../providers/telephony-router';
import { createTelephonyAdapter } from '../telephony/adapter';
import { callEndedDispatcher } from '../telephony/dispatch';
import type { RouteDeps } from './deps';

/** Hears every stored call event (the execution layer starts trigger.call_ended runs from it). */
export type CallEndedListener = (
  event: CallEvent & { connectionId: string; repeat: boolean },
) => Promise<void> | void;

const readCall = bodyChecker(CALL_EVENT_SCHEMA);
const readCreate = bodyChecker(
  Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
);
const readResolve = bodyChecker(
  Type.Object({ contactId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
);

const SAMPLE = {
  callId: 'c-20261122-0001',
  direction: 'outbound',
  from: '+81312345678',
  to: '090-1234-5678',
  startedAt: '2026-11-22T09:00:00+09:00',
  answered: true,
  durationSec: 75,
  user: 'sato@example.jp',
  recordingUrls: ['https://pbx.example.jp/rec/1.mp3'],
};

/**
 * Telephony: the phone system posts ended calls to `POST /api/telephony/calls` with the
 * connection's token; admins manage that connection's endpoint and token; users resolve calls
 * that matched several records.
 */
export function telephonyRoutes(deps: RouteDeps, options: { onCallEnded?: CallEndedListener } = {}): Router {
  const { db, config } = deps;
  const router = Router();
  // Runs reach the CRM's to-dos and kintone through these ports; calls start trigger.call_ended.
  const execution = executionForApp(deps);
  execution.providePorts({
    // A node naming a Salesforce connection acts there; without one, on the built-in records.
    telephony: createRoutedTelephonyPort({
      db,
      connections: crmForApp(deps).connections,
      local: createTelephonyAdapter({ db }),
    }),
    kintone: createKintoneAdapter({ db, secretKey: config.secretKey }),
  });
  const onCallEnded = options.onCallEnded ?? callEndedDispatcher(execution);
  const endpoint = `${config.publicUrl.replace(/\/+$/, '')}/api/telephony/calls`;

  const describe = (row: ConnectionModel) => {
    const opened: unknown = row.credentials
      ? JSON.parse(
          openSecret({ key: config.secretKey, sealed: row.credentials, aad: `connection:${row.id}` }),
        )
      : {};
    const token = isRecord(opened) && typeof opened.token === 'string' ? opened.token : '';
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      endpoint,
      header: TELEPHONY_TOKEN_HEADER,
      token,
      example: `curl -X POST ${endpoint} -H 'content-type: application/json' -H '${TELEPHONY_TOKEN_HEADER}: ${token}' -d '${JSON.stringify(SAMPLE)}'`,
    };
  };

  const telephonyConnection = async (req: Request) => {
    const row = await db.models.Connection.findByPk(pathParam(req, 'id'));
    if (!row || row.type !== TELEPHONY_CONNECTION_TYPE) {
      throw notFoundError({
        ja: 'その電話の連携はありません。',
        en: 'There is no such telephony connection.',
      });
    }
    return row;
  };

  router.post('/api/telephony/calls', async (req, res) => {
    const token = req.get(TELEPHONY_TOKEN_HEADER) ?? '';
    const connection = token === '' ? undefined : await connectionByToken(db, token);
    if (!connection) {
      throw new HttpError({
        status: 401,
        code: 'invalid_token',
        message: {
          ja: '電話の連携のトークンが正しくありません。',
          en: 'The telephony connection token is not valid.',
        },
      });
    }
    const input = readCall(req.body);
    const { row, created } = await receiveCall({ db, connectionId: connection.id, input });
    await onCallEnded({ ...callPayload(row), repeat: !created });
    res.status(created ? 201 : 200).json({ id: row.id, callId: row.callId, created, status: row.status });
  });

  router.get('/api/telephony/calls', requireAuth, async (req, res) => {
    const status = typeof req.query.status === 'string' ? req.query.status : undefined;
    const rows = await db.models.TelephonyCall.findAll({
      ...(status ? { where: { status } } : {}),
      order: [['startedAt', 'DESC']],
      limit: 200,
    });
    res.json({
      items: rows.map((row) => ({
        ...callPayload(row),
        status: row.status,
        candidates: row.candidates,
        matchCount: row.candidates.length,
        taskId: row.taskId,
        contactId: row.contactId,
      })),
    });
  });

  router.get('/api/telephony/calls/:id', requireAuth, async (req, res) => {
    const row = await db.models.TelephonyCall.findByPk(pathParam(req, 'id'));
    if (!row) throw notFoundError({ ja: 'その通話はありません。', en: 'There is no such call.' });
    res.json({
      ...callPayload(row),
      status: row.status,
      candidates: row.candidates,
      matchCount: row.candidates.length,
      taskId: row.taskId,
      contactId: row.contactId,
    });
  });

  router.post('/api/telephony/calls/:id/resolve', requireRole('editor'), async (req, res) => {
    const { contactId } = readResolve(req.body);
    try {
      const result = await resolveCall({
        db,
        callRecordId: pathParam(req, 'id'),
        recordId: contactId,
        chosenBy: currentUser(req).id,
        language: requestLanguage(req),
        timeZone: 'Asia/Tokyo',
      });
      res.json(result);
    } catch (error) {
      if (!(error instanceof ResolveError)) throw error;
      throw new HttpError({
        status: error.code === 'not_pending' ? 409 : 404,
        code: error.code,
        message: {
          ja:
            error.code === 'not_pending'
              ? 'この通話は選択待ちではありません。'
              : '通話または連絡先が見つかりません。',
          en: error.message,
        },
      });
    }
  });

  router.post('/api/telephony/connections', requireRole('admin'), async (req, res) => {
    const { name } = readCreate(req.body);
    const row = await db.models.Connection.create({
      id: randomUUID(),
      type: TELEPHONY_CONNECTION_TYPE,
      name,
      status: 'enabled',
      settings: {},
      createdBy: currentUser(req).id,
    });
    await setTelephonyToken({ row, token: newTelephonyToken(), secretKey: config.secretKey });
    res.status(201).json(describe(row));
  });

  router.get('/api/telephony/connections/:id', requireRole('admin'), async (req, res) => {
    res.json(describe(await telephonyConnection(req)));
  });

  router.post('/api/telephony/connections/:id/token', requireRole('admin'), async (req, res) => {
    const row = await telephonyConnection(req);
    await setTelephonyToken({ row, token: newTelephonyToken(), secretKey: config.secretKey });
    res.json(describe(row));
  });

  return router;
}
