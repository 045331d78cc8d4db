import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { associateInquiryNode } from '../../../nodes/desk/associate-inquiry';
import { addToListNode } from '../../../nodes/lists/add-to-list';
import { NodeError } from '../../../runtime/model/errors';
import { REFRESH_TOKEN, zohoWorld, type ZohoWorld } from './zoho-support';

let w: ZohoWorld;
beforeEach(async () => {
  w = await zohoWorld();
  w.zoho.departments.set('d1', { name: 'サポート', isEnabled: true });
  w.zoho.departments.set('d2', { name: '旧部門', isEnabled: false });
  w.zoho.agents.set('a1', { name: '鈴木', status: 'ACTIVE' });
  w.zoho.agents.set('a2', { name: '高橋', status: 'DISABLED' });
  w.zoho.lists.set('LK1', []);
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

const inquiry = {
  subject: '見積もりのご相談',
  description: '50 名で使う場合の費用',
  priority: '高',
  departmentId: 'd1',
  contactName: '森 陽子',
  contactEmail: 'yoko@mori.example.jp',
};

describe('desk.associate_inquiry on a Zoho connection', () => {
  it('creates a Desk ticket under the org from /organizations, contact by e-mail, and outputs id and ticket number', async () => {
    const result = await w.run(associateInquiryNode, { ...inquiry, agentId: 'a1' });
    expect(result.branch).toBe('success');
    const ticket = w.zoho.tickets[0];
    expect(ticket).toMatchObject({
      subject: '見積もりのご相談',
      departmentId: 'd1',
      assigneeId: 'a1',
      priority: 'High',
      contact: { lastName: '森 陽子', email: 'yoko@mori.example.jp' },
    });
    expect(result.output).toMatchObject({ ticketId: ticket?.id, ticketNumber: 101 });
    expect(result.setVars).toEqual({ ticket_id: ticket?.id, ticket_number: 101 });
    expect(w.zoho.requests).toContain('GET /api/v1/organizations');
    // The emulator refuses every Desk call but /organizations without the right orgId header.
    expect(w.zoho.requests.filter((line) => line === 'GET /api/v1/organizations')).toHaveLength(1);
  });

  it('a disabled department takes "department_invalid"', async () => {
    const result = await w.run(associateInquiryNode, { ...inquiry, departmentId: 'd2' });
    expect(result.branch).toBe('department_invalid');
    expect(w.zoho.tickets).toHaveLength(0);
  });

  it('INVALID_DATA on /departmentId from the create takes "department_invalid"', async () => {
    // Disabled between the check and the create.
    w.zoho.failNext({
      prefix: '/api/v1/tickets',
      method: 'POST',
      failure: {
        status: 422,
        body: { errorCode: 'INVALID_DATA', errors: [{ fieldName: '/departmentId', errorType: 'invalid' }] },
      },
    });
    const result = await w.run(associateInquiryNode, inquiry);
    expect(result.branch).toBe('department_invalid');
  });

  it('a disabled agent takes "agent_invalid", and so does INVALID_DATA on /assigneeId', async () => {
    expect((await w.run(associateInquiryNode, { ...inquiry, agentId: 'a2' })).branch).toBe('agent_invalid');
    w.zoho.failNext({
      prefix: '/api/v1/tickets',
      method: 'POST',
      failure: {
        status: 422,
        body: { errorCode: 'INVALID_DATA', errors: [{ fieldName: '/assigneeId', errorType: 'invalid' }] },
      },
    });
    expect((await w.run(associateInquiryNode, { ...inquiry, agentId: 'a1' })).branch).toBe('agent_invalid');
  });

  it('an unknown department id takes "department_invalid"', async () => {
    expect((await w.run(associateInquiryNode, { ...inquiry, departmentId: 'nope' })).branch).toBe(
      'department_invalid',
    );
  });

  it('other INVALID_DATA fails naming the node field', async () => {
    w.zoho.failNext({
      prefix: '/api/v1/tickets',
      method: 'POST',
      failure: {
        status: 422,
        body: { errorCode: 'INVALID_DATA', errors: [{ fieldName: '/subject', errorType: 'invalid' }] },
      },
    });
    const error = await failureOf(w.run(associateInquiryNode, inquiry));
    expect(error.details).toEqual({ field: 'subject' });
  });

  it('a revoked authorisation takes "integration_disabled"', async () => {
    w.zoho.revokeRefreshToken(REFRESH_TOKEN);
    expect((await w.run(associateInquiryNode, inquiry)).branch).toBe('integration_disabled');
  });

  it('a 500 from Desk is a retryable failure', async () => {
    w.zoho.failNext({
      prefix: '/api/v1/tickets',
      method: 'POST',
      failure: { status: 500, body: { errorCode: 'INTERNAL_SERVER_ERROR', message: 'oops' } },
    });
    const error = await failureOf(w.run(associateInquiryNode, inquiry));
    expect(error).toMatchObject({ code: 'zoho_internal_server_error', retryable: true });
  });
});

describe('lists.add_to_list on a Zoho connection (Campaigns listsubscribe)', () => {
  const vars = { name: '森 陽子', email: 'yoko@mori.example.jp' };
  const names = { nameVariable: 'name', emailVariable: 'email' };

  it('subscribes the visitor to the list', async () => {
    const result = await w.run(addToListNode, { ...names, listId: 'LK1', phone: '03-1234-5678' }, vars);
    expect(result.branch).toBe('success');
    expect(w.zoho.lists.get('LK1')).toEqual([
      {
        'Contact Email': 'yoko@mori.example.jp',
        'First Name': '森',
        'Last Name': '陽子',
        Phone: '03-1234-5678',
      },
    ]);
  });

  it('code 2501 (list key invalid) fails naming the list and the reason', async () => {
    const error = await failureOf(w.run(addToListNode, { ...names, listId: 'nope' }, vars));
    expect(error.details).toEqual({ field: 'listId' });
    expect(error.message).toContain('2501');
  });

  it('code 2004 (invalid e-mail) fails naming the e-mail variable', async () => {
    w.zoho.failNext({
      prefix: '/api/v1.1/json/listsubscribe',
      failure: { status: 200, body: { status: 'error', code: '2004', message: 'Invalid email address.' } },
    });
    const error = await failureOf(w.run(addToListNode, { ...names, listId: 'LK1' }, vars));
    expect(error.details).toEqual({ field: 'emailVariable' });
    expect(error.message).toContain('2004');
  });

  it('the rate-limit lock is retried after 30 minutes, not lost', async () => {
    w.zoho.failNext({
      prefix: '/api/v1.1/json/listsubscribe',
      failure: { status: 200, body: { status: 'error', code: '2401', message: 'API call limit exceeded.' } },
    });
    const error = await failureOf(w.run(addToListNode, { ...names, listId: 'LK1' }, vars));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 30 * 60_000 });
  });

  it('a revoked authorisation takes "integration_disabled"', async () => {
    w.zoho.revokeRefreshToken(REFRESH_TOKEN);
    expect((await w.run(addToListNode, { ...names, listId: 'LK1' }, vars)).branch).toBe(
      'integration_disabled',
    );
  });
});
