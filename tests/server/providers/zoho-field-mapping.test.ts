import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoEmulator, type ZohoEmulator } from '../../emulators/zoho/server';
import { createTestApp, type TestApp } from '../support/test-app';
import { as, edges, goLive, liveWorkflow, node } from './app-support';

let t: TestApp;
let zoho: ZohoEmulator;
let admin: string;
let editor: string;

beforeEach(async () => {
  t = await createTestApp();
  zoho = await startZohoEmulator();
  zoho.addRefreshToken('1000.refresh.map');
  admin = (await t.userWithToken('admin')).token;
  editor = (await t.userWithToken('editor')).token;
  await request(t.app)
    .post('/api/connections')
    .set(as(admin))
    .send({
      id: 'zoho',
      type: 'zoho',
      name: 'Zoho',
      settings: { dataCentre: 'jp', accountsUrl: zoho.url, deskUrl: zoho.url, campaignsUrl: zoho.url },
      credentials: {
        clientId: zoho.client.id,
        clientSecret: zoho.client.secret,
        refreshToken: '1000.refresh.map',
      },
    })
    .expect(201);
});
afterEach(async () => {
  await t.services.lifecycle.stop();
  await zoho.close();
  await t.dispose();
});

const mappingPath = '/api/connections/zoho/zoho/mapping';

describe('Zoho field mapping', () => {
  it('lists the org’s fields from the fields metadata API with the mapping in use', async () => {
    const res = await request(t.app).get(mappingPath).query({ module: 'Leads' }).set(as(editor)).expect(200);
    expect(res.body.fields).toContainEqual({
      apiName: 'Last_Name',
      label: 'Last Name',
      mandatory: true,
      dataType: 'text',
    });
    expect(res.body.fields).toContainEqual({
      apiName: 'Chat_Topic',
      label: 'Chat Topic',
      mandatory: false,
      dataType: 'text',
    });
    expect(res.body).toMatchObject({ module: 'Leads', edited: false });
    expect(res.body.mapping).toContainEqual({ apiName: 'Last_Name', source: '{{ name }}' });
    expect(res.body.sources).toContain('email');
    expect(zoho.requests).toContain('GET /crm/v7/settings/fields');
  });

  it('refuses a mapping that leaves a mandatory field unmapped, or names a field Zoho does not have, saying which', async () => {
    const unmapped = await request(t.app)
      .put(mappingPath)
      .set(as(admin))
      .send({ module: 'Deals', mapping: [{ apiName: 'Deal_Name', source: '{{ name }}' }] });
    expect(unmapped.status).toBe(422);
    expect(unmapped.body.error).toMatchObject({
      code: 'mandatory_unmapped',
      details: { problems: [{ code: 'mandatory_unmapped', fields: ['Stage'] }] },
    });
    expect(unmapped.body.error.message).toContain('Stage');

    const unknown = await request(t.app)
      .put(mappingPath)
      .set(as(admin))
      .send({
        module: 'Leads',
        mapping: [
          { apiName: 'Last_Name', source: '{{ name }}' },
          { apiName: 'Favourite_Colour', source: '{{ vars.colour }}' },
          { apiName: 'Company', source: '{{ compnay }}' },
        ],
      });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.problems).toEqual([
      { code: 'unknown_field', fields: ['Favourite_Colour'] },
      { code: 'unknown_source', fields: ['Company'] },
    ]);
    // Editors may read the mapping but not change it.
    await request(t.app)
      .put(mappingPath)
      .set(as(editor))
      .send({ module: 'Leads', mapping: [{ apiName: 'Last_Name', source: '{{ name }}' }] })
      .expect(403);
    const after = await request(t.app).get(mappingPath).set(as(editor)).expect(200);
    expect(after.body.edited).toBe(false);
  });

  it('a saved mapping is what the lead insert sends: node fields, run variables and fixed text', async () => {
    await request(t.app)
      .put(mappingPath)
      .set(as(admin))
      .send({
        module: 'Leads',
        mapping: [
          { apiName: 'Last_Name', source: '{{ name }} 様' },
          { apiName: 'Email', source: '{{ email }}' },
          { apiName: 'Chat_Topic', source: '{{ vars.topic }}' },
          { apiName: 'Lead_Source', source: 'Musubi チャット' },
          { apiName: 'Company', source: '' },
        ],
      })
      .expect(200);
    await liveWorkflow(t, admin, {
      name: 'マッピングの確認',
      nodes: [
        node('hook', 'trigger.webhook', { path: 'map/lead', method: 'POST', responseMode: 'sync' }),
        node('topic', 'logic.set', { assignments: [{ name: 'topic', value: '{{ trigger.body.topic }}' }] }),
        node('lead', 'crm.associate_lead', {
          connectionId: 'zoho',
          name: '{{ trigger.body.name }}',
          company: '{{ trigger.body.company }}',
          email: '{{ trigger.body.email }}',
        }),
        node('ok', 'logic.respond', {
          status: 201,
          bodyType: 'json',
          body: '{"leadId":"{{ vars.lead_id }}"}',
        }),
      ],
      edges: edges([
        ['hook', 'next', 'topic'],
        ['topic', 'next', 'lead'],
        ['lead', 'success', 'ok'],
      ]),
    });
    await goLive(t);
    const res = await request(t.app)
      .post('/webhook/map/lead')
      .send({ name: '森 陽子', company: '森林業', email: 'yoko@mori.example.jp', topic: '料金' });
    expect(res.status).toBe(201);
    const [stored] = zoho.records.get('Leads') ?? [];
    expect(stored).toMatchObject({
      Last_Name: '森 陽子 様',
      Email: 'yoko@mori.example.jp',
      Chat_Topic: '料金',
      Lead_Source: 'Musubi チャット',
    });
    // Company was left unmapped, so it is not sent.
    expect(stored?.Company).toBeUndefined();
    expect(res.body).toEqual({ leadId: stored?.id });
  });

  it('a revoked authorisation answers 409 integration_disabled and shows the connection as broken', async () => {
    zoho.revokeRefreshToken('1000.refresh.map');
    const res = await request(t.app).get(mappingPath).set(as(editor));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('integration_disabled');
    const view = await request(t.app).get('/api/connections/zoho').set(as(admin)).expect(200);
    expect(view.body.lastTest).toMatchObject({ ok: false });
  });
});
