import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { testRegistry, workflow, type NodeSpec } from './validate-test-registry';

const registry = testRegistry();
const start: NodeSpec = { id: 'start', type: 'test.manual', label: '開始' };
const hook: NodeSpec = { id: 'hook', type: 'test.webhook', label: 'Webhook', config: { path: 'in' } };
const say = (id: string, label = id): NodeSpec => ({ id, type: 'test.message', label, config: { text: id } });
const check = (id: string): NodeSpec => ({ id, type: 'test.if', label: id });
const ask: NodeSpec = {
  id: 'ask',
  type: 'test.ask',
  label: '質問',
  config: { prompt: '?', variable: 'email' },
};

describe('validateWorkflow: triggers, reachability and loops', () => {
  it('requires a trigger node', () => {
    const problems = validateWorkflow(workflow([say('a')]), registry);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', code: 'no_trigger', path: '/nodes' });
    expect(problems[0]?.message.ja).toContain('トリガーのノードがありません');
  });

  it('accepts several triggers, each reaching its own nodes', () => {
    const doc = workflow(
      [start, hook, say('a'), say('b')],
      [
        ['start', 'next', 'a'],
        ['hook', 'next', 'b'],
      ],
    );
    expect(validateWorkflow(doc, registry)).toEqual([]);
  });

  it('warns about each node no trigger leads to, and only about those', () => {
    const doc = workflow(
      [start, say('a'), say('lost', '迷子'), say('after')],
      [
        ['start', 'next', 'a'],
        ['lost', 'next', 'after'],
      ],
    );
    const problems = validateWorkflow(doc, registry);
    expect(problems.map((p) => [p.severity, p.code, p.nodeId, p.path])).toEqual([
      ['warning', 'unreachable_node', 'lost', '/nodes/2'],
      ['warning', 'unreachable_node', 'after', '/nodes/3'],
    ]);
    expect(problems[0]?.message.en).toBe(
      'No trigger leads to this node, so it never runs. Connect it from an earlier node, or delete it.',
    );
  });

  it('warns about a loop with no waiting node, naming its nodes in order', () => {
    const doc = workflow(
      [start, check('c1'), say('again', 'もう一度')],
      [
        ['start', 'next', 'c1'],
        ['c1', 'true', 'again'],
        ['again', 'next', 'c1'],
      ],
    );
    const problems = validateWorkflow(doc, registry);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'warning',
      code: 'runaway_loop',
      nodeId: 'c1',
      path: '/nodes/1',
    });
    expect(problems[0]?.message.en).toContain('The loop ("c1" → "もう一度" (again)) has no waiting node');
    expect(problems[0]?.message.en).toContain('the run stops after maxSteps');
    expect(problems[0]?.message.ja).toContain('maxSteps');
  });

  it('warns about a node that leads to itself', () => {
    const doc = workflow(
      [start, check('c1')],
      [
        ['start', 'next', 'c1'],
        ['c1', 'false', 'c1'],
      ],
    );
    expect(validateWorkflow(doc, registry).map((p) => p.code)).toEqual(['runaway_loop']);
  });

  it('accepts a loop that waits (a question asked again)', () => {
    const doc = workflow(
      [start, ask, say('retry')],
      [
        ['start', 'next', 'ask'],
        ['ask', 'invalid_after_retries', 'retry'],
        ['retry', 'next', 'ask'],
      ],
    );
    expect(validateWorkflow(doc, registry)).toEqual([]);
  });

  it('reports each separate loop once', () => {
    const doc = workflow(
      [start, check('a'), check('b'), check('c')],
      [
        ['start', 'next', 'a'],
        ['a', 'true', 'a'],
        ['a', 'false', 'b'],
        ['b', 'true', 'c'],
        ['c', 'true', 'b'],
      ],
    );
    const loops = validateWorkflow(doc, registry).filter((p) => p.code === 'runaway_loop');
    expect(loops.map((p) => p.nodeId)).toEqual(['a', 'b']);
  });

  it('handles a long chain without running out of stack', () => {
    const count = 20_000;
    const nodes = [start, ...Array.from({ length: count }, (_, i) => check(`n${i}`))];
    const edges: Array<[string, string, string]> = [['start', 'next', 'n0']];
    for (let i = 1; i < count; i++) edges.push([`n${i - 1}`, 'true', `n${i}`]);
    edges.push([`n${count - 1}`, 'true', 'n0']);
    const problems = validateWorkflow(workflow(nodes, edges), registry);
    expect(problems.map((p) => p.code)).toEqual(['runaway_loop']);
    expect(problems[0]?.message.en).toContain('"n5" … 20000 nodes in all)');
  });
});
