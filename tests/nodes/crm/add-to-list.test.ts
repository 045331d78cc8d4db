import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCrmHarness, path, registry, workflow, type CrmHarness, type Seeded } from './harness';

let h: CrmHarness;
let seed: Seeded;
beforeEach(async () => {
  h = await openCrmHarness();
  seed = await h.seed();
});
afterEach(async () => {
  await h.dispose();
});

function listFlow(config: Record<string, unknown> = {}) {
  return workflow(
    {
      start: ['trigger.manual', {}],
      add: [
        'lists.add_to_list',
        {
          connectionId: 'builtin-lists',
          listId: seed.listId,
          nameVariable: 'name',
          emailVariable: 'email',
          phone: '{{ vars.phone }}',
          ...config,
        },
      ],
      bad: ['logic.set', { assignments: [{ name: 'failed', value: 'yes' }] }],
    },
    [
      ['start', 'next', 'add'],
      ['add', 'failure', 'bad'],
    ],
  );
}

describe('lists.add_to_list', () => {
  it('adds the visitor with name, e-mail and phone from variables', async () => {
    const state = await h.run({
      workflow: listFlow(),
      vars: { name: '高橋 美咲', email: 'misaki@example.jp', phone: '090-1111-2222' },
    });
    expect(path(state)).toEqual(['start:next', 'add:success']);
    expect(state.nodes.add).toMatchObject({ state: 'subscribed' });
    const { items } = await h.crm.lists.members({ listId: seed.listId, limit: 10, offset: 0 });
    expect(items).toMatchObject([
      { name: '高橋 美咲', email: 'misaki@example.jp', phoneE164: '+819011112222', status: 'subscribed' },
    ]);
  });

  it('updates the member with the same e-mail (any case) instead of adding it twice', async () => {
    await h.run({ workflow: listFlow(), vars: { name: '高橋 美咲', email: 'misaki@example.jp', phone: '' } });
    const again = await h.run({
      workflow: listFlow(),
      vars: { name: '高橋 みさき', email: 'Misaki@Example.jp', phone: '' },
    });
    expect(path(again)).toEqual(['start:next', 'add:success']);
    expect(again.nodes.add).toMatchObject({ state: 'updated' });
    const { items, total } = await h.crm.lists.members({ listId: seed.listId, limit: 10, offset: 0 });
    expect(total).toBe(1);
    expect(items[0]?.name).toBe('高橋 みさき');
  });

  it('fails naming the variable when it holds nothing', async () => {
    const state = await h.run({ workflow: listFlow(), vars: { email: 'misaki@example.jp' } });
    expect(path(state)).toEqual(['start:next', 'add:failure', 'bad:next']);
    expect(state.steps[1]?.error).toMatchObject({
      code: 'invalid_input',
      details: { field: 'nameVariable' },
    });
  });

  it('fails naming the e-mail variable when its value is not an address', async () => {
    const state = await h.run({ workflow: listFlow(), vars: { name: '高橋', email: '090-1111-2222' } });
    expect(state.steps[1]?.error?.details).toEqual({ field: 'emailVariable' });
  });

  it('fails naming the list when it does not exist', async () => {
    const state = await h.run({
      workflow: listFlow({ listId: 'gone' }),
      vars: { name: '高橋', email: 'm@example.jp' },
    });
    expect(state.steps[1]?.error?.details).toEqual({ field: 'listId' });
  });

  it('refuses a literal or a template where a variable is expected (name and e-mail must be variables)', () => {
    const base = {
      connectionId: 'builtin-lists',
      listId: seed.listId,
      nameVariable: 'name',
      emailVariable: 'email',
    };
    expect(registry.checkConfig('lists.add_to_list', base)).toEqual([]);
    const literal = registry.checkConfig('lists.add_to_list', { ...base, emailVariable: 'taro@example.com' });
    expect(literal.map((issue) => issue.path)).toEqual(['/emailVariable']);
    const template = registry.checkConfig('lists.add_to_list', { ...base, nameVariable: '{{ vars.name }}' });
    expect(template.map((issue) => issue.path)).toEqual(['/nameVariable']);
  });

  it('takes integration_disabled when the mailing-list connection is switched off', async () => {
    await h.crm.connections.setStatus('builtin-lists', 'disabled');
    const state = await h.run({ workflow: listFlow(), vars: { name: '高橋', email: 'm@example.jp' } });
    expect(path(state)).toEqual(['start:next', 'add:integration_disabled']);
  });
});
