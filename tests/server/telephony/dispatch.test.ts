import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executionForApp } from '../../../server/execution/app-wiring';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;
const as = (token: string) => ({ authorization: `Bearer ${token}` });

beforeEach(async () => {
  t = await createTestApp();
  admin = (await t.userWithToken('admin', 'sato@example.jp')).token;
});
afterEach(async () => {
  await t.services.lifecycle.stop();
  await t.dispose();
});

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  position: { x: 0, y: 0 },
  label: id,
  config,
});

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('trigger.call_ended in the running server', () => {
  it('a posted call starts the active call-ended workflow, which logs it on the contact', async () => {
    const created = await request(t.app)
      .post('/api/workflows')
      .set(as(admin))
      .send({ name: '通話の記録' })
      .expect(201);
    const id = (created.body as { id: string }).id;
    const document = {
      schemaVersion: 1,
      id,
      name: '通話の記録',
      settings: {},
      nodes: [node('call', 'trigger.call_ended'), node('log', 'telephony.log_call')],
      edges: [{ id: 'e1', source: 'call', sourceHandle: 'next', target: 'log' }],
      notes: [],
    };
    await request(t.app).put(`/api/workflows/${id}`).set(as(admin)).send(document).expect(200);
    await request(t.app).post(`/api/workflows/${id}/publish`).set(as(admin)).expect(201);
    await request(t.app).post(`/api/workflows/${id}/activate`).set(as(admin)).expect(200);
    await t.services.lifecycle.start();
    await executionForApp({ db: t.db, config: t.config, services: t.services }).reloadWorkflows();

    const contactId = randomUUID();
    await t.db.models.CrmRecord.create({
      id: contactId,
      module: 'contacts',
      name: '山田 太郎',
      phone: '03-1234-5678',
      phoneE164: '+81312345678',
    });
    const connection = await request(t.app)
      .post('/api/telephony/connections')
      .set(as(admin))
      .send({ name: 'PBX' })
      .expect(201);
    const token = (connection.body as { token: string }).token;
    await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', token)
      .send({
        callId: 'c-9',
        direction: 'inbound',
        from: '03-1234-5678',
        to: '050-0000-0000',
        startedAt: '2026-11-22T00:00:00Z',
        answered: true,
        durationSec: 30,
        user: 'sato@example.jp',
      })
      .expect(201);

    const tasks = await eventually(
      () => t.db.models.CrmRecord.findAll({ where: { module: 'tasks' } }),
      (rows) => rows.length > 0,
    );
    expect(tasks.map((task) => [task.name, task.status, task.contactId])).toEqual([
      ['通話 - 着信 / (1)分', 'done', contactId],
    ]);
  });
});
