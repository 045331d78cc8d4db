import { describe, expect, it } from 'vitest';
import { summarizeProblems, validateWorkflow, type Problem } from '../../runtime/engine/validate-graph';
import { testRegistry, workflow } from './validate-test-registry';

const registry = testRegistry();

describe('validateWorkflow: all problems at once', () => {
  it('keeps going after the first problem and reports one of each kind', () => {
    const doc = workflow(
      [
        { id: 'start', type: 'test.manual', label: '開始' },
        { id: 'typo', type: 'test.mesage', label: '誤記' },
        { id: 'call', type: 'test.http_request', label: 'API', config: { urll: 'https://x' } },
        { id: 'say', type: 'test.message', label: 'お礼', config: { text: '{{ vars.nothing }}' } },
        { id: 'alone', type: 'test.message', label: '孤立', config: { text: 'x' } },
      ],
      [
        ['start', 'next', 'typo'],
        ['start', 'next', 'call'],
        ['call', 'succes', 'say'],
        ['call', 'failure', 'gone'],
      ],
    );
    const codes = validateWorkflow(doc, registry).map((p) => `${p.severity}:${p.code}:${p.nodeId ?? ''}`);
    expect(codes).toEqual([
      'error:unknown_node_type:typo',
      'error:config_missing:call',
      'error:config_unknown_key:call',
      'error:unknown_branch:call',
      'error:dangling_edge:call',
      'warning:unreachable_node:alone',
      'warning:template_unknown_variable:say',
    ]);
  });
});

describe('summarizeProblems', () => {
  const problems: Problem[] = [
    {
      severity: 'warning',
      code: 'unreachable_node',
      message: { ja: '実行されません。', en: 'It never runs.' },
      path: '/nodes/2',
      nodeId: 'alone',
      nodeLabel: '孤立',
    },
    {
      severity: 'error',
      code: 'dangling_edge',
      message: { ja: '接続先がありません。', en: 'The target is missing.' },
      path: '/edges/0/target',
      edgeId: 'e1',
    },
    {
      severity: 'error',
      code: 'no_trigger',
      message: { ja: 'トリガーがありません。', en: 'No trigger.' },
      path: '/nodes',
    },
  ];

  it('prints one line per problem, errors first, with node label (id), path and message, then a count', () => {
    expect(summarizeProblems(problems, 'en').split('\n')).toEqual([
      'error    edge e1  /edges/0/target  The target is missing.',
      'error    /nodes  No trigger.',
      'warning  孤立 (alone)  /nodes/2  It never runs.',
      '2 errors, 1 warning',
    ]);
    expect(summarizeProblems(problems, 'ja').split('\n')).toEqual([
      'エラー  接続 e1  /edges/0/target  接続先がありません。',
      'エラー  /nodes  トリガーがありません。',
      '警告   孤立 (alone)  /nodes/2  実行されません。',
      'エラー 2 件、警告 1 件',
    ]);
  });

  it('says so when there is nothing to report', () => {
    expect(summarizeProblems([], 'ja')).toBe('問題はありません。');
    expect(summarizeProblems([], 'en')).toBe('No problems found.');
  });
});
