import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../server/crm/actor';
import { openCrmHarness, path, workflow, type CrmHarness } from './harness';

let h: CrmHarness;
beforeEach(async () => {
  h = await openCrmHarness();
});
afterEach(async () => {
  await h.dispose();
});

const VISITOR = {
  name: '山田 太郎',
  company: '結び商事',
  email: 'Taro.Yamada@Example.co.jp',
  phone: '03-1234-5678',
};

function leadFlow(config: Record<string, unknown> = {}) {
  return workflow(
    {
      start: ['trigger.manual', {}],
      lead: [
        'crm.associate_lead',
        {
          connectionId: 'builtin-crm',
          name: '{{ vars.name }}',
          company: '{{ vars.company }}',
          email: '{{ vars.email }}',
          phone: '{{ vars.phone }}',
          source: 'チャットボット',
          idVariable: 'lead_id',
          ...config,
        },
      ],
      ok: ['logic.set', { assignments: [{ name: 'done', value: 'ok' }] }],
      dup: ['logic.set', { assignments: [{ name: 'done', value: 'duplicate' }] }],
      off: ['logic.set', { assignments: [{ name: 'done', value: 'off' }] }],
      bad: ['logic.set', { assignments: [{ name: 'done', value: 'failed' }] }],
    },
    [
      ['start', 'next', 'lead'],
      ['lead', 'success', 'ok'],
      ['lead', 'duplicate', 'dup'],
      ['lead', 'integration_disabled', 'off'],
      ['lead', 'failure', 'bad'],
    ],
  );
}

describe('crm.associate_lead', () => {
  it('creates the lead with name, company, e-mail, phone (as E.164) and source, and keeps its id in the variable', async () => {
    const state = await h.run({ workflow: leadFlow(), vars: VISITOR });
    expect(path(state)).toEqual(['start:next', 'lead:success', 'ok:next']);
    const leadId = state.vars.lead_id;
    expect(typeof leadId).toBe('string');
    const lead = await h.crm.records.get('leads', String(leadId));
    expect(lead?.name).toBe('山田 太郎');
    expect(lead?.phoneE164).toBe('+81312345678');
    expect(lead?.emailNormalized).toBe('taro.yamada@example.co.jp');
    expect(lead?.fields).toMatchObject({ company: '結び商事', source: 'チャットボット' });
  });

  it('takes `duplicate` with the existing id when the e-mail is already there (any case)', async () => {
    const first = await h.run({ workflow: leadFlow(), vars: VISITOR });
    const again = await h.run({
      workflow: leadFlow(),
      vars: { ...VISITOR, email: 'taro.yamada@example.co.jp', phone: '' },
    });
    expect(path(again)).toEqual(['start:next', 'lead:duplicate', 'dup:next']);
    expect(again.nodes.lead).toMatchObject({
      leadId: first.vars.lead_id,
      created: false,
      matchedBy: 'email',
    });
    expect(await h.crm.db.models.CrmRecord.count({ where: { module: 'leads' } })).toBe(1);
  });

  it('matches by phone, written another way, when the e-mail does not match', async () => {
    const first = await h.run({ workflow: leadFlow(), vars: VISITOR });
    const again = await h.run({
      workflow: leadFlow(),
      vars: { ...VISITOR, email: 'other@example.com', phone: '+81 3 1234 5678' },
    });
    expect(path(again)).toContain('lead:duplicate');
    expect(again.nodes.lead).toMatchObject({ leadId: first.vars.lead_id, matchedBy: 'phone' });
  });

  it('with onDuplicate use_existing, takes success with the existing id', async () => {
    const first = await h.run({ workflow: leadFlow(), vars: VISITOR });
    const again = await h.run({ workflow: leadFlow({ onDuplicate: 'use_existing' }), vars: VISITOR });
    expect(path(again)).toEqual(['start:next', 'lead:success', 'ok:next']);
    expect(again.vars.lead_id).toBe(first.vars.lead_id);
  });

  it('with onDuplicate fail, takes failure with code duplicate', async () => {
    await h.run({ workflow: leadFlow(), vars: VISITOR });
    const again = await h.run({ workflow: leadFlow({ onDuplicate: 'fail' }), vars: VISITOR });
    expect(path(again)).toEqual(['start:next', 'lead:failure', 'bad:next']);
    expect(again.steps[1]?.error?.code).toBe('duplicate');
  });

  it('fails without retrying on a bad e-mail, naming the field', async () => {
    const state = await h.run({ workflow: leadFlow(), vars: { ...VISITOR, email: '山田太郎' } });
    expect(path(state)).toEqual(['start:next', 'lead:failure', 'bad:next']);
    const step = state.steps[1];
    expect(step?.attempt).toBe(1);
    expect(step?.error?.code).toBe('invalid_input');
    expect(step?.error?.details).toEqual({ field: 'email' });
    expect(step?.error?.localized?.ja).toContain('メールアドレス');
    expect(await h.crm.db.models.CrmRecord.count({ where: { module: 'leads' } })).toBe(0);
  });

  it('fails naming the phone when it is not a phone number', async () => {
    const state = await h.run({ workflow: leadFlow(), vars: { ...VISITOR, phone: 'call me' } });
    expect(path(state)).toContain('lead:failure');
    expect(state.steps[1]?.error?.details).toEqual({ field: 'phone' });
  });

  it('fails naming the owner when no such user exists', async () => {
    const state = await h.run({ workflow: leadFlow({ owner: 'nobody@example.com' }), vars: VISITOR });
    expect(state.steps[1]?.error?.details).toEqual({ field: 'owner' });
  });

  it('takes integration_disabled when the connection is switched off, deleted, or not a CRM one', async () => {
    await h.crm.connections.setStatus('builtin-crm', 'disabled');
    expect(path(await h.run({ workflow: leadFlow(), vars: VISITOR }))).toContain('lead:integration_disabled');
    await h.crm.connections.remove('builtin-crm');
    const deleted = await h.run({ workflow: leadFlow(), vars: VISITOR });
    expect(path(deleted)).toContain('lead:integration_disabled');
    expect(deleted.nodes.lead).toMatchObject({ error: { code: 'integration_disabled' } });
    expect(
      path(await h.run({ workflow: leadFlow({ connectionId: 'builtin-desk' }), vars: VISITOR })),
    ).toContain('lead:integration_disabled');
    expect(await h.crm.db.models.CrmRecord.count({ where: { module: 'leads' } })).toBe(0);
  });

  it('comes back to success once the connection is switched on again', async () => {
    await h.crm.connections.setStatus('builtin-crm', 'disabled');
    await h.crm.connections.setStatus('builtin-crm', 'enabled');
    expect(path(await h.run({ workflow: leadFlow(), vars: VISITOR }))).toContain('lead:success');
  });
});

describe('crm.associate_contact', () => {
  const contactFlow = (config: Record<string, unknown> = {}) =>
    workflow(
      {
        start: ['trigger.manual', {}],
        contact: [
          'crm.associate_contact',
          {
            connectionId: 'builtin-crm',
            name: '{{ vars.name }}',
            email: '{{ vars.email }}',
            phone: '{{ vars.phone }}',
            ...config,
          },
        ],
      },
      [['start', 'next', 'contact']],
    );

  it('creates a contact and keeps the id in contact_id by default', async () => {
    const state = await h.run({ workflow: contactFlow(), vars: VISITOR });
    expect(path(state)).toEqual(['start:next', 'contact:success']);
    const contact = await h.crm.records.get('contacts', String(state.vars.contact_id));
    expect(contact?.phoneE164).toBe('+81312345678');
  });

  it('finds a contact created through the API as a duplicate by e-mail', async () => {
    const existing = await h.crm.records.create({
      module: 'contacts',
      input: { name: '山田 太郎', email: 'taro.yamada@example.co.jp' },
      actor: SYSTEM_ACTOR,
    });
    const state = await h.run({ workflow: contactFlow(), vars: VISITOR });
    expect(path(state)).toEqual(['start:next', 'contact:duplicate']);
    expect(state.vars.contact_id).toBe(existing.id);
  });

  it('fails naming the name when it rendered empty', async () => {
    const state = await h.run({ workflow: contactFlow(), vars: { email: 'a@example.com' } });
    expect(state.status).toBe('failed');
    expect(state.error?.details).toEqual({ field: 'name' });
  });

  it('takes integration_disabled when the CRM connection is switched off', async () => {
    await h.crm.connections.setStatus('builtin-crm', 'disabled');
    expect(path(await h.run({ workflow: contactFlow(), vars: VISITOR }))).toEqual([
      'start:next',
      'contact:integration_disabled',
    ]);
  });
});
