import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT, SIGNING, slackApp } from './app-support';
import type { SlackApp } from './app-support';

let s: SlackApp;
let workspaceId = '';
beforeAll(async () => {
  s = await slackApp();
}, 30_000);
afterAll(async () => {
  await s.dispose();
});

const json = (res: request.Response): Record<string, unknown> => res.body as Record<string, unknown>;

describe('Slack admin API and notifications', () => {
  it('lets only owners and admins connect a workspace; the token is checked with auth.test', async () => {
    const { token } = await s.t.userWithToken('editor');
    await request(s.t.app)
      .post('/api/slack/workspaces')
      .set('Authorization', `Bearer ${token}`)
      .send({ botToken: BOT, signingSecret: SIGNING })
      .expect(403);
    await s.agent
      .post('/api/slack/workspaces')
      .set('X-CSRF-Token', s.csrf)
      .send({ botToken: 'xoxb-wrong', signingSecret: SIGNING })
      .expect(400);
    const res = await s.agent
      .post('/api/slack/workspaces')
      .set('X-CSRF-Token', s.csrf)
      .send({ botToken: BOT, signingSecret: SIGNING })
      .expect(201);
    const workspace = json(res).workspace as { id: string; name: string };
    workspaceId = workspace.id;
    expect(workspace.name).toBe('ACME');
    const stored = await s.t.db.models.Connection.findByPk(workspaceId);
    expect(stored?.credentials).not.toContain(BOT);

    // Switching off/on and deleting, a workspace or the whole integration, is theirs alone too.
    const asEditor = (method: 'patch' | 'delete' | 'post', path: string) =>
      request(s.t.app)[method](path).set('Authorization', `Bearer ${token}`).send({ enabled: false });
    await asEditor('patch', `/api/slack/workspaces/${workspaceId}`).expect(403);
    await asEditor('delete', `/api/slack/workspaces/${workspaceId}`).expect(403);
    await asEditor('post', `/api/slack/workspaces/${workspaceId}/regenerate`).expect(403);
    await asEditor('patch', '/api/slack').expect(403);
    await asEditor('delete', '/api/slack').expect(403);
    const after = await s.agent.get('/api/slack').expect(200);
    expect(json(after).enabled).toBe(true);
    expect((json(after).workspaces as Array<{ enabled: boolean }>)[0]?.enabled).toBe(true);
  });

  it('lists every channel across conversations.list pages', async () => {
    const res = await s.agent.get(`/api/slack/workspaces/${workspaceId}/channels`).expect(200);
    expect((json(res).items as unknown[]).length).toBe(232);
    expect(s.emulator.state.calls.filter((c) => c.method === 'conversations.list').length).toBe(2);
  });

  it('refuses one department mapped to two channels, naming both; lets departments share a channel', async () => {
    const path = `/api/slack/workspaces/${workspaceId}/mapping`;
    const bad = await s.agent
      .put(path)
      .set('X-CSRF-Token', s.csrf)
      .send({
        mode: 'per_department',
        entries: [
          { departmentId: 'dep-a', channelId: 'CSUPPORT', channelName: 'support' },
          { departmentId: 'dep-a', channelId: 'CSALES', channelName: 'sales' },
        ],
      })
      .expect(400);
    const error = json(bad).error as { code: string; message: string };
    expect(error.code).toBe('department_in_two_channels');
    expect(error.message).toContain('#support');
    expect(error.message).toContain('#sales');
    await s.agent
      .put(path)
      .set('X-CSRF-Token', s.csrf)
      .send({
        mode: 'per_department',
        entries: [
          { departmentId: 'dep-a', channelId: 'CSUPPORT', channelName: 'support' },
          { departmentId: 'dep-b', channelId: 'CSUPPORT', channelName: 'support' },
        ],
      })
      .expect(200);
  });

  it('posts a created ticket to the mapped channel, in Block Kit with a text fallback', async () => {
    const ticket = await s.createTicket({ subject: 'ログインできない', departmentId: 'dep-b' });
    await s.runtime.service.outbox.idle();
    const posted = s.emulator.messagesIn('CSUPPORT').at(-1);
    expect(posted?.text).toContain(`#${ticket.number} ログインできない`);
    expect(posted?.blocks?.length).toBeGreaterThan(1);
    expect(posted?.blocks?.length).toBeLessThanOrEqual(50);
  });

  it('follows the per-event toggles', async () => {
    await s.agent
      .patch(`/api/slack/workspaces/${workspaceId}`)
      .set('X-CSRF-Token', s.csrf)
      .send({ toggles: { ticket_created: false } })
      .expect(200);
    await s.runtime.service.outbox.idle();
    const before = s.emulator.state.messages.length;
    await s.createTicket({ subject: 'toggle off', departmentId: 'dep-a' });
    await s.runtime.service.outbox.idle();
    expect(s.emulator.state.messages.length).toBe(before);
    await s.agent
      .patch(`/api/slack/workspaces/${workspaceId}`)
      .set('X-CSRF-Token', s.csrf)
      .send({ toggles: { ticket_created: true } })
      .expect(200);
  });
});

describe('/musubi slash command', () => {
  it('refuses a wrong secret, a stale timestamp and a replay with 401', async () => {
    await s.command({ text: 'help', userId: 'UAGENT', secret: 'not-the-secret' }).expect(401);
    await s
      .command({ text: 'help', userId: 'UAGENT', timestamp: Math.floor(Date.now() / 1000) - 600 })
      .expect(401);
    const first = await s.command({
      text: 'help',
      userId: 'UAGENT',
      responseUrl: 'https://hooks.slack.com/x',
    });
    expect(first.status).toBe(200);
  });

  it('gives an unlinked Slack user a one-time sign-in link; signing in links them', async () => {
    const res = await s.command({ text: 'ticket 1', userId: 'UAGENT' }).expect(200);
    const text = String(json(res).text);
    const link = /https?:\/\/\S+\/integrations\/slack\/link\/(\S+)/.exec(text);
    expect(link?.[1]).toBeTruthy();
    const path = `/integrations/slack/link/${link?.[1] ?? ''}`;
    const page = await s.agent.get(path).expect(200);
    expect(page.text).toContain('owner@example.com');
    await s.agent.post(path).type('form').send({ csrf: 'wrong' }).expect(403);
    await s.agent.post(path).type('form').send({ csrf: s.csrf }).expect(200);
    await s.agent.post(path).type('form').send({ csrf: s.csrf }).expect(404);
  });

  it('answers `ticket <no>` with the ticket status, within the 3 s budget', async () => {
    const ticket = await s.createTicket({ subject: '請求書の再発行', departmentId: 'dep-a' });
    const started = Date.now();
    const res = await s.command({ text: `ticket ${ticket.number}`, userId: 'UAGENT' }).expect(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(json(res).response_type).toBe('ephemeral');
    expect(String(json(res).text)).toContain('未対応');
    expect(String(json(res).text)).toContain('請求書の再発行');
    const missing = await s.command({ text: 'ticket 99999', userId: 'UAGENT' }).expect(200);
    expect(String(json(missing).text)).toContain('#99999');
  });

  it('creates a ticket, adds a comment, lists mine and explains itself', async () => {
    const created = await s.command({ text: 'create 納品が遅れている', userId: 'UAGENT' }).expect(200);
    const number = /#(\d+)/.exec(String(json(created).text))?.[1];
    expect(number).toBeTruthy();
    const row = await s.t.db.models.CrmRecord.findOne({
      where: { module: 'tickets', number: Number(number) },
    });
    expect(row?.name).toBe('納品が遅れている');
    const comment = await s
      .command({ text: `comment ${number ?? ''} 確認中です`, userId: 'UAGENT' })
      .expect(200);
    expect(String(json(comment).text)).toContain('コメント');
    await row?.reload();
    expect(JSON.stringify(row?.fields)).toContain('確認中です');
    const list = await s.command({ text: 'tickets', userId: 'UAGENT' }).expect(200);
    expect(String(json(list).text)).toContain('納品が遅れている');
    const help = await s.command({ text: 'help', userId: 'UAGENT' }).expect(200);
    expect(String(json(help).text)).toContain('/musubi reply');
  });

  it('replies to the customer by e-mail', async () => {
    const contact = await s.t.db.models.CrmRecord.create({
      id: 'ct-1',
      module: 'contacts',
      name: '山田 花子',
      email: 'hanako@example.com',
      fields: {},
    });
    const ticket = await s.createTicket({ subject: '返品について', departmentId: 'dep-a' });
    await s.t.db.models.CrmRecord.update({ contactId: contact.id }, { where: { id: ticket.id } });
    const res = await s
      .command({ text: `reply ${ticket.number} お待たせしました`, userId: 'UAGENT' })
      .expect(200);
    expect(String(json(res).text)).toContain('返信');
    const mail = await s.t.db.models.OutboxMail.findOne({ order: [['createdAt', 'DESC']] });
    expect(JSON.stringify(mail?.toJSON())).toContain('hanako@example.com');
  });

  it('switched off, the workspace answers that it is off and its settings are read-only', async () => {
    await s.agent
      .patch(`/api/slack/workspaces/${workspaceId}`)
      .set('X-CSRF-Token', s.csrf)
      .send({ enabled: false })
      .expect(200);
    const res = await s.command({ text: 'help', userId: 'UAGENT' }).expect(200);
    expect(String(json(res).text)).toContain('無効');
    await s.agent
      .put(`/api/slack/workspaces/${workspaceId}/mapping`)
      .set('X-CSRF-Token', s.csrf)
      .send({ mode: 'all', entries: [{ departmentId: '*', channelId: 'CSALES', channelName: 'sales' }] })
      .expect(409);
    await s.runtime.service.outbox.idle();
    const before = s.emulator.state.messages.length;
    await s.createTicket({ subject: 'while off', departmentId: 'dep-a' });
    await s.runtime.service.outbox.idle();
    expect(s.emulator.state.messages.length).toBe(before);
    await s.agent
      .patch(`/api/slack/workspaces/${workspaceId}`)
      .set('X-CSRF-Token', s.csrf)
      .send({ enabled: true })
      .expect(200);
  });

  it('deleting the workspace removes its mapping and user links, and its commands are refused', async () => {
    await s.agent.delete(`/api/slack/workspaces/${workspaceId}`).set('X-CSRF-Token', s.csrf).expect(204);
    expect(await s.t.db.models.SlackChannelMapping.count({ where: { connectionId: workspaceId } })).toBe(0);
    expect(await s.t.db.models.SlackUserLink.count({ where: { connectionId: workspaceId } })).toBe(0);
    expect(await s.t.db.models.SlackOutboxMessage.count({ where: { connectionId: workspaceId } })).toBe(0);
    // Its toggles and language lived on the connection row, which is gone.
    expect(await s.t.db.models.Connection.count({ where: { id: workspaceId } })).toBe(0);
    const list = await s.agent.get('/api/slack').expect(200);
    expect(json(list).workspaces).toEqual([]);
    await s.command({ text: 'help', userId: 'UAGENT' }).expect(401);
  });
});

describe('the whole integration', () => {
  it('switched off, delivers nothing; deleted, every workspace is gone', async () => {
    const res = await s.agent
      .post('/api/slack/workspaces')
      .set('X-CSRF-Token', s.csrf)
      .send({ botToken: BOT, signingSecret: SIGNING })
      .expect(201);
    const id = (res.body as { workspace: { id: string } }).workspace.id;
    await s.agent
      .put(`/api/slack/workspaces/${id}/mapping`)
      .set('X-CSRF-Token', s.csrf)
      .send({ mode: 'all', entries: [{ departmentId: '*', channelId: 'CSALES', channelName: 'sales' }] })
      .expect(200);
    await s.agent.patch('/api/slack').set('X-CSRF-Token', s.csrf).send({ enabled: false }).expect(200);
    await s.runtime.service.outbox.idle();
    const before = s.emulator.messagesIn('CSALES').length;
    await s.createTicket({ subject: 'paused', departmentId: 'dep-a' });
    await s.runtime.service.outbox.idle();
    expect(s.emulator.messagesIn('CSALES')).toHaveLength(before);
    await s.agent.patch('/api/slack').set('X-CSRF-Token', s.csrf).send({ enabled: true }).expect(200);
    await s.createTicket({ subject: 'resumed', departmentId: 'dep-a' });
    await s.runtime.service.outbox.idle();
    expect(s.emulator.messagesIn('CSALES').at(-1)?.text).toContain('resumed');

    await s.agent.delete('/api/slack').set('X-CSRF-Token', s.csrf).expect(204);
    const list = await s.agent.get('/api/slack').expect(200);
    expect((list.body as { workspaces: unknown[] }).workspaces).toEqual([]);
    expect(await s.t.db.models.SlackChannelMapping.count()).toBe(0);
  });
});
