import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRecord } from '../../../runtime/engine/registry';
import { executionForApp } from '../../../server/execution/app-wiring';
import { startZohoEmulator, type ZohoEmulator } from '../../emulators/zoho/server';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let zoho: ZohoEmulator;
let admin: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeEach(async () => {
  t = await createTestApp();
  zoho = await startZohoEmulator();
  zoho.addRefreshToken('1000.refresh.e2e');
  zoho.departments.set('sample-dept-support', { name: 'サポート', isEnabled: true });
  admin = (await t.userWithToken('admin')).token;
});
afterEach(async () => {
  await t.services.lifecycle.stop();
  await zoho.close();
  await t.dispose();
});

/** Points every integration node of the workflow's published versions at `connectionId`. */
async function pointAt(workflowId: string, connectionId: string): Promise<void> {
  const versions = await t.db.models.WorkflowVersion.findAll({ where: { workflowId } });
  expect(versions.length).toBeGreaterThan(0);
  for (const version of versions) {
    const text = JSON.stringify(version.document).replace(
      /"builtin-(crm|desk|lists)"/g,
      JSON.stringify(connectionId),
    );
    const document: unknown = JSON.parse(text);
    if (!isRecord(document)) throw new Error('not a document');
    version.set('document', document);
    version.changed('document', true);
    await version.save();
  }
}

describe('the sample inquiry workflow on a Zoho connection', () => {
  it('the webhook creates the lead, contact, deal and Desk ticket in Zoho and answers with the Desk ticket number', async () => {
    await request(t.app).post('/api/sample').set(as(admin)).expect(200);
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
          refreshToken: '1000.refresh.e2e',
        },
      })
      .expect(201);
    await pointAt('wf_sample_inquiry', 'zoho');
    await t.services.lifecycle.start();
    await executionForApp({ db: t.db, config: t.config, services: t.services }).reloadWorkflows();

    const res = await request(t.app).post('/webhook/sample/inquiry').send({
      name: '森 陽子',
      company: '森林業株式会社',
      email: 'yoko@mori-ringyo.example.jp',
      phone: '0120-555-123',
      subject: '見積もりのご相談',
      message: '50 名で使う場合の費用を知りたいです。',
      priority: '中',
      budget: '1,500,000',
    });
    expect(res.status).toBe(201);
    const run = await t.db.models.Run.findByPk(String(res.headers['x-musubi-run-id']));
    expect(run?.status).toBe('succeeded');
    expect(zoho.records.get('Leads')?.[0]).toMatchObject({
      Last_Name: '森 陽子',
      Email: 'yoko@mori-ringyo.example.jp',
    });
    expect(zoho.records.get('Contacts')).toHaveLength(1);
    expect(zoho.records.get('Deals')?.[0]).toMatchObject({ Amount: 1_500_000 });
    expect(zoho.tickets[0]).toMatchObject({
      subject: '見積もりのご相談',
      departmentId: 'sample-dept-support',
    });
    expect(res.body).toMatchObject({ ticketNumber: 101, ticketId: zoho.tickets[0]?.id });
    // Nothing went to the built-in records.
    const leads = await request(t.app).get('/api/records/leads').set(as(admin)).expect(200);
    expect(JSON.stringify(leads.body)).not.toContain('yoko@mori-ringyo.example.jp');
  });
});
