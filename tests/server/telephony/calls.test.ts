import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logCallNode } from '../../../nodes/telephony/log-call';
import { createTelephonyAdapter } from '../../../server/telephony/adapter';
import { callPayload } from '../../../server/telephony/calls';
import { makeContext } from '../../nodes/context';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;

beforeEach(async () => {
  t = await createTestApp();
  admin = (await t.userWithToken('admin', 'sato@example.jp')).token;
});
afterEach(async () => {
  await t.dispose();
});

const CALL = {
  callId: 'c-1',
  direction: 'inbound',
  from: '03-1234-5678',
  to: '+81 50 0000 0000',
  startedAt: '2026-11-22T00:00:00Z',
  answered: true,
  durationSec: 61,
  user: 'sato@example.jp',
  recordingUrls: ['https://pbx.example.jp/r/1.mp3', 'https://pbx.example.jp/r/2.mp3'],
};

async function connection(): Promise<{ id: string; token: string; endpoint: string; example: string }> {
  const res = await request(t.app)
    .post('/api/telephony/connections')
    .set('authorization', `Bearer ${admin}`)
    .send({ name: 'PBX' })
    .expect(201);
  return res.body as { id: string; token: string; endpoint: string; example: string };
}

async function contact(name: string, phone: string): Promise<string> {
  const id = randomUUID();
  await t.db.models.CrmRecord.create({ id, module: 'contacts', name, phone, phoneE164: '+81312345678' });
  return id;
}

/** Runs telephony.log_call for a stored call, as the trigger would hand it on. */
async function logCall(callRecordId: string) {
  const row = await t.db.models.TelephonyCall.findByPk(callRecordId);
  if (!row) throw new Error('no call');
  return logCallNode.run(
    makeContext({
      config: {},
      trigger: callPayload(row),
      ports: { telephony: createTelephonyAdapter({ db: t.db }) },
    }),
  );
}

describe('telephony call events', () => {
  it('a connection shows its endpoint, token and an example; regenerating retires the old token', async () => {
    const created = await connection();
    expect(created.endpoint).toMatch(/\/api\/telephony\/calls$/);
    expect(created.example).toContain(created.token);
    await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', created.token)
      .send(CALL)
      .expect(201);
    const renewed = await request(t.app)
      .post(`/api/telephony/connections/${created.id}/token`)
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect((renewed.body as { token: string }).token).not.toBe(created.token);
    await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', created.token)
      .send(CALL)
      .expect(401);
    await request(t.app).post('/api/telephony/calls').send(CALL).expect(401);
  });

  it('the connections list hides the token hash, and an edit of the settings cannot replace it', async () => {
    const created = await connection();
    const viewer = (await t.userWithToken('viewer')).token;
    const listed = await request(t.app)
      .get('/api/connections')
      .set('authorization', `Bearer ${viewer}`)
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toContain('tokenHash');
    await request(t.app)
      .patch(`/api/connections/${created.id}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ settings: { tokenHash: 'forged' } })
      .expect(200);
    await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', created.token)
      .send({ ...CALL, callId: 'call-after-edit' })
      .expect(201);
  });

  it('stores a call once: a repeat of the call id updates it and is handed on again', async () => {
    const { token } = await connection();
    const first = await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send(CALL)
      .expect(201);
    const again = await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send({ ...CALL, durationSec: 125 })
      .expect(200);
    expect((again.body as { id: string }).id).toBe((first.body as { id: string }).id);
    const rows = await t.db.models.TelephonyCall.findAll();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.durationSec).toBe(125);
    expect(rows[0]?.eventCount).toBe(2);
  });

  it('refuses a malformed call event, naming the field', async () => {
    const { token } = await connection();
    const res = await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send({ ...CALL, direction: 'sideways' })
      .expect(400);
    expect(JSON.stringify(res.body)).toContain('direction');
  });

  it('a repeat call event logged twice updates its one to-do, never duplicates it', async () => {
    const { token } = await connection();
    const contactId = await contact('山田 太郎', '03-1234-5678');
    const first = await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send(CALL)
      .expect(201);
    const id = (first.body as { id: string }).id;
    const logged = await logCall(id);
    expect(logged.branch).toBe('logged');
    await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send({ ...CALL, durationSec: 130 })
      .expect(200);
    await logCall(id);
    const tasks = await t.db.models.CrmRecord.findAll({ where: { module: 'tasks' } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.name).toBe('通話 - 着信 / (3)分');
    expect(tasks[0]?.status).toBe('done');
    expect(tasks[0]?.contactId).toBe(contactId);
    const owner = await t.db.models.User.findOne({ where: { email: 'sato@example.jp' } });
    expect(tasks[0]?.ownerId).toBe(owner?.id);
    const memo = String(tasks[0]?.fields.description);
    expect(memo).toContain('通話時間: 130秒');
    expect(memo).toContain('録音 1: https://pbx.example.jp/r/1.mp3');
    expect(memo).toContain('録音 2: https://pbx.example.jp/r/2.mp3');
  });

  it('several matches wait for a person: "N matches", the pick logs the call and is remembered', async () => {
    const { token } = await connection();
    const editor = (await t.userWithToken('editor')).token;
    await contact('山田 太郎', '03-1234-5678');
    const chosen = await contact('山田 花子', '(03)1234-5678');
    const posted = await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send(CALL)
      .expect(201);
    const id = (posted.body as { id: string }).id;
    const result = await logCall(id);
    expect(result.branch).toBe('multiple_matches');
    expect((result.output as { candidates: unknown[] }).candidates).toHaveLength(2);
    const shown = await request(t.app)
      .get(`/api/telephony/calls/${id}`)
      .set('authorization', `Bearer ${editor}`)
      .expect(200);
    expect(shown.body).toMatchObject({ status: 'multiple_matches', matchCount: 2 });
    expect(await t.db.models.CrmRecord.count({ where: { module: 'tasks' } })).toBe(0);

    const resolved = await request(t.app)
      .post(`/api/telephony/calls/${id}/resolve`)
      .set('authorization', `Bearer ${editor}`)
      .send({ contactId: chosen })
      .expect(200);
    const task = await t.db.models.CrmRecord.findByPk((resolved.body as { taskId: string }).taskId);
    expect(task?.status).toBe('done');
    expect(task?.contactId).toBe(chosen);
    await request(t.app)
      .post(`/api/telephony/calls/${id}/resolve`)
      .set('authorization', `Bearer ${editor}`)
      .send({ contactId: chosen })
      .expect(409);

    // The next call from that number goes straight to the chosen contact.
    const next = await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send({ ...CALL, callId: 'c-2' })
      .expect(201);
    const again = await logCall((next.body as { id: string }).id);
    expect(again.branch).toBe('logged');
    expect(again.output).toMatchObject({ match: { id: chosen } });
  });
});
