import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logCallNode } from '../../../nodes/telephony/log-call';
import { createTodoNode } from '../../../nodes/tasks/create-todo';
import { NodeError } from '../../../runtime/model/errors';
import type { NodeDefinition, NodeResult } from '../../../runtime/model/node-definition';
import { silentLogger } from '../../../runtime/ports/index';
import type { TelephonyPort } from '../../../runtime/ports/telephony';
import { createCrmServices, type CrmServices } from '../../../server/crm/context';
import { SalesforceConnector } from '../../../server/providers/salesforce/connector';
import { createSalesforceTelephonyPort } from '../../../server/providers/salesforce/telephony-port';
import { run } from '../../nodes/context';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../emulators/salesforce/server';
import { openTempDatabase, type TempDatabase } from '../support/temp-db';

const REFRESH = '5Aep.refresh';
let sf: SalesforceEmulator;
let temp: TempDatabase;
let crm: CrmServices;
let port: TelephonyPort;
let statuses: unknown[];

beforeEach(async () => {
  sf = await startSalesforceEmulator();
  sf.addRefreshToken(REFRESH);
  sf.objects.Contact.push({ Id: '003A', Name: '森 陽子', Phone: '03-1234-5678' });
  sf.objects.Lead.push({ Id: '00QA', Name: '田中', Phone: '(090) 1111-2222' });
  sf.objects.Lead.push({ Id: '00QB', Name: '田中（別）', MobilePhone: '09011112222' });
  sf.objects.Account.push({ Id: '001A', Name: '森林業', Phone: '0120-555-123' });
  temp = await openTempDatabase();
  crm = createCrmServices({
    db: temp.db,
    clock: { now: () => Date.now(), sleep: async () => {} },
    logger: silentLogger,
    secretKey: randomBytes(32),
  });
  await crm.connections.create(
    {
      id: 'sf',
      type: 'salesforce',
      name: 'Salesforce',
      settings: { loginUrl: sf.url },
      credentials: { clientId: sf.client.id, clientSecret: sf.client.secret, refreshToken: REFRESH },
    },
    null,
  );
  statuses = [];
  port = createSalesforceTelephonyPort({
    connector: new SalesforceConnector({ db: temp.db, connections: crm.connections }),
    connectionId: 'sf',
    local: {
      setCallStatus: async (status) => {
        statuses.push(status);
      },
    },
  });
});
afterEach(async () => {
  await sf.close();
  await temp.dispose();
});

const call = (other: string, extra: Record<string, unknown> = {}) => ({
  id: 'musubi-call-1',
  callId: 'dialpad-777',
  direction: 'inbound',
  from: other,
  to: '+81501111000',
  startedAt: '2026-11-22T00:30:00.000Z',
  answered: true,
  durationSec: 125,
  recordingUrls: [],
  ...extra,
});

const runNode = (
  node: NodeDefinition,
  config: Record<string, unknown>,
  trigger?: unknown,
): Promise<NodeResult> => run(node, { config, trigger: trigger ?? {}, ports: { telephony: port } });

async function failureOf(promise: Promise<unknown>): Promise<NodeError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof NodeError)) throw new Error(`expected a NodeError, got ${String(error)}`);
  return error;
}

describe('telephony.log_call on Salesforce', () => {
  it('a call from a contact’s number (written +81…) becomes a completed call Task on that contact', async () => {
    const result = await runNode(logCallNode, {}, call('+81312345678'));
    expect(result.branch).toBe('logged');
    expect(sf.tasks).toHaveLength(1);
    expect(sf.tasks[0]).toMatchObject({
      WhoId: '003A',
      Status: 'Completed',
      IsClosed: true,
      TaskSubtype: 'Call',
      CallType: 'Inbound',
      CallDurationInSeconds: 125,
      CallObject: 'dialpad-777',
      ActivityDate: '2026-11-22',
    });
    expect(result.output).toMatchObject({
      taskId: sf.tasks[0]?.Id,
      match: { module: 'contacts', id: '003A' },
    });
    expect(sf.requests.some((line) => line.endsWith('/search/'))).toBe(true);
  });

  it('an account match goes into WhatId; the configured object priority decides', async () => {
    const result = await runNode(logCallNode, { matchOrder: ['companies', 'contacts'] }, call('0120555123'));
    expect(result.branch).toBe('logged');
    expect(sf.tasks[0]).toMatchObject({ WhatId: '001A' });
    expect(sf.tasks[0]?.WhoId).toBeUndefined();
  });

  it('two leads with the number take "multiple_matches" and log nothing', async () => {
    const result = await runNode(logCallNode, {}, call('090-1111-2222'));
    expect(result.branch).toBe('multiple_matches');
    expect(sf.tasks).toHaveLength(0);
    expect(statuses).toEqual([expect.objectContaining({ status: 'multiple_matches' })]);
  });

  it('an unknown number takes "no_match", or is logged without a contact when configured', async () => {
    expect((await runNode(logCallNode, {}, call('06-0000-0000'))).branch).toBe('no_match');
    expect(sf.tasks).toHaveLength(0);
    expect((await runNode(logCallNode, { logUnmatched: true }, call('06-0000-0000'))).branch).toBe('logged');
    expect(sf.tasks[0]).toMatchObject({ Status: 'Completed', CallObject: 'dialpad-777' });
  });

  it('internal and missed calls are skipped without calling Salesforce', async () => {
    expect((await runNode(logCallNode, {}, call('+81312345678', { direction: 'internal' }))).branch).toBe(
      'skipped_internal',
    );
    expect((await runNode(logCallNode, {}, call('+81312345678', { answered: false }))).branch).toBe(
      'skipped_missed',
    );
    expect(sf.requests).toEqual([]);
  });

  it('a to-do made for the call while it ran becomes the completed call Task (no second Task)', async () => {
    const todo = await runNode(createTodoNode, {
      subject: '折り返し',
      contactId: '003A',
      dueDate: '2026-11-25',
      callId: 'dialpad-777',
    });
    expect(todo.output).toMatchObject({ status: 'open' });
    expect(sf.tasks[0]).toMatchObject({ Status: 'Not Started', IsClosed: false, ActivityDate: '2026-11-25' });
    await runNode(logCallNode, {}, call('+81312345678'));
    expect(sf.tasks).toHaveLength(1);
    expect(sf.tasks[0]).toMatchObject({ Status: 'Completed', IsClosed: true, CallDurationInSeconds: 125 });
  });

  it('a session that ended mid-run is refreshed once on INVALID_SESSION_ID', async () => {
    await runNode(logCallNode, {}, call('+81312345678'));
    sf.expireSessions();
    const result = await runNode(createTodoNode, { subject: '次回の提案' });
    expect(result.branch).toBe('success');
    expect(sf.requests.filter((line) => line === 'POST /services/oauth2/token')).toHaveLength(2);
  });

  it('a revoked refresh token fails with integration_disabled and marks the connection broken', async () => {
    sf.revokeRefreshToken(REFRESH);
    const error = await failureOf(runNode(logCallNode, {}, call('+81312345678')));
    expect(error).toMatchObject({ code: 'integration_disabled', retryable: false });
    expect((await crm.connections.get('sf'))?.lastTest).toMatchObject({ ok: false });
  });
});

describe('Salesforce array-shaped errors', () => {
  it('a restricted picklist refusal fails naming the field, not retried', async () => {
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
    const error = await failureOf(runNode(logCallNode, {}, call('+81312345678')));
    expect(error).toMatchObject({
      code: 'salesforce_invalid_or_null_for_restricted_picklist',
      retryable: false,
      details: { fields: ['CallType'] },
    });
  });

  it('a to-do for a contact id that does not exist fails with INVALID_CROSS_REFERENCE_KEY on WhoId', async () => {
    const error = await failureOf(runNode(createTodoNode, { subject: 'x', contactId: '003ZZZ' }));
    expect(error).toMatchObject({
      code: 'salesforce_invalid_cross_reference_key',
      details: { fields: ['WhoId'] },
    });
  });

  it('REQUEST_LIMIT_EXCEEDED is retryable; 429 Retry-After carries the wait', async () => {
    sf.failNext({
      prefix: '/services/data/v60.0/search',
      failure: { status: 403, body: [{ message: 'limit', errorCode: 'REQUEST_LIMIT_EXCEEDED', fields: [] }] },
    });
    expect(await failureOf(runNode(logCallNode, {}, call('+81312345678')))).toMatchObject({
      retryable: true,
    });
    sf.failNext({
      prefix: '/services/data/v60.0/search',
      failure: { status: 429, body: [], headers: { 'Retry-After': '5' } },
    });
    expect(await failureOf(runNode(logCallNode, {}, call('+81312345678')))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 5000,
    });
  });
});

describe('Salesforce connection test', () => {
  it('passes, then names a wrong secret and a revoked token', async () => {
    expect((await crm.connections.test('sf'))?.ok).toBe(true);
    sf.revokeRefreshToken(REFRESH);
    expect((await crm.connections.test('sf'))?.message.en).toContain('refresh token');
    await crm.connections.update('sf', {
      credentials: { clientId: sf.client.id, clientSecret: 'nope', refreshToken: REFRESH },
    });
    expect((await crm.connections.test('sf'))?.message.en).toContain('consumer key or secret');
  });
});
