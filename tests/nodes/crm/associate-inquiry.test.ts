import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../server/crm/actor';
import { openCrmHarness, path, workflow, type CrmHarness, type Seeded } from './harness';

let h: CrmHarness;
let seed: Seeded;
beforeEach(async () => {
  h = await openCrmHarness();
  seed = await h.seed();
});
afterEach(async () => {
  await h.dispose();
});

function inquiryFlow(config: Record<string, unknown> = {}) {
  return workflow(
    {
      start: ['trigger.manual', {}],
      ticket: [
        'desk.associate_inquiry',
        {
          connectionId: 'builtin-desk',
          subject: '{{ vars.name }} 様からのお問い合わせ',
          description: '{{ vars.question }}',
          status: '対応中',
          priority: '{{ vars.priority }}',
          classification: '質問',
          departmentId: seed.departmentId,
          agentId: seed.agentId,
          contactName: '{{ vars.name }}',
          contactEmail: '{{ vars.email }}',
          ticketIdVariable: 'ticket_id',
          ticketNumberVariable: 'ticket_number',
          ...config,
        },
      ],
      reply: ['bot.message', { text: 'お問い合わせ番号は {{ vars.ticket_number }} です。' }],
      dept: ['logic.set', { assignments: [{ name: 'why', value: 'department' }] }],
      agent: ['logic.set', { assignments: [{ name: 'why', value: 'agent' }] }],
      off: ['logic.set', { assignments: [{ name: 'why', value: 'off' }] }],
      bad: ['logic.set', { assignments: [{ name: 'why', value: 'failure' }] }],
    },
    [
      ['start', 'next', 'ticket'],
      ['ticket', 'success', 'reply'],
      ['ticket', 'department_invalid', 'dept'],
      ['ticket', 'agent_invalid', 'agent'],
      ['ticket', 'integration_disabled', 'off'],
      ['ticket', 'failure', 'bad'],
    ],
  );
}

const VISITOR = {
  name: '田中 一郎',
  email: 'ichiro@example.jp',
  question: 'ログインできません',
  priority: '高',
};

describe('desk.associate_inquiry', () => {
  it('creates the ticket and keeps its id and number in two variables; a later message echoes the number', async () => {
    const state = await h.run({ workflow: inquiryFlow(), vars: VISITOR, payload: { conversationId: 'c1' } });
    expect(path(state)).toEqual(['start:next', 'ticket:success', 'reply:next']);
    const ticket = await h.crm.records.get('tickets', String(state.vars.ticket_id));
    expect(ticket).toMatchObject({
      name: '田中 一郎 様からのお問い合わせ',
      priority: 'high',
      classification: '質問',
      departmentId: seed.departmentId,
      agentId: seed.agentId,
      number: state.vars.ticket_number,
    });
    const stage = await h.crm.db.models.CrmStage.findByPk(ticket?.stageId ?? '');
    expect(stage?.name).toBe('対応中');
    expect(state.nodes.ticket).toMatchObject({ ticketId: ticket?.id, ticketNumber: 1 });
    expect(h.chat.messages.map((message) => message.text)).toContain('お問い合わせ番号は 1 です。');
  });

  it('numbers tickets one after another', async () => {
    const first = await h.run({ workflow: inquiryFlow(), vars: VISITOR });
    const second = await h.run({ workflow: inquiryFlow(), vars: VISITOR });
    expect([first.vars.ticket_number, second.vars.ticket_number]).toEqual([1, 2]);
  });

  it('attaches the ticket to the contact with the same e-mail, and creates one when there is none', async () => {
    const known = await h.crm.records.create({
      module: 'contacts',
      input: { name: '田中 一郎', email: 'ICHIRO@example.jp' },
      actor: SYSTEM_ACTOR,
    });
    const matched = await h.run({ workflow: inquiryFlow(), vars: VISITOR });
    expect(matched.nodes.ticket).toMatchObject({ contactId: known.id });
    const created = await h.run({ workflow: inquiryFlow(), vars: { ...VISITOR, email: 'new@example.jp' } });
    const contactId = (await h.crm.records.get('tickets', String(created.vars.ticket_id)))?.contactId;
    expect(contactId).not.toBe(known.id);
    expect((await h.crm.records.get('contacts', String(contactId)))?.emailNormalized).toBe('new@example.jp');
  });

  it('takes department_invalid when the department was switched off after the workflow was published', async () => {
    await h.crm.parties.updateDepartment(seed.departmentId, { status: 'disabled' });
    const state = await h.run({ workflow: inquiryFlow(), vars: VISITOR });
    expect(path(state)).toEqual(['start:next', 'ticket:department_invalid', 'dept:next']);
    expect(state.nodes.ticket).toMatchObject({ error: { code: 'department_invalid', status: 'disabled' } });
    expect(await h.crm.db.models.CrmRecord.count({ where: { module: 'tickets' } })).toBe(0);
  });

  it('takes department_invalid when the department was deleted', async () => {
    await h.crm.parties.remove('department', seed.departmentId);
    const state = await h.run({ workflow: inquiryFlow(), vars: VISITOR });
    expect(path(state)).toContain('ticket:department_invalid');
    expect(state.nodes.ticket).toMatchObject({ error: { status: 'deleted' } });
  });

  it('takes agent_invalid when the agent was deleted', async () => {
    await h.crm.parties.remove('agent', seed.agentId);
    const state = await h.run({ workflow: inquiryFlow(), vars: VISITOR });
    expect(path(state)).toEqual(['start:next', 'ticket:agent_invalid', 'agent:next']);
    expect(state.nodes.ticket).toMatchObject({ error: { code: 'agent_invalid', status: 'deleted' } });
  });

  it('takes agent_invalid when the agent was switched off, and for an agent id that never existed', async () => {
    await h.crm.parties.updateAgent(seed.agentId, { status: 'disabled' });
    expect(path(await h.run({ workflow: inquiryFlow(), vars: VISITOR }))).toContain('ticket:agent_invalid');
    expect(path(await h.run({ workflow: inquiryFlow({ agentId: 'ghost' }), vars: VISITOR }))).toContain(
      'ticket:agent_invalid',
    );
  });

  it('fails naming the priority when the variable holds an unknown word', async () => {
    const state = await h.run({ workflow: inquiryFlow(), vars: { ...VISITOR, priority: 'とても高い' } });
    expect(path(state)).toEqual(['start:next', 'ticket:failure', 'bad:next']);
    expect(state.steps[1]?.error).toMatchObject({ code: 'invalid_input', details: { field: 'priority' } });
  });

  it('fails naming the status when the pipeline has no such status', async () => {
    const state = await h.run({ workflow: inquiryFlow({ status: '調査中' }), vars: VISITOR });
    expect(state.steps[1]?.error?.details).toEqual({ field: 'status' });
    expect(state.steps[1]?.error?.message).toContain('未対応');
  });

  it('fails naming the contact e-mail when it is not an address', async () => {
    const state = await h.run({ workflow: inquiryFlow(), vars: { ...VISITOR, email: 'ichiro' } });
    expect(state.steps[1]?.error?.details).toEqual({ field: 'contactEmail' });
  });

  it('takes integration_disabled when the help-desk connection is switched off or deleted', async () => {
    await h.crm.connections.setStatus('builtin-desk', 'disabled');
    expect(path(await h.run({ workflow: inquiryFlow(), vars: VISITOR }))).toContain(
      'ticket:integration_disabled',
    );
    await h.crm.connections.remove('builtin-desk');
    expect(path(await h.run({ workflow: inquiryFlow(), vars: VISITOR }))).toContain(
      'ticket:integration_disabled',
    );
  });
});
