import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activate, node, workflow } from '../execution/support';
import { sharingFixture, type SharingFixture } from './support';

let f: SharingFixture;
let auth: string;

beforeEach(async () => {
  f = await sharingFixture();
  auth = `Bearer ${(await f.t.userWithToken('owner')).token}`;
});
afterEach(async () => {
  await f.t.services.lifecycle.stop();
  await f.t.dispose();
});

/** webhook (record id in the body) → share the record → answer with the link. */
const shareFlow = workflow({
  id: 'share_by_webhook',
  nodes: [
    node('hook', 'trigger.webhook', { path: 'share', responseMode: 'sync' }),
    node('pick', 'logic.set', { assignments: [{ name: 'rid', value: '{{ trigger.body.recordId }}' }] }),
    node('share', 'sharing.share_record', {
      recordSource: 'variable',
      recordVariable: 'rid',
      sendEmail: true,
    }),
    node('ok', 'logic.respond', { status: 200, body: '{"url": "{{ vars.share_url }}"}' }),
    node('off', 'logic.respond', { status: 409, body: '{"error": "sharing is off"}' }),
  ],
  edges: [
    ['hook', 'next', 'pick'],
    ['pick', 'next', 'share'],
    ['share', 'success', 'ok'],
    ['share', 'sharing_disabled', 'off'],
  ],
});

describe('sharing from a workflow in the running server', () => {
  it('shares the record, mails the link to its contact and answers with a link that opens', async () => {
    await request(f.t.app)
      .post(`/api/pipelines/${f.pipelineId}/sharing/enable`)
      .set('Authorization', auth)
      .expect(200);
    await activate(f.t.db, shareFlow);
    await f.t.services.lifecycle.start();

    const res = await request(f.t.app).post('/webhook/share').send({ recordId: f.ticketId }).expect(200);
    const url = String(res.body.url);
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{20,}$/);
    const mails = await f.t.db.models.OutboxMail.findAll();
    expect(mails.some((mail) => JSON.stringify(mail.toJSON()).includes(url))).toBe(true);
    const page = await request(f.t.app).get(new URL(url).pathname).expect(200);
    expect(page.text).toContain('<html');
  });

  it('takes sharing_disabled while the pipeline does not share', async () => {
    await activate(f.t.db, shareFlow);
    await f.t.services.lifecycle.start();
    const res = await request(f.t.app).post('/webhook/share').send({ recordId: f.ticketId }).expect(409);
    expect(res.body).toEqual({ error: 'sharing is off' });
  });
});
