import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { associateContactNode } from '../../../nodes/crm/associate-contact';
import { associateDealNode } from '../../../nodes/crm/associate-deal';
import { associateLeadNode } from '../../../nodes/crm/associate-lead';
import { NodeError } from '../../../runtime/model/errors';
import { CONNECTION_ID, REFRESH_TOKEN, zohoWorld, type ZohoWorld } from './zoho-support';

let w: ZohoWorld;
beforeEach(async () => {
  w = await zohoWorld();
});
afterEach(async () => {
  await w.dispose();
});

async function failureOf(promise: Promise<unknown>): Promise<NodeError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof NodeError)) throw new Error(`expected a NodeError, got ${String(error)}`);
  return error;
}

const lead = {
  name: '森 陽子',
  company: '森林業',
  email: 'yoko@mori.example.jp',
  phone: '03-1234-5678',
  source: 'Chat',
};

describe('crm nodes on a Zoho connection', () => {
  it('associate lead: inserts into Zoho CRM Leads with the token refreshed from the data centre', async () => {
    const result = await w.run(associateLeadNode, lead);
    expect(result.branch).toBe('success');
    const stored = w.zoho.records.get('Leads')?.[0];
    expect(stored).toMatchObject({
      Last_Name: '森 陽子',
      Company: '森林業',
      Email: 'yoko@mori.example.jp',
      Lead_Source: 'Chat',
    });
    expect(result.output).toMatchObject({ leadId: stored?.id, created: true });
    expect(result.setVars).toEqual({ lead_id: stored?.id });
    expect(w.zoho.requests).toContain('POST /oauth/v2/token');
  });

  it('associate lead: the same e-mail again takes "duplicate" with the existing Zoho id', async () => {
    const first = await w.run(associateLeadNode, lead);
    const second = await w.run(associateLeadNode, { ...lead, name: '森 陽子（2回目）' });
    expect(second.branch).toBe('duplicate');
    expect(second.output).toMatchObject({
      leadId: first.setVars?.lead_id,
      created: false,
      matchedBy: 'email',
    });
    expect(w.zoho.records.get('Leads')).toHaveLength(1);
  });

  it('associate lead: DUPLICATE_DATA from the insert takes "duplicate" with the existing id from its details', async () => {
    w.zoho.records.get('Leads')?.push({ id: '42', Last_Name: 'x', Email: 'yoko@mori.example.jp' });
    // The search misses it (say, not indexed yet); the insert's own duplicate check catches it.
    w.zoho.failNext({ prefix: '/crm/v7/Leads/search', failure: { status: 204, body: undefined } });
    const result = await w.run(associateLeadNode, lead);
    expect(result.branch).toBe('duplicate');
    expect(result.output).toEqual({ leadId: '42', created: false, matchedBy: 'email' });
    expect(result.setVars).toEqual({ lead_id: '42' });
    expect(w.zoho.records.get('Leads')).toHaveLength(1);
  });

  it('associate contact: DUPLICATE_DATA on the phone with "use existing" continues on success with that id', async () => {
    w.zoho.failNext({
      prefix: '/crm/v7/Contacts',
      method: 'POST',
      failure: {
        status: 400,
        body: {
          data: [
            {
              code: 'DUPLICATE_DATA',
              details: {
                api_name: 'Phone',
                json_path: '$.data[0].Phone',
                duplicate_record: { id: '77', module: { api_name: 'Contacts', id: '1' } },
                more_records: false,
              },
              message: 'duplicate data',
              status: 'error',
            },
          ],
        },
      },
    });
    const result = await w.run(associateContactNode, { ...lead, onDuplicate: 'use_existing' });
    expect(result.branch).toBe('success');
    expect(result.output).toEqual({ contactId: '77', created: false, matchedBy: 'phone' });
    // With "fail" the same answer is a failure that names the existing record.
    w.zoho.failNext({
      prefix: '/crm/v7/Contacts',
      method: 'POST',
      failure: {
        status: 400,
        body: {
          data: [
            {
              code: 'DUPLICATE_DATA',
              details: { api_name: 'Email', duplicate_record: { id: '78' } },
              message: 'duplicate data',
              status: 'error',
            },
          ],
        },
      },
    });
    const error = await failureOf(w.run(associateContactNode, { ...lead, onDuplicate: 'fail' }));
    expect(error).toMatchObject({ code: 'duplicate', details: { existingId: '78', matchedBy: 'email' } });
  });

  it('associate contact: MANDATORY_NOT_FOUND fails naming the node field', async () => {
    w.zoho.failNext({
      prefix: '/crm/v7/Contacts',
      method: 'POST',
      failure: {
        status: 400,
        body: {
          data: [
            {
              code: 'MANDATORY_NOT_FOUND',
              details: { api_name: 'Last_Name' },
              message: 'required field not found',
              status: 'error',
            },
          ],
        },
      },
    });
    const error = await failureOf(w.run(associateContactNode, { name: '佐藤', email: 'sato@example.jp' }));
    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual({ field: 'name' });
    expect(error.message).toContain('Last_Name');
  });

  it('associate contact: INVALID_DATA fails naming the field', async () => {
    w.zoho.failNext({
      prefix: '/crm/v7/Contacts',
      method: 'POST',
      failure: {
        status: 400,
        body: {
          data: [
            {
              code: 'INVALID_DATA',
              details: { api_name: 'Phone', expected_data_type: 'phone' },
              message: 'invalid data',
              status: 'error',
            },
          ],
        },
      },
    });
    const error = await failureOf(w.run(associateContactNode, { name: '佐藤', phone: 'abc' }));
    expect(error.details).toEqual({ field: 'phone' });
  });

  it('associate contact: success stores the contact in Zoho', async () => {
    const result = await w.run(associateContactNode, { name: '佐藤 一郎', email: 'ichiro@example.jp' });
    expect(result.branch).toBe('success');
    expect(w.zoho.records.get('Contacts')?.[0]).toMatchObject({
      Last_Name: '佐藤 一郎',
      Email: 'ichiro@example.jp',
    });
  });

  it('associate deal: inserts Deal_Name, Pipeline, Stage, amount, closing date and contact', async () => {
    const result = await w.run(associateDealNode, {
      dealName: '50 名導入',
      pipelineId: 'Standard',
      stageId: 'Qualification',
      amount: '1,500,000',
      closingDate: '2026/12/1',
      contactId: '777',
    });
    expect(result.branch).toBe('success');
    expect(w.zoho.records.get('Deals')?.[0]).toMatchObject({
      Deal_Name: '50 名導入',
      Pipeline: 'Standard',
      Stage: 'Qualification',
      Amount: 1_500_000,
      Closing_Date: '2026-12-01',
      Contact_Name: { id: '777' },
    });
  });

  it('associate deal: a refused stage fails naming stageId', async () => {
    w.zoho.failNext({
      prefix: '/crm/v7/Deals',
      method: 'POST',
      failure: {
        status: 400,
        body: {
          data: [
            {
              code: 'INVALID_DATA',
              details: { api_name: 'Stage' },
              message: 'invalid data',
              status: 'error',
            },
          ],
        },
      },
    });
    const error = await failureOf(
      w.run(associateDealNode, { dealName: 'x', pipelineId: 'Standard', stageId: 'Nope' }),
    );
    expect(error.details).toEqual({ field: 'stageId' });
  });

  it('an access token that expires mid-run is refreshed once and the call goes through', async () => {
    await w.run(associateLeadNode, lead);
    w.zoho.expireAccessTokens();
    const result = await w.run(associateContactNode, { name: '田中', email: 'tanaka@example.jp' });
    expect(result.branch).toBe('success');
    expect(w.zoho.requests.filter((line) => line === 'POST /oauth/v2/token')).toHaveLength(2);
  });

  it('a token about to expire is refreshed before the call', async () => {
    w.zoho.setExpiresIn(60);
    await w.run(associateLeadNode, lead);
    await w.run(associateContactNode, { name: '田中', email: 'tanaka@example.jp' });
    // A 60-second token is always inside the refresh margin: every call gets a fresh one first.
    const tokenCalls = w.zoho.requests.filter((line) => line === 'POST /oauth/v2/token').length;
    expect(tokenCalls).toBe(w.zoho.requests.length - tokenCalls);
    expect(tokenCalls).toBeGreaterThan(1);
  });

  it('a revoked refresh token takes "integration_disabled" and marks the connection broken', async () => {
    w.zoho.revokeRefreshToken(REFRESH_TOKEN);
    const result = await w.run(associateLeadNode, lead);
    expect(result.branch).toBe('integration_disabled');
    const view = await w.crm.connections.get(CONNECTION_ID);
    expect(view?.lastTest).toMatchObject({ ok: false });
    expect(view?.lastTest?.message).toContain('refresh token');
  });

  it('a token refused even after a refresh takes "integration_disabled"', async () => {
    await w.run(associateLeadNode, lead);
    w.zoho.failNext({
      count: 2,
      prefix: '/crm/v7/Deals',
      method: 'POST',
      failure: {
        status: 401,
        body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
      },
    });
    const result = await w.run(associateDealNode, {
      dealName: 'x',
      pipelineId: 'Standard',
      stageId: 'Qualification',
    });
    expect(result.branch).toBe('integration_disabled');
  });

  it('a switched-off Zoho connection takes "integration_disabled" without calling Zoho', async () => {
    await w.crm.connections.setStatus(CONNECTION_ID, 'disabled');
    const result = await w.run(associateLeadNode, lead);
    expect(result.branch).toBe('integration_disabled');
    expect(w.zoho.requests).toEqual([]);
  });

  it('429 with Retry-After becomes a retryable error carrying the wait', async () => {
    w.zoho.failNext({
      prefix: '/crm/v7/Leads',
      method: 'POST',
      failure: { status: 429, body: { code: 'TOO_MANY_REQUESTS' }, headers: { 'Retry-After': '30' } },
    });
    const error = await failureOf(w.run(associateLeadNode, lead));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 30_000 });
    expect(w.zoho.records.get('Leads')).toHaveLength(0);
  });
});

describe('Zoho connection test', () => {
  it('names a wrong client secret or data centre, a revoked token, a missing scope, and passes when all is right', async () => {
    expect((await w.crm.connections.test(CONNECTION_ID))?.ok).toBe(true);
    w.zoho.setScopes(['Desk.tickets.ALL']);
    expect((await w.crm.connections.test(CONNECTION_ID))?.message.en).toContain('scope');
    w.zoho.revokeRefreshToken(REFRESH_TOKEN);
    expect((await w.crm.connections.test(CONNECTION_ID))?.message.en).toContain('refresh token');
    await w.crm.connections.update(CONNECTION_ID, {
      credentials: { clientId: w.zoho.client.id, clientSecret: 'wrong', refreshToken: REFRESH_TOKEN },
    });
    const wrong = await w.crm.connections.test(CONNECTION_ID);
    expect(wrong?.ok).toBe(false);
    expect(wrong?.message.en).toContain('client id or secret');
    expect(wrong?.message.en).toContain('data centre (zoho.jp)');
  });

  it('lists the Zoho connection for crm, desk and lists pickers', async () => {
    for (const kind of ['crm', 'desk', 'lists'] as const) {
      expect((await w.crm.connections.list({ kind })).map((view) => view.id)).toContain(CONNECTION_ID);
    }
  });
});
