import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;
let editor: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeEach(async () => {
  t = await createTestApp();
  admin = (await t.userWithToken('admin')).token;
  editor = (await t.userWithToken('editor')).token;
});
afterEach(async () => {
  await t.dispose();
});

describe('connections API', () => {
  it('lists the built-in CRM, help desk and mailing lists on a fresh install, filtered by kind', async () => {
    const all = await request(t.app).get('/api/connections').set(as(editor)).expect(200);
    expect(
      all.body.items.map((item: { id: string; kind: string; status: string }) => [
        item.id,
        item.kind,
        item.status,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['builtin-crm', 'crm', 'enabled'],
        ['builtin-desk', 'desk', 'enabled'],
        ['builtin-lists', 'lists', 'enabled'],
      ]),
    );
    const desk = await request(t.app)
      .get('/api/connections')
      .query({ kind: 'desk' })
      .set(as(editor))
      .expect(200);
    expect(desk.body.items.map((item: { id: string }) => item.id)).toEqual(['builtin-desk']);
  });

  it('tests, switches off, switches on and deletes a connection; only admins change them', async () => {
    const tested = await request(t.app).post('/api/connections/builtin-crm/test').set(as(editor)).expect(200);
    expect(tested.body).toMatchObject({ ok: true, connection: { lastTest: { ok: true } } });
    await request(t.app).post('/api/connections/builtin-crm/disable').set(as(editor)).expect(403);
    const off = await request(t.app).post('/api/connections/builtin-crm/disable').set(as(admin)).expect(200);
    expect(off.body.status).toBe('disabled');
    const on = await request(t.app).post('/api/connections/builtin-crm/enable').set(as(admin)).expect(200);
    expect(on.body.status).toBe('enabled');
    await request(t.app).delete('/api/connections/builtin-crm').set(as(admin)).expect(204);
    await request(t.app).get('/api/connections/builtin-crm').set(as(editor)).expect(404);
    const audit = await t.db.models.AuditLog.findAll({ where: { targetType: 'connection' } });
    expect(audit.map((entry) => entry.action)).toEqual([
      'connection.disable',
      'connection.enable',
      'connection.delete',
    ]);
  });

  it('keeps credentials sealed at rest and never sends them back', async () => {
    const created = await request(t.app)
      .post('/api/connections')
      .set(as(admin))
      .send({
        id: 'crm-2',
        type: 'builtin_crm',
        name: '第二 CRM',
        credentials: { token: 'super-secret-token' },
      })
      .expect(201);
    expect(created.body).toMatchObject({ id: 'crm-2', hasCredentials: true });
    expect(JSON.stringify(created.body)).not.toContain('super-secret-token');
    const row = await t.db.models.Connection.findByPk('crm-2');
    expect(row?.credentials).toMatch(/^v1\./);
    expect(row?.credentials).not.toContain('super-secret-token');
    const { crmServicesFor } = await import('../../../server/crm/context');
    const crm = crmServicesFor({
      db: t.db,
      clock: t.services.clock,
      logger: t.services.logger,
      secretKey: t.config.secretKey,
    });
    expect(row && crm.connections.credentialsOf(row)).toEqual({ token: 'super-secret-token' });
  });

  it('names the field of a bad connection body', async () => {
    const res = await request(t.app)
      .post('/api/connections')
      .set(as(admin))
      .send({ type: 'fax', name: '' })
      .expect(400);
    expect(res.body.error.details.map((problem: { field: string }) => problem.field)).toEqual(['name']);
    const type = await request(t.app)
      .post('/api/connections')
      .set(as(admin))
      .send({ type: 'fax', name: 'FAX' })
      .expect(400);
    expect(type.body.error.details[0].field).toBe('type');
  });
});
