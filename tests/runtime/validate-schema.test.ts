import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { testRegistry, workflow } from './validate-test-registry';

const registry = testRegistry();

describe('validateWorkflow: the document schema', () => {
  it('refuses something that is not an object, and stops there', () => {
    for (const doc of [null, 42, 'workflow', [1, 2]]) {
      const problems = validateWorkflow(doc, registry);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ severity: 'error', code: 'not_a_workflow', path: '' });
      expect(problems[0]?.message.en).toContain('JSON object');
    }
  });

  it('names every missing top-level field and does not run graph checks without a node list', () => {
    const problems = validateWorkflow({ name: 'x' }, registry);
    const missing = problems.filter((p) => p.code === 'schema_missing').map((p) => p.path);
    expect(missing).toEqual(
      expect.arrayContaining(['/schemaVersion', '/id', '/settings', '/nodes', '/edges', '/notes']),
    );
    expect(problems.find((p) => p.path === '/nodes')?.message).toEqual({
      ja: '必須の項目「nodes」がありません。追加してください。',
      en: 'The required field "nodes" is missing. Add it.',
    });
    expect(problems.some((p) => p.code === 'no_trigger')).toBe(false);
  });

  it('names an extra key of a node with the node id and label, and suggests the field meant', () => {
    const doc = workflow([{ id: 'start', type: 'test.manual', label: 'はじまり' }]);
    const nodes = doc.nodes as Array<Record<string, unknown>>;
    nodes[0]!.lable = 'typo';
    const problems = validateWorkflow(doc, registry);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'error',
      code: 'schema_unknown_key',
      path: '/nodes/0/lable',
      nodeId: 'start',
      nodeLabel: 'はじまり',
    });
    expect(problems[0]?.message.en).toBe('Unknown field "lable" — did you mean "label"? Correct the name.');
    expect(problems[0]?.message.ja).toContain('「label」の書き間違いではありませんか？');
  });

  it('says which type a field must have and which it has', () => {
    const doc = workflow([{ id: 'start', type: 'test.manual' }]);
    (doc.nodes as Array<Record<string, unknown>>)[0]!.position = { x: '10', y: 0 };
    const [first] = validateWorkflow(doc, registry);
    expect(first).toMatchObject({ code: 'schema_wrong_type', path: '/nodes/0/position/x', nodeId: 'start' });
    expect(first?.message.en).toBe('The field "position.x" must be a number (it is text).');
    expect(first?.message.ja).toBe('項目「position.x」は数値でなければなりません (今は文字列です)。');
  });

  it('explains the id rule in words and names the edge', () => {
    const doc = workflow(
      [
        { id: 'start', type: 'test.manual' },
        { id: 'say', type: 'test.message', config: { text: 'hi' } },
      ],
      [{ id: 'edge 1', source: 'start', sourceHandle: 'next', target: 'say' }],
    );
    const problems = validateWorkflow(doc, registry);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'schema_invalid_value',
      path: '/edges/0/id',
      edgeId: 'edge 1',
    });
    expect(problems[0]?.message.en).toContain('Use only letters, digits and _ . : -');
  });

  it('says which schema version it expects', () => {
    const doc = { ...workflow([{ id: 'start', type: 'test.manual' }]), schemaVersion: 2 };
    const [first] = validateWorkflow(doc, registry);
    expect(first).toMatchObject({ code: 'schema_invalid_value', path: '/schemaVersion' });
    expect(first?.message.en).toBe('The field "schemaVersion" must be 1.');
  });

  it('still checks the graph of a document whose schema is broken elsewhere', () => {
    const doc = { ...workflow([{ id: 'start', type: 'test.manul' }]), name: '' };
    const codes = validateWorkflow(doc, registry).map((p) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining(['schema_invalid_value', 'unknown_node_type', 'no_trigger']),
    );
  });
});
