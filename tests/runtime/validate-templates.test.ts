import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { testRegistry, workflow, type NodeSpec } from './validate-test-registry';

const registry = testRegistry();
const start: NodeSpec = { id: 'start', type: 'test.manual', label: '開始' };
const ask: NodeSpec = {
  id: 'ask_email',
  type: 'test.ask',
  label: 'メール',
  config: { prompt: 'メールは？', variable: 'email' },
};
const set: NodeSpec = {
  id: 'set',
  type: 'test.set',
  label: '設定',
  config: { assignments: [{ name: 'plan', value: 'pro' }] },
};

/** Problems of start → ask → set → message(text), so `email` and `plan` are known variables. */
function problemsFor(text: string) {
  const say: NodeSpec = { id: 'say', type: 'test.message', label: 'お礼', config: { text } };
  const doc = workflow(
    [start, ask, set, say],
    [
      ['start', 'next', 'ask_email'],
      ['ask_email', 'answered', 'set'],
      ['set', 'next', 'say'],
    ],
  );
  return validateWorkflow(doc, registry);
}

describe('validateWorkflow: templates', () => {
  it('accepts templates that read the trigger, known variables, node outputs and loop locals', () => {
    const text =
      '{{ vars.email }} {{ vars.plan | upcase }} {{ trigger.body.name | default: "お客様" }} {{ nodes.ask_email.answer }}' +
      '{% for item in trigger.items %}{{ item.name }}{{ forloop.index }}{% endfor %}{% assign n = vars.plan %}{{ n }}';
    expect(problemsFor(text)).toEqual([]);
  });

  it('reports a syntax error with the path, line and column', () => {
    const [problem] = problemsFor('こんにちは\n{{ vars.email ');
    expect(problem).toMatchObject({
      severity: 'error',
      code: 'template_syntax',
      path: '/nodes/3/config/text',
      nodeId: 'say',
    });
    expect(problem?.message.ja).toMatch(
      /^テンプレートの書き方に誤りがあります \(2 行 1 文字目\): 閉じられていない部分があります/,
    );
    expect(problem?.message.en).toMatch(
      /^The template has a syntax error at line 2, column 1: something is not closed/,
    );
  });

  it('reports an unknown filter, as the engine would refuse it at run time', () => {
    const [problem] = problemsFor('{{ vars.email | upcaes }}');
    expect(problem?.code).toBe('template_syntax');
    expect(problem?.message.en).toContain('there is no filter "upcaes". Did you mean "upcase"?');
  });

  it('warns about a variable no node sets, and guesses the one meant', () => {
    const problems = problemsFor('{{ vars.emial }} {{ vars.emial }}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'warning',
      code: 'template_unknown_variable',
      path: '/nodes/3/config/text',
    });
    expect(problems[0]?.message.ja).toBe(
      '変数「emial」を設定するノードがないため、「{{ vars.emial }}」は空になります。「vars.email」のことですか？',
    );
    expect(problems[0]?.message.en).toBe(
      'No node sets the variable "emial", so "{{ vars.emial }}" will be empty. Did you mean "vars.email"?',
    );
  });

  it('warns about a root that is neither trigger, vars nor nodes', () => {
    const [problem] = problemsFor('{{ var.email }}');
    expect(problem?.code).toBe('template_unknown_root');
    expect(problem?.message.en).toBe(
      'The template reads "var.email", which does not exist: names start with trigger, vars or nodes (did you mean "vars"?).',
    );
  });

  it('warns about an unknown node id, guessing the node meant by its id', () => {
    const [problem] = problemsFor('{{ nodes.ask_emial.answer }}');
    expect(problem?.code).toBe('template_unknown_node');
    expect(problem?.message.en).toContain('Did you mean "メール" (ask_email)?');
  });

  it('finds templates nested in lists and objects, with their JSON pointer', () => {
    const call: NodeSpec = {
      id: 'call',
      type: 'test.http_request',
      config: { url: 'https://x/{{ vars.email }}', headers: [{ name: 'X-Id', value: '{% if %}' }] },
    };
    const doc = workflow(
      [start, ask, call],
      [
        ['start', 'next', 'ask_email'],
        ['ask_email', 'answered', 'call'],
      ],
    );
    const problems = validateWorkflow(doc, registry);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['template_syntax', '/nodes/2/config/headers/0/value'],
    ]);
  });

  it('leaves plain text alone, even with a lone brace', () => {
    expect(problemsFor('価格は {100} 円です { vars.x }')).toEqual([]);
  });
});
