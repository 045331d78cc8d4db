import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoEmulator, type ZohoEmulator } from '../../emulators/zoho/server';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let zoho: ZohoEmulator;
let admin: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeEach(async () => {
  t = await createTestApp();
  zoho = await startZohoEmulator();
  admin = (await t.userWithToken('admin')).token;
  await request(t.app)
    .post('/api/connections')
    .set(as(admin))
    .send({
      id: 'zoho',
      type: 'zoho',
      name: 'Zoho',
      settings: { dataCentre: 'jp', accountsUrl: zoho.url, deskUrl: zoho.url, campaignsUrl: zoho.url },
      credentials: { clientId: zoho.client.id, clientSecret: zoho.client.secret },
    })
    .expect(201);
});
afterEach(async () => {
  await zoho.close();
  await t.dispose();
});

describe('provider OAuth', () => {
  it('start gives the authorisation URL; the callback seals the refresh token and the connection then works', async () => {
    const start = await request(t.app).post('/api/connections/zoho/oauth/start').set(as(admin)).expect(200);
    const url = new URL(start.body.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${zoho.url}/oauth/v2/auth`);
    expect(url.searchParams.get('client_id')).toBe(zoho.client.id);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('scope')).toContain('ZohoCRM.modules.ALL');
    expect(url.searchParams.get('redirect_uri')).toBe(start.body.redirectUri);

    // Before authorising, the test says what is missing.
    const before = await request(t.app).post('/api/connections/zoho/test').set(as(admin)).expect(200);
    expect(before.body).toMatchObject({ ok: false });
    expect(before.body.message.en).toContain('not been authorised');

    zoho.addAuthorizationCode('grant-1', '1000.refresh.new');
    const callback = await request(t.app)
      .get('/integrations/providers/oauth/callback')
      .query({ code: 'grant-1', state: url.searchParams.get('state') })
      .expect(303);
    expect(callback.headers.location).toBe('/#/settings/connections?connected=zoho');
    const view = await request(t.app).get('/api/connections/zoho').set(as(admin)).expect(200);
    expect(view.body).toMatchObject({ hasCredentials: true, lastTest: { ok: true } });
    // The refresh token itself never leaves the server.
    expect(JSON.stringify(view.body)).not.toContain('1000.refresh.new');
  });

  it('a forged or missing state, or a refused code, is answered 400 and stores nothing', async () => {
    await request(t.app)
      .get('/integrations/providers/oauth/callback')
      .query({ code: 'x', state: 'e30.forged' })
      .expect(400);
    const start = await request(t.app).post('/api/connections/zoho/oauth/start').set(as(admin)).expect(200);
    const state = new URL(start.body.url).searchParams.get('state');
    const refused = await request(t.app)
      .get('/integrations/providers/oauth/callback')
      .query({ code: 'never-issued', state })
      .expect(400);
    expect(refused.text).toContain('invalid_code');
    const view = await request(t.app).get('/api/connections/zoho').set(as(admin)).expect(200);
    expect(view.body.lastTest).toBeNull();
  });

  it('is refused for a built-in connection and for editors', async () => {
    await request(t.app).post('/api/sample').set(as(admin)).expect(200);
    await request(t.app).post('/api/connections/builtin-crm/oauth/start').set(as(admin)).expect(400);
    const editor = (await t.userWithToken('editor')).token;
    await request(t.app).post('/api/connections/zoho/oauth/start').set(as(editor)).expect(403);
  });
});

describe('Zoho pick lists', () => {
  it('lists Desk departments, Campaigns lists and CRM fields with the mandatory ones flagged', async () => {
    zoho.addRefreshToken('1000.refresh.pick');
    zoho.departments.set('d1', { name: 'サポート', isEnabled: true });
    zoho.departments.set('d2', { name: '旧部門', isEnabled: false });
    zoho.lists.set('LK1', []);
    await request(t.app)
      .patch('/api/connections/zoho')
      .set(as(admin))
      .send({
        credentials: {
          clientId: zoho.client.id,
          clientSecret: zoho.client.secret,
          refreshToken: '1000.refresh.pick',
        },
      })
      .expect(200);
    const departments = await request(t.app)
      .get('/api/connections/zoho/zoho/departments')
      .set(as(admin))
      .expect(200);
    expect(departments.body.items).toEqual([
      { id: 'd1', label: 'サポート', flag: true },
      { id: 'd2', label: '旧部門', flag: false },
    ]);
    const lists = await request(t.app).get('/api/connections/zoho/zoho/lists').set(as(admin)).expect(200);
    expect(lists.body.items).toEqual([{ id: 'LK1', label: 'List LK1' }]);
    const fields = await request(t.app)
      .get('/api/connections/zoho/zoho/fields')
      .query({ module: 'Deals' })
      .set(as(admin))
      .expect(200);
    expect(fields.body.items).toContainEqual({ id: 'Stage', label: 'Stage', flag: true });
    expect(fields.body.items).toContainEqual({ id: 'Amount', label: 'Amount', flag: false });
    await request(t.app).get('/api/connections/zoho/zoho/nothing').set(as(admin)).expect(404);
  });

  it('answers 409 integration_disabled when Zoho refuses the authorisation', async () => {
    const res = await request(t.app).get('/api/connections/zoho/zoho/departments').set(as(admin)).expect(409);
    expect(res.body.error.code).toBe('integration_disabled');
  });
});
