import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRecord } from '../../../runtime/engine/registry';
import type { WorkflowDocument } from '../../../runtime/index';
import { leadCaptureBot } from '../../../server/chat/sample-bot';
import { SAMPLE_WORKFLOWS } from '../../../server/crm/sample-workflows';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../emulators/salesforce/server';
import { startZohoEmulator, type ZohoEmulator } from '../../emulators/zoho/server';
import { createTestApp, type TestApp } from '../support/test-app';
import { as, branchOf, edges, finishedRuns, goLive, liveWorkflow, node } from './app-support';

/**
 * Issue 11's "done when": the sample lead-capture bots, pointed at a Zoho connection, create the
 * lead, the Desk ticket and the Campaigns subscription in Zoho; a call logged against a Salesforce
 * connection appears as a completed Task on the matched contact. Everything goes through the
 * running app (public chat API, telephony call API) against the emulators.
 */

let t: TestApp;
let zoho: ZohoEmulator;
let sf: SalesforceEmulator;
let admin: string;

beforeEach(async () => {
  t = await createTestApp();
  zoho = await startZohoEmulator();
  zoho.addRefreshToken('1000.refresh.done');
  zoho.departments.set('dept-support', { name: 'サポート', isEnabled: true });
  zoho.lists.set('sample-list-newsletter', []);
  sf = await startSalesforceEmulator();
  sf.addRefreshToken('5Aep.refresh.done');
  sf.objects.Contact.push({ Id: '003MORI', Name: '森 陽子', Phone: '03-1234-5678' });
  admin = (await t.userWithToken('admin')).token;
  for (const connection of [
    {
      id: 'zoho',
      type: 'zoho',
      name: 'Zoho (jp)',
      settings: { dataCentre: 'jp', accountsUrl: zoho.url, deskUrl: zoho.url, campaignsUrl: zoho.url },
      credentials: {
        clientId: zoho.client.id,
        clientSecret: zoho.client.secret,
        refreshToken: '1000.refresh.done',
      },
    },
    {
      id: 'sf',
      type: 'salesforce',
      name: 'Salesforce',
      settings: { loginUrl: sf.url },
      credentials: {
        clientId: sf.client.id,
        clientSecret: sf.client.secret,
        refreshToken: '5Aep.refresh.done',
      },
    },
  ]) {
    await request(t.app).post('/api/connections').set(as(admin)).send(connection).expect(201);
  }
});
afterEach(async () => {
  await t.services.lifecycle.stop();
  await zoho.close();
  await sf.close();
  await t.dispose();
});

/**
 * What a user does to point a bot at Zoho: every built-in connection becomes the Zoho one and the
 * Desk department is one picked from Zoho's list.
 */
function pointedAtZoho(document: unknown): Pick<WorkflowDocument, 'name' | 'nodes' | 'edges'> {
  const text = JSON.stringify(document).replace(/"builtin-(crm|desk|lists)"/g, '"zoho"');
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed) || !Array.isArray(parsed.nodes) || !Array.isArray(parsed.edges))
    throw new Error('not a workflow document');
  const nodes: WorkflowDocument['nodes'] = parsed.nodes.filter(isRecord).map((entry) => {
    const config = isRecord(entry.config) ? entry.config : {};
    return {
      id: String(entry.id),
      type: String(entry.type),
      typeVersion: 1,
      position: { x: 0, y: 0 },
      label: String(entry.label),
      config: entry.type === 'desk.associate_inquiry' ? { ...config, departmentId: 'dept-support' } : config,
    };
  });
  const links: WorkflowDocument['edges'] = parsed.edges.filter(isRecord).map((entry) => ({
    id: String(entry.id),
    source: String(entry.source),
    sourceHandle: String(entry.sourceHandle),
    target: String(entry.target),
  }));
  return { name: String(parsed.name), nodes, edges: links };
}

/** A visitor's whole conversation through the public chat API; returns what the bot said. */
async function converse(botId: string, answers: string[]): Promise<string[]> {
  const started = await request(t.app)
    .post(`/api/chat/bots/${botId}/conversations`)
    .send({ visitor: { language: 'ja-JP' } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const body = started.body as { conversationId: string; token: string; messages: Array<{ text: string }> };
  const said = body.messages.map((message) => message.text);
  for (const text of answers) {
    const turn = await request(t.app)
      .post(`/api/chat/conversations/${body.conversationId}/messages`)
      .set('x-chat-token', body.token)
      .send({ text });
    expect(turn.status, JSON.stringify(turn.body)).toBe(200);
    said.push(
      ...(turn.body as { messages: Array<{ text: string }> }).messages.map((message) => message.text),
    );
  }
  return said;
}

describe('done when (issue 11)', () => {
  it('the sample lead-capture bots on a Zoho connection create the lead, the Desk ticket and the list subscription in Zoho', async () => {
    const chatBot = await liveWorkflow(t, admin, pointedAtZoho(leadCaptureBot()));
    const sample = SAMPLE_WORKFLOWS.find((workflow) => workflow.id === 'wf_sample_lead_bot');
    const newsletterBot = await liveWorkflow(t, admin, pointedAtZoho(sample?.document));
    await goLive(t);

    // The chat sample: name → e-mail → company → priority → lead → Desk ticket → its number.
    const said = await converse(chatBot, [
      '森 陽子',
      'yoko@mori-ringyo.example.jp',
      '森林業株式会社',
      'High',
    ]);
    expect(zoho.records.get('Leads')).toEqual([
      expect.objectContaining({
        Last_Name: '森 陽子',
        Email: 'yoko@mori-ringyo.example.jp',
        Company: '森林業株式会社',
      }),
    ]);
    expect(zoho.tickets).toEqual([
      expect.objectContaining({
        departmentId: 'dept-support',
        subject: '森林業株式会社 森 陽子様からのお問い合わせ',
        statusType: 'Open',
      }),
    ]);
    expect(said.join('\n')).toContain(`チケット番号は ${String(zoho.tickets[0]?.ticketNumber)} です`);

    // The records sample: name → company → e-mail → phone → lead → newsletter subscription.
    const second = await converse(newsletterBot, [
      '田中 一郎',
      '田中商店',
      'ichiro@tanaka.example.jp',
      '090-1111-2222',
    ]);
    expect(second.join('\n')).toContain('田中 一郎 様、ありがとうございます');
    expect(zoho.records.get('Leads')).toHaveLength(2);
    expect(zoho.lists.get('sample-list-newsletter')).toEqual([
      expect.objectContaining({ 'Contact Email': 'ichiro@tanaka.example.jp' }),
    ]);
    // Nothing went to the built-in records.
    expect(await t.db.models.CrmRecord.count({ where: { module: 'leads' } })).toBe(0);
  });

  it('a call logged against the Salesforce connection appears as a completed Task on the matched contact', async () => {
    const workflow = await liveWorkflow(t, admin, {
      name: '通話を Salesforce に記録',
      nodes: [node('call', 'trigger.call_ended'), node('log', 'telephony.log_call', { connectionId: 'sf' })],
      edges: edges([['call', 'next', 'log']]),
    });
    const pbx = await request(t.app).post('/api/telephony/connections').set(as(admin)).send({ name: 'PBX' });
    await goLive(t);
    await request(t.app)
      .post('/api/telephony/calls')
      .set('x-musubi-telephony-token', String((pbx.body as { token: string }).token))
      .send({
        callId: 'dialpad-20261122-1',
        direction: 'outbound',
        from: '050-1111-0000',
        to: '+81 3-1234-5678',
        startedAt: '2026-11-22T09:00:00+09:00',
        answered: true,
        durationSec: 75,
      })
      .expect(201);
    const [run] = await finishedRuns(t, workflow, 1);
    expect(branchOf(run, 'log')).toBe('logged');
    expect(sf.tasks).toEqual([
      expect.objectContaining({
        WhoId: '003MORI',
        Status: 'Completed',
        IsClosed: true,
        TaskSubtype: 'Call',
        CallType: 'Outbound',
        CallDurationInSeconds: 75,
        CallObject: 'dialpad-20261122-1',
      }),
    ]);
  });
});
