import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { testRegistry, workflow, type NodeSpec } from './validate-test-registry';

const registry = testRegistry();
const start: NodeSpec = { id: 'start', type: 'test.manual', label: '開始' };
const choice: NodeSpec = {
  id: 'menu',
  type: 'test.choice',
  label: 'メニュー',
  config: { prompt: 'ご用件は？', options: [{ label: '資料請求' }, { label: 'デモ予約' }] },
};
const reply: NodeSpec = { id: 'reply', type: 'test.message', label: '返信', config: { text: 'ok' } };

describe('validateWorkflow: edges', () => {
  it('follows dynamic branches: each choice option is a branch', () => {
    const doc = workflow(
      [start, choice, reply],
      [
        ['start', 'next', 'menu'],
        ['menu', '資料請求', 'reply'],
        ['menu', 'other', 'reply'],
      ],
    );
    expect(validateWorkflow(doc, registry)).toEqual([]);
  });

  it('names an edge from a branch the node lacks and lists the branches it has', () => {
    const doc = workflow(
      [start, choice, reply],
      [
        ['start', 'next', 'menu'],
        ['menu', 'その他', 'reply'],
      ],
    );
    const problems = validateWorkflow(doc, registry);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'error',
      code: 'unknown_branch',
      path: '/edges/1/sourceHandle',
      edgeId: 'e2',
      nodeId: 'menu',
      nodeLabel: 'メニュー',
    });
    expect(problems[0]?.message.ja).toContain('「メニュー」(menu)に分岐「その他」はありません。');
    expect(problems[0]?.message.ja).toContain('このノードの分岐は「資料請求」「デモ予約」「other」です。');
    expect(problems[0]?.message.en).toContain('Its branches are "資料請求", "デモ予約", "other".');
  });

  it('guesses the branch meant when it is a typo', () => {
    const call: NodeSpec = { id: 'call', type: 'test.http_request', config: { url: 'https://x' } };
    const doc = workflow(
      [start, call, reply],
      [
        ['start', 'next', 'call'],
        ['call', 'sucess', 'reply'],
      ],
    );
    const [problem] = validateWorkflow(doc, registry);
    expect(problem?.message.en).toContain('has no branch "sucess". Did you mean "success"?');
  });

  it('says no edge may leave a terminal node', () => {
    const end: NodeSpec = { id: 'bye', type: 'test.end', label: '終了' };
    const doc = workflow(
      [start, end, reply],
      [
        ['start', 'next', 'bye'],
        ['bye', 'next', 'reply'],
      ],
    );
    const [problem] = validateWorkflow(doc, registry);
    expect(problem?.code).toBe('unknown_branch');
    expect(problem?.message.en).toBe(
      '"終了" (bye) ends the flow, so no edge can leave it (it has no branch "next"). Delete this edge.',
    );
  });

  it('reports dangling edges at either end, naming the node that is still there', () => {
    const doc = workflow(
      [start, reply],
      [
        ['start', 'next', 'reply'],
        ['start', 'next', 'gone'],
        ['ghost', 'next', 'reply'],
      ],
    );
    const problems = validateWorkflow(doc, registry).filter((p) => p.code === 'dangling_edge');
    expect(problems.map((p) => [p.path, p.edgeId, p.nodeId])).toEqual([
      ['/edges/1/target', 'e2', 'start'],
      ['/edges/2/source', 'e3', 'reply'],
    ]);
    expect(problems[0]?.message.ja).toBe(
      '接続先のノード「gone」がありません (「開始」(start)の「next」からの接続)。削除されたノードへの接続です。この接続を削除するか、今あるノードにつなぎ直してください。',
    );
    expect(problems[1]?.message.en).toBe(
      'This edge starts at node "ghost", which does not exist (it leads to "返信" (reply)). Delete the edge, or connect it from an existing node.',
    );
  });

  it('reports a duplicate edge id', () => {
    const doc = workflow(
      [start, reply],
      [
        { id: 'same', source: 'start', sourceHandle: 'next', target: 'reply' },
        { id: 'same', source: 'start', sourceHandle: 'next', target: 'reply' },
      ],
    );
    const problems = validateWorkflow(doc, registry);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'duplicate_edge_id', path: '/edges/1/id', edgeId: 'same' });
  });
});
