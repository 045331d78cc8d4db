import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunState } from '../../../runtime/index';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../emulators/salesforce/server';
import { createTestApp, type TestApp } from '../support/test-app';
import { as, branchOf, edges, finishedRuns, goLive, liveWorkflow, node } from './app-support';

/**
 * telephony.log_call and tasks.create_todo naming a Salesforce connection, in real runs of the
 * running app: calls posted to /api/telephony/calls, to-dos from a webhook.
 */

const REFRESH = '5Aep.refresh.runs';
let t: TestApp;
let sf: SalesforceEmulator;
let admin: string;
let phoneToken: string;
let callCount = 0;

beforeEach(async () => {
  t = await createTestApp();
  sf = await startSalesforceEmulator();
  sf.addRefreshToken(REFRESH);
  sf.objects.Contact.push({ Id: '003A', Name: '森 陽子', Phone: '03-1234-5678' });
  sf.objects.Lead.push({ Id: '00QA', Name: '田中', Phone: '(090) 1111-2222' });
  sf.objects.Lead.push({ Id: '00QB', Name: '田中（別）', MobilePhone: '09011112222' });
  admin = (await t.userWithToken('admin')).token;
  await request(t.app)
    .post('/api/connections')
    .set(as(admin))
    .send({
      id: 'sf',
      type: 'salesforce',
      name: 'Salesforce',
      settings: { loginUrl: sf.url },
      credentials: { clientId: sf.client.id, clientSecret: sf.client.secret, refreshToken: REFRESH },
    })
    .expect(201);
  const pbx = await request(t.app).post('/api/telephony/connections').set(as(admin)).send({ name: 'PBX' });
  expect(pbx.status).toBe(201);
  phoneToken = String((pbx.body as { token: string }).token);
  callCount = 0;
});
afterEach(async () => {
  await t.services.lifecycle.stop();
  await sf.close();
  await t.dispose();
});

/** A live workflow: call ended → log call on the connection; its failure branch is connected. */
async function callLogging(config: Record<string, unknown>): Promise<string> {
  return liveWorkflow(t, admin, {
    name: '通話を Salesforce に記録',
    nodes: [
      node('call', 'trigger.call_ended'),
      node('log', 'telephony.log_call', { connectionId: 'sf', ...config }),
      node('failed', 'logic.set', { assignments: [{ name: 'failed', value: true }] }),
    ],
    edges: edges([
      ['call', 'next', 'log'],
      ['log', 'failure', 'failed'],
    ]),
  });
}

async function postCall(from: string, extra: Record<string, unknown> = {}): Promise<void> {
  callCount += 1;
  const res = await request(t.app)
    .post('/api/telephony/calls')
    .set('x-musubi-telephony-token', phoneToken)
    .send({
      callId: `dialpad-${callCount}`,
      direction: 'inbound',
      from,
      to: '050-1111-0000',
      startedAt: '2026-11-22T00:30:00Z',
      answered: true,
      durationSec: 125,
      ...extra,
    });
  expect(res.status).toBe(201);
}

function errorOf(run: RunState | undefined, nodeId: string) {
  return run?.steps.find((step) => step.nodeId === nodeId)?.error;
}

describe('telephony.log_call on a Salesforce connection, in real runs', () => {
  it('logged: a call from the contact’s number becomes a completed call Task on that contact', async () => {
    const id = await callLogging({});
    await goLive(t);
    await postCall('+81312345678');
    const [run] = await finishedRuns(t, id, 1);
    expect(branchOf(run, 'log')).toBe('logged');
    expect(sf.tasks).toEqual([
      expect.objectContaining({
        WhoId: '003A',
        Status: 'Completed',
        TaskSubtype: 'Call',
        CallType: 'Inbound',
        CallDurationInSeconds: 125,
        CallObject: 'dialpad-1',
        ActivityDate: '2026-11-22',
      }),
    ]);
    // Nothing was written to the built-in records.
    expect(await t.db.models.CrmRecord.count({ where: { module: 'tasks' } })).toBe(0);
  });

  it('no_match, multiple_matches, skipped_internal and skipped_missed write no Task; the call shows why', async () => {
    const id = await callLogging({});
    await goLive(t);
    await postCall('06-0000-0000');
    await postCall('090-1111-2222');
    await postCall('+81312345678', { direction: 'internal' });
    await postCall('+81312345678', { answered: false });
    const runs = await finishedRuns(t, id, 4);
    expect(runs.map((run) => branchOf(run, 'log'))).toEqual([
      'no_match',
      'multiple_matches',
      'skipped_internal',
      'skipped_missed',
    ]);
    expect(sf.tasks).toEqual([]);
    const calls = await t.db.models.TelephonyCall.findAll({ order: [['callId', 'ASC']] });
    expect(calls.map((call) => call.status)).toEqual([
      'no_match',
      'multiple_matches',
      'skipped_internal',
      'skipped_missed',
    ]);
  });

  it('logged without a contact when unmatched calls are logged', async () => {
    const id = await callLogging({ logUnmatched: true });
    await goLive(t);
    await postCall('06-0000-0000');
    const [run] = await finishedRuns(t, id, 1);
    expect(branchOf(run, 'log')).toBe('logged');
    expect(sf.tasks).toEqual([expect.objectContaining({ Status: 'Completed', CallObject: 'dialpad-1' })]);
    expect(sf.tasks[0]?.WhoId).toBeUndefined();
  });

  it('failure: Salesforce’s array-shaped refusal names the field; a revoked token fails as integration_disabled and marks the connection broken', async () => {
    const id = await callLogging({});
    await goLive(t);
    sf.failNext({
      prefix: '/services/data/v60.0/sobjects/Task',
      method: 'POST',
      failure: {
        status: 400,
        body: [
          {
            message: 'bad value',
            errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            fields: ['CallType'],
          },
        ],
      },
    });
    await postCall('+81312345678');
    let runs = await finishedRuns(t, id, 1);
    expect(branchOf(runs[0], 'log')).toBe('failure');
    expect(errorOf(runs[0], 'log')).toMatchObject({
      code: 'salesforce_invalid_or_null_for_restricted_picklist',
    });

    sf.revokeRefreshToken(REFRESH);
    sf.expireSessions();
    await postCall('+81312345678');
    runs = await finishedRuns(t, id, 2);
    expect(branchOf(runs[1], 'log')).toBe('failure');
    expect(errorOf(runs[1], 'log')).toMatchObject({ code: 'integration_disabled' });
    const shown = await request(t.app).get('/api/connections/sf').set(as(admin)).expect(200);
    expect(shown.body).toMatchObject({ lastTest: { ok: false } });
    expect(String((shown.body as { lastTest: { message: string } }).lastTest.message)).toContain(
      'refresh token',
    );
  });

  it('a connection that is switched off, missing or not Salesforce fails naming the connection', async () => {
    const id = await callLogging({});
    const other = await callLogging({ connectionId: 'builtin-crm' });
    await goLive(t);
    await request(t.app).post('/api/connections/sf/disable').set(as(admin)).expect(200);
    await postCall('+81312345678');
    const [run] = await finishedRuns(t, id, 1);
    expect(errorOf(run, 'log')).toMatchObject({ code: 'integration_disabled' });
    const [wrong] = await finishedRuns(t, other, 1);
    expect(errorOf(wrong, 'log')).toMatchObject({
      code: 'invalid_input',
      details: { field: 'connectionId' },
    });
    expect(sf.tasks).toEqual([]);
  });
});

describe('tasks.create_todo on a Salesforce connection, in real runs', () => {
  async function todoWebhook(): Promise<void> {
    await liveWorkflow(t, admin, {
      name: 'Salesforce の ToDo',
      nodes: [
        node('hook', 'trigger.webhook', { path: 'sf/todo', method: 'POST', responseMode: 'sync' }),
        node('todo', 'tasks.create_todo', {
          connectionId: 'sf',
          subject: '{{ trigger.body.subject }}',
          memo: '{{ trigger.body.memo }}',
          contactId: '{{ trigger.body.contactId }}',
          dueDate: '{{ trigger.body.dueDate }}',
          callId: '{{ trigger.body.callId }}',
        }),
        node('ok', 'logic.respond', {
          status: 201,
          bodyType: 'json',
          body: '{"taskId":"{{ nodes.todo.taskId }}","status":"{{ nodes.todo.status }}"}',
        }),
        node('refused', 'logic.respond', {
          status: 422,
          bodyType: 'json',
          body: '{"error":"{{ nodes.todo.error.code }}"}',
        }),
      ],
      edges: edges([
        ['hook', 'next', 'todo'],
        ['todo', 'success', 'ok'],
        ['todo', 'failure', 'refused'],
      ]),
    });
  }

  it('success: an open Task on the contact; one made for a call becomes that call’s completed Task', async () => {
    await todoWebhook();
    const logging = await callLogging({});
    await goLive(t);
    const open = await request(t.app)
      .post('/webhook/sf/todo')
      .send({ subject: '見積書を送る', memo: '50 名分', contactId: '003A', dueDate: '2026/11/25' });
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ status: 'open', taskId: sf.tasks[0]?.Id });
    expect(sf.tasks[0]).toMatchObject({
      Subject: '見積書を送る',
      Description: '50 名分',
      WhoId: '003A',
      Status: 'Not Started',
      IsClosed: false,
      ActivityDate: '2026-11-25',
    });

    const during = await request(t.app)
      .post('/webhook/sf/todo')
      .send({ subject: '通話中のメモ', contactId: '003A', callId: 'dialpad-1' });
    expect(during.status).toBe(201);
    expect(sf.tasks).toHaveLength(2);
    await postCall('+81312345678');
    const [run] = await finishedRuns(t, logging, 1);
    expect(branchOf(run, 'log')).toBe('logged');
    expect(sf.tasks).toHaveLength(2);
    expect(sf.tasks[1]).toMatchObject({ CallObject: 'dialpad-1', Status: 'Completed', IsClosed: true });
  });

  it('failure: a contact id Salesforce does not know is refused naming WhoId', async () => {
    await todoWebhook();
    await goLive(t);
    const res = await request(t.app).post('/webhook/sf/todo').send({ subject: 'x', contactId: '003ZZZ' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: 'salesforce_invalid_cross_reference_key' });
    expect(sf.tasks).toEqual([]);
  });

  it('without a connection the to-do stays in the built-in CRM', async () => {
    await liveWorkflow(t, admin, {
      name: '内蔵の ToDo',
      nodes: [
        node('hook', 'trigger.webhook', { path: 'local/todo', method: 'POST', responseMode: 'sync' }),
        node('todo', 'tasks.create_todo', { subject: '{{ trigger.body.subject }}' }),
      ],
      edges: edges([['hook', 'next', 'todo']]),
    });
    await goLive(t);
    await request(t.app).post('/webhook/local/todo').send({ subject: '内蔵' });
    expect(await t.db.models.CrmRecord.count({ where: { module: 'tasks', name: '内蔵' } })).toBe(1);
    expect(sf.tasks).toEqual([]);
  });
});
