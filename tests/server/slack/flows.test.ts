import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { associateInquiryNode } from '../../../nodes/desk/associate-inquiry';
import { crmServicesFor } from '../../../server/crm/context';
import { slackPublicRoutes } from '../../../server/public/slack';
import { linkUser } from '../../../server/slack/connect';
import type { SlackDesk } from '../../../server/slack/desk';
import { saveMapping } from '../../../server/slack/mapping';
import { slackSignatureHeaders, slashCommandBody } from '../../emulators/slack/sign';
import { BOT, SIGNING, slackApp } from './app-support';
import type { SlackApp } from './app-support';
import { makeContext } from '../../nodes/context';

let s: SlackApp;
let workspaceId = '';
beforeAll(async () => {
  s = await slackApp();
  const res = await s.agent
    .post('/api/slack/workspaces')
    .set('X-CSRF-Token', s.csrf)
    .send({ botToken: BOT, signingSecret: SIGNING })
    .expect(201);
  workspaceId = (res.body as { workspace: { id: string } }).workspace.id;
  await linkUser({ service: s.runtime.service, workspaceId, slackUserId: 'UAGENT', userId: s.ownerId });
  await saveMapping({
    db: s.t.db,
    workspaceId,
    mode: 'all',
    entries: [{ departmentId: '*', channelId: 'CSUPPORT', channelName: 'support' }],
  });
}, 30_000);
afterAll(async () => {
  await s.dispose();
});

function signed(body: string) {
  return slackSignatureHeaders({ signingSecret: SIGNING, body });
}

describe('Slack flows', () => {
  it('refuses the same signed command sent twice (replay)', async () => {
    const body = slashCommandBody({
      text: 'help',
      userId: 'UAGENT',
      teamId: 'TACME',
      responseUrl: s.emulator.responseUrl().url,
    });
    const headers = signed(body);
    await request(s.t.app)
      .post('/integrations/slack/commands')
      .type('form')
      .set(headers)
      .send(body)
      .expect(200);
    await request(s.t.app)
      .post('/integrations/slack/commands')
      .type('form')
      .set(headers)
      .send(body)
      .expect(401);
  });

  it('refuses a body altered after signing', async () => {
    const body = slashCommandBody({
      text: 'ticket 1',
      userId: 'UAGENT',
      teamId: 'TACME',
      responseUrl: s.emulator.responseUrl().url,
    });
    const headers = signed(body);
    await request(s.t.app)
      .post('/integrations/slack/commands')
      .type('form')
      .set(headers)
      .send(body.replace('ticket+1', 'ticket+2'))
      .expect(401);
  });

  it('answers "working on it" at once when the work is slow, and posts the result to response_url', async () => {
    const slowDesk: SlackDesk = {
      ...s.runtime.desk,
      findTicket: async (number) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return s.runtime.desk.findTicket(number);
      },
    };
    const ticket = await s.createTicket({ subject: '遅い検索', departmentId: 'dep-a' });
    const app = express().use(
      slackPublicRoutes({
        db: s.t.db,
        config: s.t.config,
        services: s.t.services,
        runtime: { service: s.runtime.service, desk: slowDesk },
        answerBudgetMs: 100,
      }),
    );
    const receiver = s.emulator.responseUrl();
    const body = slashCommandBody({
      text: `ticket ${ticket.number}`,
      userId: 'UAGENT',
      teamId: 'TACME',
      responseUrl: receiver.url,
    });
    const started = Date.now();
    const res = await request(app)
      .post('/integrations/slack/commands')
      .type('form')
      .set(signed(body))
      .send(body)
      .expect(200);
    expect(String((res.body as { text: string }).text)).toContain('処理しています');
    expect(receiver.received).toHaveLength(0);
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1), { timeout: 3000 });
    expect(JSON.stringify(receiver.received[0])).toContain('未対応');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(receiver.attempts).toBe(1);
  });

  it('"Assign to me" and "Close" buttons act as the linked user and answer through response_url', async () => {
    const ticket = await s.createTicket({ subject: 'ボタン', departmentId: 'dep-a' });
    const receiver = s.emulator.responseUrl();
    const click = (actionId: string) => {
      const payload = JSON.stringify({
        type: 'block_actions',
        team: { id: 'TACME' },
        user: { id: 'UAGENT' },
        response_url: receiver.url,
        actions: [{ action_id: actionId, value: ticket.id }],
      });
      const body = new URLSearchParams({ payload }).toString();
      return request(s.t.app)
        .post('/integrations/slack/interactivity')
        .type('form')
        .set(signed(body))
        .send(body)
        .expect(200);
    };
    await click('assign_to_me');
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
    const row = await s.t.db.models.CrmRecord.findByPk(ticket.id);
    expect(row?.agentId).toBe('ag-owner');
    await click('close_ticket');
    await vi.waitFor(() => expect(receiver.received).toHaveLength(2));
    await row?.reload();
    expect(row?.stageId).toBe('st-closed');
    expect(JSON.stringify(receiver.received)).toContain('完了');
  });

  it('sends the assigned agent a direct message when they linked their Slack user', async () => {
    // Messages of the earlier tests (the buttons assign tickets too) are delivered first.
    await s.runtime.service.outbox.idle();
    const before = s.emulator.messagesIn('DAGENT').length;
    const ticket = await s.createTicket({ subject: '担当あり', departmentId: 'dep-a', agentId: 'ag-owner' });
    await s.runtime.service.outbox.idle();
    const dms = s.emulator.messagesIn('DAGENT');
    expect(dms.length).toBe(before + 1);
    expect(dms.at(-1)?.text).toContain(`#${ticket.number}`);
  });

  it('connects a second workspace through OAuth v2, checking the state parameter', async () => {
    s.emulator.addTeam({
      id: 'TBETA',
      name: 'Beta',
      token: 'xoxb-beta-unused',
      channels: [{ id: 'CBETA', name: 'general' }],
    });
    s.emulator.addApp({ clientId: 'cid-1', clientSecret: 'csecret-1' });
    const start = await s.agent
      .post('/api/slack/oauth/start')
      .set('X-CSRF-Token', s.csrf)
      .send({ clientId: 'cid-1', clientSecret: 'csecret-1', signingSecret: 'beta-signing' })
      .expect(200);
    const authorize = new URL((start.body as { url: string }).url);
    const state = authorize.searchParams.get('state') ?? '';
    const redirectUri = authorize.searchParams.get('redirect_uri') ?? '';
    expect(redirectUri).toMatch(/\/integrations\/slack\/oauth\/callback$/);
    // "Post to" #general on Slack's permission page.
    const code = s.emulator.issueCode({ clientId: 'cid-1', teamId: 'TBETA', redirectUri, postTo: 'CBETA' });
    await request(s.t.app)
      .get('/integrations/slack/oauth/callback')
      .query({ state: 'forged', code })
      .expect(400);
    const done = await request(s.t.app)
      .get('/integrations/slack/oauth/callback')
      .query({ state, code })
      .expect(303);
    expect(done.headers.location).toMatch(/^\/#\/settings\/slack\?connected=/);
    await request(s.t.app).get('/integrations/slack/oauth/callback').query({ state, code }).expect(400);
    const list = await s.agent.get('/api/slack').expect(200);
    const names = (list.body as { workspaces: Array<{ name: string }> }).workspaces.map((w) => w.name);
    expect(names).toEqual(['ACME', 'Beta']);

    // Notifications go to the channel chosen under "Post to".
    const ticket = await s.createTicket({ subject: 'Beta に届く問い合わせ' });
    await s.runtime.service.outbox.idle();
    expect(s.emulator.messagesIn('CBETA').at(-1)?.text).toContain(`#${ticket.number} Beta に届く問い合わせ`);
  });

  it('regenerates the token of an OAuth workspace: same workspace and mapping, new token', async () => {
    const list = await s.agent.get('/api/slack').expect(200);
    const beta = (list.body as { workspaces: Array<{ id: string; name: string }> }).workspaces.find(
      (w) => w.name === 'Beta',
    );
    if (!beta) throw new Error('Beta is not connected');
    const before = await s.runtime.service.workspaces.credentials(beta.id);
    const start = await s.agent
      .post(`/api/slack/workspaces/${beta.id}/regenerate`)
      .set('X-CSRF-Token', s.csrf)
      .expect(200);
    const authorize = new URL((start.body as { url: string }).url);
    expect(authorize.searchParams.get('client_id')).toBe('cid-1');
    expect(authorize.searchParams.get('scope')).toContain('incoming-webhook');
    const redirectUri = authorize.searchParams.get('redirect_uri') ?? '';
    const code = s.emulator.issueCode({ clientId: 'cid-1', teamId: 'TBETA', redirectUri, postTo: 'CBETA' });
    await request(s.t.app)
      .get('/integrations/slack/oauth/callback')
      .query({ state: authorize.searchParams.get('state') ?? '', code })
      .expect(303);
    const after = await s.runtime.service.workspaces.credentials(beta.id);
    expect(after?.botToken).toMatch(/^xoxb-TBETA-oauth-/);
    expect(after?.botToken).not.toBe(before?.botToken);
    const again = await s.agent.get('/api/slack').expect(200);
    const workspaces = (again.body as { workspaces: Array<{ id: string; mapping: unknown[] }> }).workspaces;
    expect(workspaces).toHaveLength(2);
    expect(workspaces.find((w) => w.id === beta.id)?.mapping).toEqual([
      { departmentId: '*', channelId: 'CBETA', channelName: 'general' },
    ]);
    const test = await s.agent.post(`/api/slack/workspaces/${beta.id}/test`).set('X-CSRF-Token', s.csrf);
    expect(test.body).toEqual({ ok: true, team: 'Beta' });
  });
});

describe('end to end', () => {
  it('a ticket made by the desk.associate_inquiry node appears in the mapped channel; /musubi ticket answers its status', async () => {
    const crm = crmServicesFor({
      db: s.t.db,
      clock: s.t.services.clock,
      logger: s.t.services.logger,
      secretKey: s.t.config.secretKey,
    });
    const ctx = makeContext({
      config: {
        connectionId: 'builtin-desk',
        subject: 'チャットからの問い合わせ',
        departmentId: 'dep-b',
        contactName: '佐藤',
        contactEmail: 'sato@example.com',
      },
      ports: { crm: crm.port },
    });
    const result = await associateInquiryNode.run(ctx);
    expect(result.branch).toBe('success');
    const number = (result.output as { ticketNumber: number }).ticketNumber;
    await s.runtime.service.outbox.idle();
    const posted = s.emulator.messagesIn('CSUPPORT').at(-1);
    expect(posted?.text).toContain(`#${number} チャットからの問い合わせ`);

    const body = slashCommandBody({
      text: `ticket ${number}`,
      userId: 'UAGENT',
      teamId: 'TACME',
      responseUrl: s.emulator.responseUrl().url,
    });
    const res = await request(s.t.app)
      .post('/integrations/slack/commands')
      .type('form')
      .set(signed(body))
      .send(body)
      .expect(200);
    expect(String((res.body as { text: string }).text)).toContain(
      `#${number} チャットからの問い合わせ — ステータス: 未対応`,
    );
  });
});
