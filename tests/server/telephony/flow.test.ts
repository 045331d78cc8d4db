import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../../nodes/index';
import { startRun } from '../../../runtime/index';
import type { RunState, WorkflowDocument } from '../../../runtime/index';
import { createKintoneAdapter } from '../../../server/adapters/kintone';
import { sealSecret } from '../../../server/crypto/secret-box';
import { telephonyRoutes } from '../../../server/routes/telephony';
import type { CallEndedListener } from '../../../server/routes/telephony';
import { createTelephonyAdapter } from '../../../server/telephony/adapter';
import { newTelephonyToken, setTelephonyToken } from '../../../server/telephony/calls';
import { setUpApps, TOKENS } from '../../emulators/kintone/fixtures';
import { startKintoneEmulator } from '../../emulators/kintone/server';
import type { KintoneEmulator } from '../../emulators/kintone/server';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  position: { x: 0, y: 0 },
  label: id,
  config,
});
const edge = (source: string, sourceHandle: string, target: string) => ({
  id: `${source}-${sourceHandle}-${target}`,
  source,
  sourceHandle,
  target,
});

/** Call ended → log call → call history in kintone; an unknown caller becomes a kintone customer. */
const WORKFLOW: WorkflowDocument = {
  schemaVersion: 1,
  id: 'calls-to-kintone',
  name: 'Calls to kintone',
  settings: {},
  nodes: [
    node('call', 'trigger.call_ended'),
    node('log', 'telephony.log_call'),
    node('history', 'kintone.write_call_history', {
      connectionId: 'kintone-1',
      appId: '2',
      phoneField: '電話番号',
      directionField: '発着信',
      startedAtField: '開始日時',
      durationField: '通話秒数',
      recordingsField: '録音URL',
      callIdField: '通話ID',
    }),
    node('customer', 'kintone.upsert_by_phone', {
      connectionId: 'kintone-1',
      appId: '1',
      phoneField: '電話番号',
      phone: '{{ trigger.from }}',
    }),
  ],
  edges: [
    edge('call', 'next', 'log'),
    edge('log', 'logged', 'history'),
    edge('log', 'no_match', 'customer'),
    edge('customer', 'created', 'history'),
  ],
  notes: [],
};

let t: TestApp;
let emulator: KintoneEmulator;
let runs: RunState[];
let token: string;
let app: express.Express;

beforeEach(async () => {
  t = await createTestApp();
  emulator = await startKintoneEmulator();
  setUpApps(emulator);
  await t.db.models.Connection.create({
    id: 'kintone-1',
    type: 'kintone',
    name: 'kintone',
    status: 'enabled',
    settings: { domain: emulator.url },
    credentials: sealSecret({
      key: t.config.secretKey,
      plaintext: JSON.stringify({ tokens: `${TOKENS.customer},${TOKENS.history}` }),
      aad: 'connection:kintone-1',
    }),
  });
  const pbx = await t.db.models.Connection.create({
    id: 'pbx',
    type: 'telephony',
    name: 'PBX',
    status: 'enabled',
    settings: {},
  });
  token = newTelephonyToken();
  await setTelephonyToken({ row: pbx, token, secretKey: t.config.secretKey });
  runs = [];
  const registry = createDefaultRegistry();
  const ports = {
    clock: t.services.clock,
    telephony: createTelephonyAdapter({ db: t.db }),
    kintone: createKintoneAdapter({ db: t.db, secretKey: t.config.secretKey }),
  };
  // What the execution layer does with the hook: start the workflows whose trigger is call_ended.
  const onCallEnded: CallEndedListener = async (event) => {
    runs.push(
      await startRun({ workflow: WORKFLOW, registry, ports, payload: event, now: t.services.clock.now() }),
    );
  };
  app = express();
  app.use(express.json());
  app.use(telephonyRoutes({ db: t.db, config: t.config, services: t.services }, { onCallEnded }));
});
afterEach(async () => {
  await emulator.close();
  await t.dispose();
});

const CALL = {
  callId: 'c-100',
  direction: 'inbound',
  from: '03-1234-5678',
  to: '050-0000-0000',
  startedAt: '2026-11-22T01:00:00Z',
  answered: true,
  durationSec: 200,
  recordingUrls: ['https://pbx.example.jp/r/a.mp3', 'https://pbx.example.jp/r/b.mp3'],
};

describe('call ended → log call → kintone call history', () => {
  it('logs the call on the matching contact and writes one call-history record, even when the event repeats', async () => {
    const contactId = randomUUID();
    await t.db.models.CrmRecord.create({
      id: contactId,
      module: 'contacts',
      name: '山田 太郎',
      phone: '03-1234-5678',
      phoneE164: '+81312345678',
    });
    await request(app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send(CALL)
      .expect(201);
    await request(app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send(CALL)
      .expect(200);

    expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs[0]?.steps.map((step) => `${step.nodeId}:${step.branch ?? ''}`)).toEqual([
      'call:next',
      'log:logged',
      'history:success',
    ]);
    const tasks = await t.db.models.CrmRecord.findAll({ where: { module: 'tasks' } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ name: '通話 - 着信 / (4)分', status: 'done', contactId });
    const history = [...(emulator.apps.get('2')?.records.values() ?? [])];
    expect(history).toHaveLength(1);
    expect(history[0]?.values).toMatchObject({
      電話番号: '03-1234-5678',
      発着信: 'inbound',
      通話秒数: '200',
      通話ID: 'c-100',
      録音URL: 'https://pbx.example.jp/r/a.mp3 , https://pbx.example.jp/r/b.mp3',
    });
  });

  it('an unknown caller becomes a kintone customer with just the phone, and the call is written', async () => {
    await request(app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send(CALL)
      .expect(201);
    expect(runs[0]?.steps.map((step) => `${step.nodeId}:${step.branch ?? ''}`)).toEqual([
      'call:next',
      'log:no_match',
      'customer:created',
      'history:success',
    ]);
    const customers = [...(emulator.apps.get('1')?.records.values() ?? [])];
    expect(customers.map((customer) => customer.values.電話番号)).toEqual(['03-1234-5678']);
    expect(emulator.apps.get('2')?.records.size).toBe(1);
  });
});
