import { describe, expect, it } from 'vitest';
import { allNodes, createDefaultRegistry } from '../../nodes/index';
import { isRecord } from '../../runtime/engine/registry';

/** A minimal valid config for every node of the catalogue. */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  'trigger.manual': {},
  'trigger.webhook': { path: 'orders/created' },
  'trigger.schedule': { cron: '0 9 * * 1-5' },
  'trigger.chat': {},
  'bot.forward_to_operator': { department: 'dept-sales' },
  'logic.condition': {
    conditions: { combinator: 'all', rules: [{ left: '{{ vars.a }}', operator: 'is_not_empty' }] },
  },
  'logic.switch': { value: '{{ vars.plan }}', cases: [{ name: 'gold', operator: 'equals', value: 'gold' }] },
  'logic.set': { assignments: [{ name: 'count', value: '1' }] },
  'logic.delay': { mode: 'duration', amount: 5 },
  'logic.stop': {},
  'logic.http_request': { url: 'https://api.example.com/items' },
  'logic.respond': {},
  'mail.send': { to: 'taro@example.com', subject: 'Hello', body: 'Hi' },
  'slack.notify': { connectionId: 'slack-1', target: 'channel', channel: 'C123', text: 'Hello' },
  'sharing.share_record': {},
  'sharing.unshare_record': {},
  'bot.message': { text: 'こんにちは' },
  'bot.ask': { prompt: 'お名前は？', variable: 'name' },
  'bot.choice': { prompt: 'Which?', options: ['A', 'B'] },
  'bot.router': { rules: [{ name: 'vip', conditions: { combinator: 'all', rules: [] } }] },
  'bot.end_chat': {},
  'trigger.record_event': { module: 'deals', event: 'stage_entered' },
  'crm.associate_lead': { connectionId: 'builtin-crm', name: '{{ vars.name }}' },
  'crm.associate_contact': { connectionId: 'builtin-crm', name: '{{ vars.name }}' },
  'crm.associate_deal': { connectionId: 'builtin-crm', dealName: '商談', pipelineId: 'p1', stageId: 's1' },
  'desk.associate_inquiry': { connectionId: 'builtin-desk', subject: 'お問い合わせ' },
  'lists.add_to_list': {
    connectionId: 'builtin-lists',
    listId: 'l1',
    nameVariable: 'name',
    emailVariable: 'email',
  },
  'trigger.call_ended': {},
  'telephony.log_call': {},
  'tasks.create_todo': { subject: '見積書を送る' },
  'kintone.find_records': { connectionId: 'kintone-1', appId: '1' },
  'kintone.upsert_by_phone': {
    connectionId: 'kintone-1',
    appId: '1',
    phoneField: '電話番号',
    phone: '{{ trigger.from }}',
  },
  'kintone.write_call_history': { connectionId: 'kintone-1', appId: '2', phoneField: '電話番号' },
};

const registry = createDefaultRegistry();

function isLocalized(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.ja === 'string' &&
    value.ja.trim() !== '' &&
    typeof value.en === 'string' &&
    value.en.trim() !== ''
  );
}

/** Every property of every object in a schema (nested objects, array items, unions), with its path. */
function properties(schema: unknown, path = ''): Array<{ path: string; schema: Record<string, unknown> }> {
  if (!isRecord(schema)) return [];
  const found: Array<{ path: string; schema: Record<string, unknown> }> = [];
  if (isRecord(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) {
      if (isRecord(child)) found.push({ path: `${path}/${key}`, schema: child });
      found.push(...properties(child, `${path}/${key}`));
    }
  }
  if (schema.items !== undefined) found.push(...properties(schema.items, `${path}/*`));
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const item of list) found.push(...properties(item, path));
  }
  return found;
}

describe('node catalogue', () => {
  it('registers every node (each config schema compiles in strict Ajv) with unique types', () => {
    expect(registry.list().length).toBe(allNodes.length);
    expect(new Set(allNodes.map((node) => node.type)).size).toBe(allNodes.length);
  });

  it('has an example config for every node in this test', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(allNodes.map((node) => node.type).sort());
  });

  it('serves descriptors as plain JSON', () => {
    const descriptors = JSON.parse(JSON.stringify(registry.descriptors()));
    expect(descriptors).toHaveLength(allNodes.length);
  });
});

describe.each(allNodes.map((node) => [node.type, node] as const))('%s', (type, node) => {
  const example = EXAMPLES[type] ?? {};

  it('has a label and a description in Japanese and English', () => {
    expect(isLocalized(node.labels)).toBe(true);
    expect(isLocalized(node.description)).toBe(true);
  });

  it('labels every config field in both languages', () => {
    const fields = properties(node.config);
    const unlabelled = fields
      .filter((field) => !isLocalized(field.schema['x-label']))
      .map((field) => field.path);
    expect(unlabelled).toEqual([]);
  });

  it('closes its config to unknown keys', () => {
    expect(isRecord(node.config) && node.config.additionalProperties).toBe(false);
  });

  it('has at least one branch, each fixed branch labelled in both languages', () => {
    expect(registry.branchesOf(type, example).length).toBeGreaterThan(0);
    expect(node.branches.length).toBeGreaterThan(0);
    for (const branch of node.branches) {
      expect(isLocalized(node.branchLabels?.[branch]), `label of branch ${branch}`).toBe(true);
    }
  });

  it('uses next for infallible nodes and success/failure for actions with side effects', () => {
    if (node.trigger) expect(node.branches).toEqual(['next']);
    // Actions whose outcome has names of its own (logged, created / updated …) use them instead of success.
    if (node.sideEffects) expect(node.branches).toContain('failure');
  });

  it('accepts its minimal example config', () => {
    expect(registry.checkConfig(type, example)).toEqual([]);
  });

  it('refuses a misspelt key and names it', () => {
    const issues = registry.checkConfig(type, { ...example, lable: 'x' });
    expect(issues.map((issue) => issue.path)).toContain('/lable');
  });
});
