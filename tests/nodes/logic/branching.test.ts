import { describe, expect, it } from 'vitest';
import { conditionNode } from '../../../nodes/logic/condition';
import { switchNode } from '../../../nodes/logic/switch';
import { setNode } from '../../../nodes/logic/set';
import { createDefaultRegistry } from '../../../nodes/index';
import { makeContext, rejection, run } from '../context';

const registry = createDefaultRegistry();

describe('logic.condition', () => {
  const conditions = (rules: unknown[], combinator = 'all') => ({ conditions: { combinator, rules } });

  it('goes true when the rules hold, with the result as output', async () => {
    const config = conditions([
      { left: 25, operator: 'greater_or_equal', right: '20' },
      { left: 'taro@example.com', operator: 'ends_with', right: '@EXAMPLE.COM' },
    ]);
    expect(await run(conditionNode, { config })).toEqual({ branch: 'true', output: { result: true } });
  });

  it('goes false when they do not', async () => {
    const config = conditions([{ left: '', operator: 'is_not_empty' }]);
    expect(await run(conditionNode, { config })).toEqual({ branch: 'false', output: { result: false } });
  });

  it('combines with any and nested groups', async () => {
    const config = conditions(
      [
        { left: 'a', operator: 'equals', right: 'b' },
        { combinator: 'all', rules: [{ left: '東京', operator: 'in_list', right: '大阪、東京' }] },
      ],
      'any',
    );
    expect((await run(conditionNode, { config })).branch).toBe('true');
  });
});

describe('logic.switch', () => {
  const cases = [
    { name: 'gold', operator: 'equals', value: 'Gold' },
    { name: 'big', operator: 'greater_than', value: '100' },
    { name: 'gold again', operator: 'contains', value: 'old' },
  ];

  it('follows the first case that matches', async () => {
    expect(await run(switchNode, { config: { value: 'GOLD', cases } })).toEqual({
      branch: 'gold',
      output: { matchedCase: 'gold', value: 'GOLD' },
    });
    expect((await run(switchNode, { config: { value: 150, cases } })).branch).toBe('big');
    expect((await run(switchNode, { config: { value: 'bold', cases } })).branch).toBe('gold again');
  });

  it('follows default when no case matches', async () => {
    expect(await run(switchNode, { config: { value: 'silver', cases } })).toEqual({
      branch: 'default',
      output: { matchedCase: null, value: 'silver' },
    });
  });

  it('honours caseSensitive', async () => {
    const result = await run(switchNode, {
      config: { value: 'GOLD', cases: cases.slice(0, 1), caseSensitive: true },
    });
    expect(result.branch).toBe('default');
  });

  it('has one branch per case, then default', () => {
    expect(registry.branchesOf('logic.switch', { value: '', cases })).toEqual([
      'gold',
      'big',
      'gold again',
      'default',
    ]);
  });

  it('refuses two cases with the same name, naming it', async () => {
    const twice = [cases[0], { name: 'gold', operator: 'equals', value: 'x' }];
    const error = await rejection(run(switchNode, { config: { value: 'x', cases: twice } }));
    expect(error).toMatchObject({ code: 'invalid_config', retryable: false });
    expect(error.localized?.ja).toContain('gold');
    const clash = await rejection(
      run(switchNode, { config: { value: 'x', cases: [{ name: 'default', operator: 'is_empty' }] } }),
    );
    expect(clash.message).toContain('default');
  });

  it('does not accept templates in case names (they are branch names)', () => {
    const issues = registry.checkConfig('logic.switch', {
      value: 'x',
      cases: [{ name: '{{ vars.x }}', operator: 'equals', value: 'x' }],
    });
    expect(issues.map((issue) => issue.path)).toContain('/cases/0/name');
  });
});

describe('logic.set', () => {
  it('sets every assignment as a variable and outputs the values', async () => {
    const config = {
      assignments: [
        { name: 'count', value: 3 },
        { name: 'plan', value: 'gold' },
        { name: 'tags', value: ['a', 'b'] },
      ],
    };
    const result = await run(setNode, { config });
    expect(result.branch).toBe('next');
    expect(result.setVars).toEqual({ count: 3, plan: 'gold', tags: ['a', 'b'] });
    expect(result.output).toEqual(result.setVars);
  });

  it('answers synchronously (the engine skips its timeout timer for it)', () => {
    const result = setNode.run(makeContext({ config: { assignments: [{ name: 'a', value: 1 }] } }));
    expect(result).not.toBeInstanceOf(Promise);
  });

  it('names the variables it sets for validation', () => {
    expect(
      registry.variablesSetBy('logic.set', {
        assignments: [
          { name: 'a', value: 1 },
          { name: 'b', value: 2 },
        ],
      }),
    ).toEqual(['a', 'b']);
  });

  it('refuses variable names templates cannot read, and __proto__', () => {
    for (const name of ['1st', 'my-var', 'a.b', '__proto__', '']) {
      const issues = registry.checkConfig('logic.set', { assignments: [{ name, value: 1 }] });
      expect(
        issues.map((issue) => issue.path),
        name,
      ).toContain('/assignments/0/name');
    }
  });
});
