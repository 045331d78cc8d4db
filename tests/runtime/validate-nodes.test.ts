import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { testRegistry, workflow, type NodeSpec } from './validate-test-registry';

const registry = testRegistry();
const start: NodeSpec = { id: 'start', type: 'test.manual', label: '開始' };

/** Problems of a document made of the trigger and one more node, connected. */
function problemsWith(node: NodeSpec) {
  return validateWorkflow(workflow([start, node], [['start', 'next', node.id]]), registry);
}

describe('validateWorkflow: nodes', () => {
  it('accepts a valid document without a single problem', () => {
    expect(
      problemsWith({ id: 'call', type: 'test.http_request', config: { url: 'https://example.com' } }),
    ).toEqual([]);
  });

  it('reports duplicate node ids, naming the node that had the id first', () => {
    const doc = workflow([
      start,
      { id: 'start', type: 'test.message', label: 'あいさつ', config: { text: 'hi' } },
    ]);
    const duplicate = validateWorkflow(doc, registry).find((p) => p.code === 'duplicate_node_id');
    expect(duplicate).toMatchObject({ severity: 'error', path: '/nodes/1/id', nodeLabel: 'あいさつ' });
    expect(duplicate?.message.ja).toBe(
      'ID「start」はノード「開始」と重複しています。ノードごとに別の ID を付けてください。',
    );
  });

  it('names an unknown node type and suggests the closest known one', () => {
    const [problem] = problemsWith({
      id: 'say',
      type: 'test.mesage',
      label: 'あいさつ',
      config: { text: 'hi' },
    });
    expect(problem).toMatchObject({
      severity: 'error',
      code: 'unknown_node_type',
      path: '/nodes/1/type',
      nodeId: 'say',
      nodeLabel: 'あいさつ',
    });
    expect(problem?.message.en).toBe(
      'There is no node type "test.mesage". Did you mean "test.message"? Correct the type.',
    );
    expect(problem?.message.ja).toBe(
      '種類「test.mesage」のノードはありません。「test.message」のことですか？種類を直してください。',
    );
  });

  it('does not guess when no known type is close', () => {
    const [problem] = problemsWith({ id: 'x', type: 'zoho.campaigns' });
    expect(problem?.code).toBe('unknown_node_type');
    expect(problem?.message.en).not.toContain('Did you mean');
    expect(problem?.message.en).toContain('Replace it with a type from the palette');
  });

  it('names a misspelt config key and the key it should be, beside the missing required one', () => {
    const problems = problemsWith({
      id: 'call',
      type: 'test.http_request',
      label: 'API',
      config: { urll: 'https://x' },
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['config_missing', '/nodes/1/config/url'],
      ['config_unknown_key', '/nodes/1/config/urll'],
    ]);
    const unknown = problems[1];
    expect(unknown).toMatchObject({ nodeId: 'call', nodeLabel: 'API' });
    expect(unknown?.message.en).toBe('Unknown setting "urll" — did you mean "url"? Correct the name.');
    expect(unknown?.message.ja).toBe(
      '不明な設定「urll」があります。「url」の書き間違いではありませんか？名前を直してください。',
    );
    expect(problems[0]?.message.ja).toBe('必須の設定「url」がありません。値を入力してください。');
  });

  it('lists the known settings when an unknown key is not a typo of one', () => {
    const [problem] = problemsWith({
      id: 'call',
      type: 'test.http_request',
      config: { url: 'https://x', proxy: 'p' },
    });
    expect(problem?.message.en).toBe(
      'Unknown setting "proxy": it is not used here, remove it. Known settings: "url", "method", "timeoutMs", "headers".',
    );
  });

  it('explains wrong types, ranges, empty text and nested paths in the config', () => {
    const problems = problemsWith({
      id: 'call',
      type: 'test.http_request',
      config: { url: '', timeoutMs: 0, headers: [{ name: 'X', value: 1 }] },
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message.en]));
    expect(byPath).toEqual({
      '/nodes/1/config/url': 'The setting "url" is empty. Fill it in.',
      '/nodes/1/config/timeoutMs': 'The setting "timeoutMs" must be at least 1.',
      '/nodes/1/config/headers/0/value':
        'The setting "headers[0].value" must be text (it is a whole number).',
    });
  });

  it('says a union of literals once, with the choices and a guess', () => {
    const problems = problemsWith({
      id: 'call',
      type: 'test.http_request',
      config: { url: 'https://x', method: 'PSOT' },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('/nodes/1/config/method');
    expect(problems[0]?.message.en).toBe(
      'The setting "method" must be one of "GET", "POST". Did you mean "POST"?',
    );
    expect(problems[0]?.message.ja).toBe(
      '設定「method」は次のどれかにしてください: 「GET」「POST」。「POST」のことですか？',
    );
  });

  it('reports a field required only in some mode once, without the "must match then" noise', () => {
    const problems = problemsWith({ id: 'wait', type: 'test.delay', config: { mode: 'until' } });
    expect(problems.map((p) => [p.code, p.path])).toEqual([['config_missing', '/nodes/1/config/until']]);
  });

  it('refuses a node made by a newer version of its type', () => {
    const [problem] = problemsWith({
      id: 'say',
      type: 'test.message',
      typeVersion: 3,
      config: { text: 'hi' },
    });
    expect(problem).toMatchObject({ code: 'newer_type_version', path: '/nodes/1/typeVersion' });
    expect(problem?.message.en).toContain('Update Musubi');
  });
});

describe('validateWorkflow: field labels and help from the node schema', () => {
  it('names a field by its form label and explains a pattern with its help text, not a regex', () => {
    const [problem] = problemsWith({
      id: 'ask',
      type: 'test.ask',
      config: { prompt: '?', variable: 'my email' },
    });
    expect(problem).toMatchObject({ code: 'config_invalid_value', path: '/nodes/1/config/variable' });
    expect(problem?.message.ja).toBe(
      '設定「回答を入れる変数」(variable)の書き方が正しくありません。半角英数字と _ だけ。',
    );
    expect(problem?.message.en).toBe(
      'The setting "Save the answer to" (variable) is not written as expected. Letters, digits and _ only.',
    );
  });

  it('names a missing field by its label too', () => {
    const [problem] = problemsWith({ id: 'ask', type: 'test.ask', config: { prompt: '?' } });
    expect(problem?.message.ja).toBe(
      '必須の設定「回答を入れる変数」(variable)がありません。値を入力してください。',
    );
  });
});
