import request from 'supertest';
import type { Agent } from 'supertest';
import { crmServicesFor } from '../../../server/crm/context';
import { startSlackEmulator } from '../../emulators/slack/server';
import type { SlackEmulator } from '../../emulators/slack/server';
import { slackSignatureHeaders, slashCommandBody } from '../../emulators/slack/sign';
import { createTestApp, ownerAgent } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { slackRuntimeOf } from '../../../server/slack/instance';

export const SIGNING = 'acme-signing-secret';
export const BOT = 'xoxb-acme-app';

/** The app with the owner signed in, the emulator holding team ACME, and a tickets pipeline. */
export interface SlackApp {
  t: TestApp;
  emulator: SlackEmulator;
  agent: Agent;
  csrf: string;
  ownerId: string;
  runtime: ReturnType<typeof slackRuntimeOf>;
  /** Sends `/musubi <text>` from a Slack user, signed with `secret`. */
  command(options: {
    text: string;
    userId: string;
    secret?: string;
    timestamp?: number;
    responseUrl?: string;
  }): request.Test;
  createTicket(options: {
    subject: string;
    departmentId?: string;
    agentId?: string;
  }): Promise<{ id: string; number: number }>;
  dispose(): Promise<void>;
}

export async function slackApp(): Promise<SlackApp> {
  const emulator = await startSlackEmulator();
  process.env.SLACK_API_URL = emulator.apiUrl;
  const team = emulator.addTeam({
    id: 'TACME',
    name: 'ACME',
    token: BOT,
    channels: [
      { id: 'CSUPPORT', name: 'support' },
      { id: 'CSALES', name: 'sales' },
      ...Array.from({ length: 230 }, (_, i) => ({ id: `CMANY${i}`, name: `many-${i}` })),
    ],
  });
  team.users.push({ id: 'UAGENT', email: 'owner@example.com' });
  const t = await createTestApp();
  // The execution layer's worker delivers Slack messages (durable job queue).
  await t.services.lifecycle.start();
  const { agent, csrf } = await ownerAgent(t.app);
  const owner = await t.db.models.User.findOne({ where: { email: 'owner@example.com' } });
  if (!owner) throw new Error('no owner');
  const { db } = t;
  await db.models.CrmPipeline.create({ id: 'pl-tickets', module: 'tickets', name: 'サポート', position: 0 });
  await db.models.CrmStage.bulkCreate([
    { id: 'st-open', pipelineId: 'pl-tickets', name: '未対応', position: 0, outcome: 'open' },
    { id: 'st-closed', pipelineId: 'pl-tickets', name: '完了', position: 1, outcome: 'closed' },
  ]);
  await db.models.CrmDepartment.bulkCreate([
    { id: 'dep-a', name: 'サポート部', status: 'active' },
    { id: 'dep-b', name: '請求部', status: 'active' },
  ]);
  await db.models.CrmAgent.create({
    id: 'ag-owner',
    name: '担当 太郎',
    email: 'owner@example.com',
    status: 'active',
  });
  const runtime = slackRuntimeOf(t);
  const crm = crmServicesFor({
    db,
    clock: t.services.clock,
    logger: t.services.logger,
    secretKey: t.config.secretKey,
  });
  return {
    t,
    emulator,
    agent,
    csrf,
    ownerId: owner.id,
    runtime,
    command: (o) => {
      const body = slashCommandBody({
        text: o.text,
        userId: o.userId,
        teamId: 'TACME',
        responseUrl: o.responseUrl ?? emulator.responseUrl().url,
      });
      const headers = slackSignatureHeaders({
        signingSecret: o.secret ?? SIGNING,
        body,
        ...(o.timestamp ? { timestamp: o.timestamp } : {}),
      });
      return request(t.app).post('/integrations/slack/commands').type('form').set(headers).send(body);
    },
    createTicket: async (o) => {
      const view = await crm.records.create({
        module: 'tickets',
        input: {
          name: o.subject,
          ...(o.departmentId ? { departmentId: o.departmentId } : {}),
          ...(o.agentId ? { agentId: o.agentId } : {}),
        },
        actor: { userId: owner.id, label: 'owner@example.com', source: 'api', eventDepth: 0 },
      });
      return { id: view.id, number: Number(view.number) };
    },
    dispose: async () => {
      await runtime.service.outbox.idle();
      await t.services.lifecycle.stop();
      await emulator.close();
      await t.dispose();
      delete process.env.SLACK_API_URL;
    },
  };
}
