import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmServicesFor } from '../../../server/crm/context';
import { saveMapping } from '../../../server/slack/mapping';
import { BOT, SIGNING, slackApp } from './app-support';
import type { SlackApp } from './app-support';

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

describe('ticket events in Slack', () => {
  it('a ticket moved to a closing stage tells the channel its status changed and that it was closed', async () => {
    const ticket = await s.createTicket({ subject: '完了させる問い合わせ' });
    await s.runtime.service.outbox.idle();
    const crm = crmServicesFor({
      db: s.t.db,
      clock: s.t.services.clock,
      logger: s.t.services.logger,
      secretKey: s.t.config.secretKey,
    });
    await crm.records.moveStage({
      module: 'tickets',
      id: ticket.id,
      stageId: 'st-closed',
      actor: { userId: s.ownerId, label: 'owner@example.com', source: 'api', eventDepth: 0 },
    });
    await s.runtime.service.outbox.idle();
    const texts = s.emulator.messagesIn('CSUPPORT').map((message) => message.text ?? '');
    const about = texts.filter((text) => text.includes(`#${ticket.number}`));
    expect(about).toHaveLength(3);
    expect(about[0]).toContain('新しい問い合わせ');
    expect(about[1]).toContain('ステータス変更: 未対応 → 完了');
    expect(about[2]).toContain('問い合わせが完了しました');
  });

  it('assigning an agent tells the channel who has it', async () => {
    const ticket = await s.createTicket({ subject: '割り当てる問い合わせ' });
    const crm = crmServicesFor({
      db: s.t.db,
      clock: s.t.services.clock,
      logger: s.t.services.logger,
      secretKey: s.t.config.secretKey,
    });
    await crm.records.update({
      module: 'tickets',
      id: ticket.id,
      input: { agentId: 'ag-owner' },
      actor: { userId: s.ownerId, label: 'owner@example.com', source: 'api', eventDepth: 0 },
    });
    await s.runtime.service.outbox.idle();
    const texts = s.emulator.messagesIn('CSUPPORT').map((message) => message.text ?? '');
    expect(texts.filter((text) => text.includes(`#${ticket.number}`)).at(-1)).toContain(
      '担当者が 担当 太郎 になりました',
    );
  });

  it('a customer rating set on the ticket (pipeline field "rating") is posted', async () => {
    await s.t.db.models.CrmPipeline.update(
      { customFields: [{ key: 'rating', label: { ja: '評価', en: 'Rating' }, type: 'text' }] },
      { where: { id: 'pl-tickets' } },
    );
    const ticket = await s.createTicket({ subject: '評価される問い合わせ' });
    const crm = crmServicesFor({
      db: s.t.db,
      clock: s.t.services.clock,
      logger: s.t.services.logger,
      secretKey: s.t.config.secretKey,
    });
    await crm.records.update({
      module: 'tickets',
      id: ticket.id,
      input: { customFields: { rating: '満足' } },
      actor: { userId: s.ownerId, label: 'customer', source: 'api', eventDepth: 0 },
    });
    await s.runtime.service.outbox.idle();
    const texts = s.emulator.messagesIn('CSUPPORT').map((message) => message.text ?? '');
    expect(texts.filter((text) => text.includes(`#${ticket.number}`)).at(-1)).toContain(
      '顧客満足度の評価: 満足',
    );
  });

  it('entering a stage with a delayed automation announces the upcoming transition', async () => {
    await s.agent
      .patch(`/api/slack/workspaces/${workspaceId}`)
      .set('X-CSRF-Token', s.csrf)
      .send({ toggles: { stage_upcoming: true } })
      .expect(200);
    const workflow = await s.agent
      .post('/api/workflows')
      .set('X-CSRF-Token', s.csrf)
      .send({ name: '完了後のアンケート送信' })
      .expect(201);
    await s.agent
      .post('/api/pipelines/pl-tickets/stages/st-closed/automations')
      .set('X-CSRF-Token', s.csrf)
      .send({ workflowId: (workflow.body as { id: string }).id, delay: { amount: 2, unit: 'hours' } })
      .expect(201);
    const ticket = await s.createTicket({ subject: '遷移を予告する問い合わせ' });
    const crm = crmServicesFor({
      db: s.t.db,
      clock: s.t.services.clock,
      logger: s.t.services.logger,
      secretKey: s.t.config.secretKey,
    });
    await crm.records.moveStage({
      module: 'tickets',
      id: ticket.id,
      stageId: 'st-closed',
      actor: { userId: s.ownerId, label: 'owner@example.com', source: 'api', eventDepth: 0 },
    });
    await s.runtime.service.outbox.idle();
    const texts = s.emulator.messagesIn('CSUPPORT').map((message) => message.text ?? '');
    expect(texts.filter((text) => text.includes(`#${ticket.number}`)).at(-1)).toContain(
      'まもなく遷移: 完了後のアンケート送信',
    );
  });
});
