import { describe, expect, it } from 'vitest';
import {
  CONDITION_OPERATORS,
  CONDITION_OPERATOR_NAMES,
  ConditionGroupSchema,
  evaluateConditions,
  evaluateRule,
  type RenderedConditionRule,
} from '../../runtime/engine/conditions';
import { createAjv } from '../../runtime/engine/ajv';
import { NodeError } from '../../runtime/model/errors';

function rule(
  left: unknown,
  operator: RenderedConditionRule['operator'],
  right?: unknown,
  caseSensitive?: boolean,
) {
  return evaluateRule({ left, operator, right, ...(caseSensitive === undefined ? {} : { caseSensitive }) });
}

describe('operator catalogue', () => {
  it('labels every operator in Japanese and English, once each', () => {
    expect(CONDITION_OPERATORS.map((o) => o.operator)).toEqual([...CONDITION_OPERATOR_NAMES]);
    for (const info of CONDITION_OPERATORS) {
      expect(info.labels.ja.length).toBeGreaterThan(0);
      expect(info.labels.en.length).toBeGreaterThan(0);
    }
  });

  it('offers no regular-expression operator', () => {
    expect(CONDITION_OPERATOR_NAMES.some((name) => /regex|match/i.test(name))).toBe(false);
  });
});

describe('equals / not_equals', () => {
  it('compares numbers numerically, whatever their written form', () => {
    expect(rule('10', 'equals', '10.0')).toBe(true);
    expect(rule(42, 'equals', '42')).toBe(true);
    expect(rule('1,234', 'equals', 1234)).toBe(true);
    expect(rule('１２３', 'equals', '123')).toBe(true);
    expect(rule('10', 'not_equals', '11')).toBe(true);
  });

  it('keeps codes with leading zeros as text (phone numbers, postcodes)', () => {
    expect(rule('0312345678', 'equals', '312345678')).toBe(false);
    expect(rule('0123', 'equals', '0123')).toBe(true);
  });

  it('ignores case and width unless told otherwise', () => {
    expect(rule('Gold', 'equals', 'GOLD')).toBe(true);
    expect(rule('ＧＯＬＤ', 'equals', 'gold')).toBe(true);
    expect(rule('ｶﾀｶﾅ', 'equals', 'カタカナ')).toBe(true);
    expect(rule('Gold', 'equals', 'GOLD', true)).toBe(false);
    expect(rule('Gold', 'not_equals', 'GOLD', true)).toBe(true);
  });

  it('ignores surrounding spaces', () => {
    expect(rule(' yes ', 'equals', 'yes')).toBe(true);
  });

  it('compares booleans with their words', () => {
    expect(rule(true, 'equals', 'true')).toBe(true);
    expect(rule(false, 'equals', 'true')).toBe(false);
  });

  it('treats a missing value as empty text', () => {
    expect(rule(undefined, 'equals', '')).toBe(true);
    expect(rule(null, 'equals', 'x')).toBe(false);
  });
});

describe('contains / starts_with / ends_with', () => {
  it('finds text inside text, case-insensitively by default', () => {
    expect(rule('Hello World', 'contains', 'world')).toBe(true);
    expect(rule('Hello World', 'contains', 'world', true)).toBe(false);
    expect(rule('Hello World', 'not_contains', 'moon')).toBe(true);
  });

  it('normalises full-width text before looking', () => {
    expect(rule('お問い合わせ番号：ＡＢＣ１２３', 'contains', 'abc123')).toBe(true);
  });

  it('looks for an item when the value is a list', () => {
    expect(rule(['vip', 'new'], 'contains', 'VIP')).toBe(true);
    expect(rule(['vip', 'new'], 'contains', 'vi')).toBe(false);
    expect(rule([1, 2, 3], 'contains', '2')).toBe(true);
  });

  it('checks the start and the end', () => {
    expect(rule('INV-2026-001', 'starts_with', 'inv-')).toBe(true);
    expect(rule('INV-2026-001', 'ends_with', '001')).toBe(true);
    expect(rule('INV-2026-001', 'starts_with', '2026')).toBe(false);
    expect(rule('report.PDF', 'ends_with', '.pdf', true)).toBe(false);
  });
});

describe('greater / less', () => {
  it('orders numbers numerically, not as text', () => {
    expect(rule('10', 'greater_than', '9')).toBe(true);
    expect(rule(9, 'less_than', '10')).toBe(true);
    expect(rule('２０', 'greater_or_equal', 20)).toBe(true);
    expect(rule('20', 'less_or_equal', '19.99')).toBe(false);
    expect(rule('-5', 'less_than', '0')).toBe(true);
  });

  it('orders ISO dates as dates', () => {
    expect(rule('2026-11-22', 'greater_than', '2026-11-01')).toBe(true);
    expect(rule('2026-11-22T09:00:00+09:00', 'equals', '2026-11-22T00:00:00Z')).toBe(false); // text
    expect(rule('2026-11-22T09:00:00+09:00', 'greater_or_equal', '2026-11-22T00:00:00Z')).toBe(true);
    expect(rule('2026-11-22T09:00:00+09:00', 'less_or_equal', '2026-11-22T00:00:00Z')).toBe(true);
    expect(rule('2026-11-22T10:00:00+09:00', 'greater_than', '2026-11-22T00:30:00Z')).toBe(true);
    expect(rule('2026/01/05', 'less_than', '2026-01-10')).toBe(true);
  });

  it('refuses dates that do not exist', () => {
    expect(rule('2026-02-30', 'greater_than', '2026-01-01')).toBe(false);
  });

  it('is false for values that cannot be ordered, never a guess', () => {
    expect(rule('apple', 'greater_than', 'banana')).toBe(false);
    expect(rule('apple', 'less_than', 'banana')).toBe(false);
    expect(rule('', 'greater_than', '5')).toBe(false);
    expect(rule(undefined, 'less_than', '5')).toBe(false);
    expect(rule('5', 'greater_than', '2026-01-01')).toBe(false);
  });
});

describe('is_empty / is_not_empty', () => {
  it('counts nothing, blank text, empty lists and objects as empty', () => {
    for (const value of [undefined, null, '', '   ', '\u3000', [], {}])
      expect(rule(value, 'is_empty')).toBe(true);
  });

  it('counts zero, false and text as not empty', () => {
    for (const value of [0, false, 'a', [''], { a: 1 }]) expect(rule(value, 'is_not_empty')).toBe(true);
  });
});

describe('is_true / is_false', () => {
  it('accepts booleans and yes/no words', () => {
    for (const value of [true, 'true', 'TRUE', 'yes', 'on', '1', 1, 'はい', 'ｙｅｓ'])
      expect(rule(value, 'is_true')).toBe(true);
    for (const value of [false, 'false', 'no', 'off', '0', 0, 'いいえ'])
      expect(rule(value, 'is_false')).toBe(true);
  });

  it('is neither true nor false for a missing or other value', () => {
    for (const value of [undefined, null, '', 'maybe', 2]) {
      expect(rule(value, 'is_true')).toBe(false);
      expect(rule(value, 'is_false')).toBe(false);
    }
  });
});

describe('in_list', () => {
  it('splits text on commas, full-width and ideographic ones too', () => {
    expect(rule('Osaka', 'in_list', 'tokyo, osaka ,nagoya')).toBe(true);
    expect(rule('大阪', 'in_list', '東京、大阪、名古屋')).toBe(true);
    expect(rule('大阪', 'in_list', '東京，大阪')).toBe(true);
    expect(rule('Kyoto', 'in_list', 'tokyo, osaka')).toBe(false);
  });

  it('takes a list as the right side, comparing numbers numerically', () => {
    expect(rule('2', 'in_list', [1, 2, 3])).toBe(true);
    expect(rule(4, 'in_list', ['1', '2'])).toBe(false);
  });

  it('respects caseSensitive', () => {
    expect(rule('Osaka', 'in_list', 'osaka', true)).toBe(false);
  });

  it('matches when any item of a list value is in the list', () => {
    expect(rule(['a', 'b'], 'in_list', 'b, c')).toBe(true);
    expect(rule([], 'in_list', 'b, c')).toBe(false);
  });

  it('never matches an empty list', () => {
    expect(rule('', 'in_list', '')).toBe(false);
  });
});

describe('groups', () => {
  const yes = { left: 'a', operator: 'equals', right: 'a' } as const;
  const no = { left: 'a', operator: 'equals', right: 'b' } as const;

  it('all: every rule must hold; any: one is enough', () => {
    expect(evaluateConditions({ combinator: 'all', rules: [yes, yes] })).toBe(true);
    expect(evaluateConditions({ combinator: 'all', rules: [yes, no] })).toBe(false);
    expect(evaluateConditions({ combinator: 'any', rules: [no, yes] })).toBe(true);
    expect(evaluateConditions({ combinator: 'any', rules: [no, no] })).toBe(false);
  });

  it('an empty all holds, an empty any does not', () => {
    expect(evaluateConditions({ combinator: 'all', rules: [] })).toBe(true);
    expect(evaluateConditions({ combinator: 'any', rules: [] })).toBe(false);
  });

  it('evaluates a nested group as one rule', () => {
    const group = { combinator: 'all', rules: [yes, { combinator: 'any', rules: [no, yes] }] } as const;
    expect(evaluateConditions(group)).toBe(true);
    const failing = { combinator: 'all', rules: [yes, { combinator: 'any', rules: [no, no] }] } as const;
    expect(evaluateConditions(failing)).toBe(false);
  });

  it('uses values that kept their type after rendering', () => {
    const group = {
      combinator: 'all',
      rules: [
        { left: 30, operator: 'greater_or_equal', right: '20' },
        { left: ['vip'], operator: 'contains', right: 'vip' },
        { left: true, operator: 'is_true' },
      ],
    } as const;
    expect(evaluateConditions(group)).toBe(true);
  });

  it('refuses an operator it does not know with a non-retryable error', () => {
    const bad = JSON.parse('{"combinator":"all","rules":[{"left":"a","operator":"matches","right":".*"}]}');
    let thrown: unknown;
    try {
      evaluateConditions(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NodeError);
    expect(thrown).toMatchObject({ code: 'unknown_condition_operator', retryable: false });
  });
});

describe('schema', () => {
  const validate = createAjv().compile(ConditionGroupSchema);

  it('accepts rules and one level of nested groups', () => {
    const group = {
      combinator: 'any',
      rules: [
        { left: '{{ vars.age }}', operator: 'greater_than', right: '19' },
        { combinator: 'all', rules: [{ left: '{{ vars.email }}', operator: 'is_not_empty' }] },
      ],
    };
    expect(validate(group)).toBe(true);
  });

  it('refuses an unknown operator, an unknown key and a second level of groups', () => {
    expect(validate({ combinator: 'all', rules: [{ left: 'a', operator: 'regex', right: '.*' }] })).toBe(
      false,
    );
    expect(validate({ combinator: 'all', rules: [{ left: 'a', operator: 'equals', rigth: 'b' }] })).toBe(
      false,
    );
    const deep = {
      combinator: 'all',
      rules: [{ combinator: 'all', rules: [{ combinator: 'all', rules: [] }] }],
    };
    expect(validate(deep)).toBe(false);
    expect(validate({ combinator: 'either', rules: [] })).toBe(false);
  });
});
