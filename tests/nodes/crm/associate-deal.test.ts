import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

function dealFlow(config: Record<string, unknown> = {}) {
  return workflow(
    {
      start: ['trigger.manual', {}],
      contact: [
        'crm.associate_contact',
        { connectionId: 'builtin-crm', name: '{{ vars.name }}', email: '{{ vars.email }}' },
      ],
      deal: [
        'crm.associate_deal',
        {
          connectionId: 'builtin-crm',
          dealName: '{{ vars.name }} 様 導入相談',
          pipelineId: seed.salesPipelineId,
          stageId: seed.stages.proposal,
          closingDate: '{{ vars.closing }}',
          amount: '{{ vars.amount }}',
          contactId: '{{ vars.contact_id }}',
          ...config,
        },
      ],
      bad: ['logic.set', { assignments: [{ name: 'failed', value: 'yes' }] }],
      off: ['logic.set', { assignments: [{ name: 'off', value: 'yes' }] }],
    },
    [
      ['start', 'next', 'contact'],
      ['contact', 'success', 'deal'],
      ['deal', 'failure', 'bad'],
      ['deal', 'integration_disabled', 'off'],
    ],
  );
}

const VISITOR = { name: '鈴木 花子', email: 'hanako@example.jp', closing: '2026/12/25', amount: '1,200,000' };

describe('crm.associate_deal', () => {
  it('creates the deal in the chosen stage with closing date, amount and the contact, and keeps its id', async () => {
    const state = await h.run({ workflow: dealFlow(), vars: VISITOR });
    expect(path(state)).toEqual(['start:next', 'contact:success', 'deal:success']);
    const deal = await h.crm.records.get('deals', String(state.vars.deal_id));
    expect(deal).toMatchObject({
      name: '鈴木 花子 様 導入相談',
      pipelineId: seed.salesPipelineId,
      stageId: seed.stages.proposal,
      closingDate: '2026-12-25',
      amount: 1_200_000,
      contactId: state.vars.contact_id,
    });
    const history = await h.crm.db.models.CrmStageHistory.findAll({ where: { recordId: deal?.id ?? '' } });
    expect(history.map((row) => [row.fromStageId, row.toStageId, row.source])).toEqual([
      [null, seed.stages.proposal, 'workflow'],
    ]);
  });

  it('fails naming the amount when it is not a number', async () => {
    const state = await h.run({ workflow: dealFlow(), vars: { ...VISITOR, amount: '百万円' } });
    expect(path(state)).toEqual(['start:next', 'contact:success', 'deal:failure', 'bad:next']);
    expect(state.steps[2]?.error).toMatchObject({ code: 'invalid_input', details: { field: 'amount' } });
    expect(state.steps[2]?.error?.message).toContain('amount');
    expect(await h.crm.db.models.CrmRecord.count({ where: { module: 'deals' } })).toBe(0);
  });

  it('fails naming the closing date when it is not a date', async () => {
    const state = await h.run({ workflow: dealFlow(), vars: { ...VISITOR, closing: '2026-02-30' } });
    expect(state.steps[2]?.error?.details).toEqual({ field: 'closingDate' });
  });

  it('fails naming the stage when it is not in the pipeline', async () => {
    const state = await h.run({ workflow: dealFlow({ stageId: 'not-a-stage' }), vars: VISITOR });
    expect(state.steps[2]?.error).toMatchObject({ code: 'invalid_input', details: { field: 'stageId' } });
  });

  it('fails naming the contact id when no such contact exists', async () => {
    const state = await h.run({ workflow: dealFlow({ contactId: 'nobody' }), vars: VISITOR });
    expect(state.steps[2]?.error?.details).toEqual({ field: 'contactId' });
  });

  it('takes integration_disabled when the CRM connection is switched off after the contact was made', async () => {
    const flow = dealFlow({ connectionId: 'crm-2' });
    await h.crm.connections.create({ id: 'crm-2', type: 'builtin_crm', name: 'second' }, null);
    await h.crm.connections.setStatus('crm-2', 'disabled');
    const state = await h.run({ workflow: flow, vars: VISITOR });
    expect(path(state)).toEqual(['start:next', 'contact:success', 'deal:integration_disabled', 'off:next']);
  });
});
