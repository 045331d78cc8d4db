import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executionForApp } from '../../../server/execution/app-wiring';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeEach(async () => {
  t = await createTestApp();
  admin = (await t.userWithToken('admin')).token;
});
afterEach(async () => {
  await t.services.lifecycle.stop();
  await t.dispose();
});

/** Waits until `check` holds (the run executes in the background), up to a few seconds. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the sample workspace, end to end', () => {
  it('a webhook creates a lead, a contact, a deal and a ticket and answers with the ticket number; moving the deal runs its stage automation', async () => {
    await request(t.app).post('/api/sample').set(as(admin)).expect(200);
    await t.services.lifecycle.start();
    await executionForApp({ db: t.db, config: t.config, services: t.services }).reloadWorkflows();

    const res = await request(t.app)
      .post('/webhook/sample/inquiry')
      .send({
        name: '森 陽子',
        company: '森林業株式会社',
        email: 'yoko@mori-ringyo.example.jp',
        phone: '0120-555-123',
        subject: '見積もりのご相談',
        message: '50 名で使う場合の費用を知りたいです。',
        priority: '中',
        budget: '1,500,000',
      })
      .expect(201);
    // The sample already holds tickets 1–3.
    expect(res.body).toMatchObject({ ticketNumber: 4 });
    const runId = res.headers['x-musubi-run-id'];
    const run = await t.db.models.Run.findByPk(runId);
    expect(run?.status).toBe('succeeded');

    const ticket = await request(t.app)
      .get(`/api/records/tickets/${res.body.ticketId}`)
      .set(as(admin))
      .expect(200);
    expect(ticket.body).toMatchObject({
      number: 4,
      name: '見積もりのご相談',
      priority: 'medium',
      contactId: res.body.contactId,
    });
    const lead = await request(t.app).get(`/api/records/leads/${res.body.leadId}`).set(as(admin)).expect(200);
    expect(lead.body).toMatchObject({ name: '森 陽子', phoneE164: '+81120555123', source: 'Web フォーム' });
    const deal = await request(t.app).get(`/api/records/deals/${res.body.dealId}`).set(as(admin)).expect(200);
    expect(deal.body).toMatchObject({
      stageId: 'sample-sales-new',
      amount: 1_500_000,
      contactId: res.body.contactId,
    });
    const timeline = await request(t.app)
      .get(`/api/records/deals/${res.body.dealId}/timeline`)
      .set(as(admin))
      .expect(200);
    expect(timeline.body.runs.map((entry: { runId: string }) => entry.runId)).toEqual([runId]);

    // Dragging the deal to 受注 on the board: the stage automation starts the follow-up workflow.
    await request(t.app)
      .post(`/api/records/deals/${res.body.dealId}/stage`)
      .set(as(admin))
      .set('X-Musubi-Source', 'ui')
      .send({ stageId: 'sample-sales-won' })
      .expect(200);
    const runs = await eventually(
      () => t.db.models.Run.findAll({ where: { workflowId: 'wf_sample_deal_follow_up' } }),
      (rows) => rows.length > 0,
    );
    expect(runs).toHaveLength(1);
    const trigger: unknown = JSON.parse(runs[0]?.trigger ?? '{}');
    expect(trigger).toMatchObject({
      recordId: res.body.dealId,
      toStageId: 'sample-sales-won',
      source: 'ui',
      automation: { id: 'sample-automation-won' },
    });
  });
});
