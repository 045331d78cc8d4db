import { Type, type Static } from 'typebox';
import { NodeError } from '../model/errors';
import type { Localized } from '../model/localized';

/**
 * Structured conditions: rules a person builds in a form, never code. `left` / `right` are
 * templates in the document; the engine renders them first, and a field that is exactly one
 * `{{ expr }}` keeps the value's type, so evaluation accepts any value.
 */

export const CONDITION_OPERATOR_NAMES = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'greater_than',
  'greater_or_equal',
  'less_than',
  'less_or_equal',
  'is_empty',
  'is_not_empty',
  'is_true',
  'is_false',
  'in_list',
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATOR_NAMES)[number];

export interface ConditionOperatorInfo {
  operator: ConditionOperator;
  labels: Localized;
  /** False for operators that look at `left` only (is_empty, is_true …): the editor hides `right`. */
  takesRight: boolean;
}

/** Every operator with its labels, in the order the editor lists them. */
export const CONDITION_OPERATORS: readonly ConditionOperatorInfo[] = [
  { operator: 'equals', labels: { ja: '等しい', en: 'equals' }, takesRight: true },
  { operator: 'not_equals', labels: { ja: '等しくない', en: 'does not equal' }, takesRight: true },
  { operator: 'contains', labels: { ja: '含む', en: 'contains' }, takesRight: true },
  { operator: 'not_contains', labels: { ja: '含まない', en: 'does not contain' }, takesRight: true },
  { operator: 'starts_with', labels: { ja: 'で始まる', en: 'starts with' }, takesRight: true },
  { operator: 'ends_with', labels: { ja: 'で終わる', en: 'ends with' }, takesRight: true },
  { operator: 'greater_than', labels: { ja: 'より大きい', en: 'is greater than' }, takesRight: true },
  {
    operator: 'greater_or_equal',
    labels: { ja: '以上', en: 'is greater than or equal to' },
    takesRight: true,
  },
  { operator: 'less_than', labels: { ja: 'より小さい', en: 'is less than' }, takesRight: true },
  { operator: 'less_or_equal', labels: { ja: '以下', en: 'is less than or equal to' }, takesRight: true },
  { operator: 'is_empty', labels: { ja: '空である', en: 'is empty' }, takesRight: false },
  { operator: 'is_not_empty', labels: { ja: '空でない', en: 'is not empty' }, takesRight: false },
  { operator: 'is_true', labels: { ja: '真（true）である', en: 'is true' }, takesRight: false },
  { operator: 'is_false', labels: { ja: '偽（false）である', en: 'is false' }, takesRight: false },
  { operator: 'in_list', labels: { ja: 'リストのいずれか', en: 'is one of' }, takesRight: true },
];

export const ConditionOperatorSchema = Type.Enum(CONDITION_OPERATOR_NAMES, {
  'x-label': { ja: '演算子', en: 'Operator' },
});

export const ConditionRuleSchema = Type.Object(
  {
    left: Type.String({
      maxLength: 10_000,
      'x-label': { ja: '値', en: 'Value' },
      'x-widget': 'template',
    }),
    operator: ConditionOperatorSchema,
    right: Type.Optional(
      Type.String({
        maxLength: 10_000,
        'x-label': { ja: '比較する値', en: 'Compare with' },
        'x-help': {
          ja: '「リストのいずれか」ではカンマ区切りで並べます。',
          en: 'For “is one of”, separate the items with commas.',
        },
        'x-widget': 'template',
      }),
    ),
    caseSensitive: Type.Optional(
      Type.Boolean({ 'x-label': { ja: '大文字と小文字を区別する', en: 'Case sensitive' } }),
    ),
  },
  { additionalProperties: false },
);

const combinatorSchema = Type.Union([Type.Literal('all'), Type.Literal('any')], {
  'x-label': { ja: '条件の組み合わせ', en: 'Match' },
  'x-help': {
    ja: 'all: すべての条件を満たす / any: いずれかの条件を満たす',
    en: 'all: every rule must hold / any: at least one rule must hold',
  },
});

/** A group inside a group. Groups nest one level only, which keeps the schema non-recursive. */
export const ConditionSubgroupSchema = Type.Object(
  {
    combinator: combinatorSchema,
    rules: Type.Array(ConditionRuleSchema, { maxItems: 50, 'x-label': { ja: '条件', en: 'Rules' } }),
  },
  { additionalProperties: false },
);

const groupProperties = {
  combinator: combinatorSchema,
  rules: Type.Array(Type.Union([ConditionRuleSchema, ConditionSubgroupSchema]), {
    maxItems: 50,
    'x-label': { ja: '条件', en: 'Rules' },
  }),
};

/** The schema of a condition group as a node's config field, with that field's label. */
export function conditionGroupField(label: Localized) {
  return Type.Object(groupProperties, {
    additionalProperties: false,
    'x-widget': 'conditions',
    'x-label': label,
  });
}

export const ConditionGroupSchema = Type.Object(groupProperties, { additionalProperties: false });

export type ConditionRule = Static<typeof ConditionRuleSchema>;
export type ConditionGroup = Static<typeof ConditionGroupSchema>;

/** A rule after rendering: its sides may hold any value. */
export interface RenderedConditionRule {
  left?: unknown;
  operator: ConditionOperator;
  right?: unknown;
  caseSensitive?: boolean;
}

/** A group after rendering. Deeper nesting than the schema allows is evaluated all the same. */
export interface RenderedConditionGroup {
  combinator: 'all' | 'any';
  rules: ReadonlyArray<RenderedConditionRule | RenderedConditionGroup>;
}

/**
 * Evaluates a (rendered) group: `all` holds when every rule holds (an empty `all` holds), `any`
 * when at least one does (an empty `any` does not). Throws a non-retryable NodeError for an
 * operator it does not know.
 */
export function evaluateConditions(group: RenderedConditionGroup): boolean {
  if (group.combinator === 'any') return group.rules.some(evaluateItem);
  return group.rules.every(evaluateItem);
}

function evaluateItem(item: RenderedConditionRule | RenderedConditionGroup): boolean {
  return 'combinator' in item ? evaluateConditions(item) : evaluateRule(item);
}

/** Evaluates one rule. */
export function evaluateRule(rule: RenderedConditionRule): boolean {
  const { left, right } = rule;
  const caseSensitive = rule.caseSensitive === true;
  switch (rule.operator) {
    case 'equals':
      return valuesEqual({ left, right, caseSensitive });
    case 'not_equals':
      return !valuesEqual({ left, right, caseSensitive });
    case 'contains':
      return contains({ left, right, caseSensitive });
    case 'not_contains':
      return !contains({ left, right, caseSensitive });
    case 'starts_with':
      return comparableText(left, caseSensitive).startsWith(comparableText(right, caseSensitive));
    case 'ends_with':
      return comparableText(left, caseSensitive).endsWith(comparableText(right, caseSensitive));
    case 'greater_than':
      return orderOf(left, right) > 0;
    case 'greater_or_equal':
      return orderOf(left, right) >= 0;
    case 'less_than':
      return orderOf(left, right) < 0;
    case 'less_or_equal':
      return orderOf(left, right) <= 0;
    case 'is_empty':
      return isEmptyValue(left);
    case 'is_not_empty':
      return !isEmptyValue(left);
    case 'is_true':
      return truthWord(left) === true;
    case 'is_false':
      return truthWord(left) === false;
    case 'in_list':
      return inList({ left, right, caseSensitive });
    default:
      throw new NodeError({
        code: 'unknown_condition_operator',
        retryable: false,
        message: {
          ja: `条件の演算子「${String(rule.operator)}」は使えません。`,
          en: `The condition operator "${String(rule.operator)}" does not exist.`,
        },
      });
  }
}

// ---------------------------------------------------------------------------------------------
// Values

/** Text as people compare it: NFKC (full-width digits and latin become half-width). */
export function normalizeText(value: unknown): string {
  return valueToText(value).normalize('NFKC');
}

/** A value's text form: arrays join with ", ", objects as JSON, nothing as "". */
export function valueToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Array.isArray(value)) return value.map(valueToText).join(', ');
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // A cycle: run state is JSON, so this only happens with values built in code.
    return Object.prototype.toString.call(value);
  }
}

function comparableText(value: unknown, caseSensitive: boolean): string {
  const text = normalizeText(value);
  return caseSensitive ? text : text.toLowerCase();
}

// A plain decimal (no leading zeros: "0312" is a code such as a phone number, not a number),
// or one with thousands separators ("1,234.5").
const PLAIN_NUMBER = /^[+-]?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;

/** The value as a finite number, or undefined when it is not one. */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value
    .normalize('NFKC')
    .trim()
    .replace(/^\u2212/, '-');
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (GROUPED_NUMBER.test(text)) return Number(text.replaceAll(',', ''));
  return undefined;
}

const ISO_DATE =
  /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO date or date-time as ms since the epoch. A time without an offset is read as UTC, so
 * comparing two such values does not depend on the server's time zone.
 */
export function isoDateToEpoch(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE.exec(value.normalize('NFKC').trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const epoch = Date.parse(
    `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${offset}`,
  );
  if (Number.isNaN(epoch)) return undefined;
  // Date.parse rolls 2026-02-30 over to March; a date that does not exist is not a date.
  const check = new Date(epoch + (offset === 'Z' ? 0 : offsetMs(offset)));
  if (check.getUTCDate() !== Number(day) || check.getUTCMonth() + 1 !== Number(month)) return undefined;
  return epoch;
}

function offsetMs(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}

/** >0 when left is greater, <0 when smaller, 0 when equal, NaN when they cannot be ordered. */
function orderOf(left: unknown, right: unknown): number {
  const a = toFiniteNumber(left);
  const b = toFiniteNumber(right);
  if (a !== undefined && b !== undefined) return Math.sign(a - b);
  const da = isoDateToEpoch(left);
  const db = isoDateToEpoch(right);
  if (da !== undefined && db !== undefined) return Math.sign(da - db);
  return Number.NaN;
}

function valuesEqual(o: { left: unknown; right: unknown; caseSensitive: boolean }): boolean {
  if (Array.isArray(o.left) && !Array.isArray(o.right)) {
    // A list equals a single value only when it holds exactly that one value.
    return o.left.length === 1 && valuesEqual({ ...o, left: o.left[0] });
  }
  const a = toFiniteNumber(o.left);
  const b = toFiniteNumber(o.right);
  if (a !== undefined && b !== undefined) return a === b;
  return comparableText(o.left, o.caseSensitive).trim() === comparableText(o.right, o.caseSensitive).trim();
}

function contains(o: { left: unknown; right: unknown; caseSensitive: boolean }): boolean {
  // A list contains a value when one of its items equals it.
  if (Array.isArray(o.left)) return o.left.some((item) => valuesEqual({ ...o, left: item }));
  return comparableText(o.left, o.caseSensitive).includes(comparableText(o.right, o.caseSensitive));
}

function listItems(right: unknown): unknown[] {
  if (Array.isArray(right)) return right;
  return normalizeText(right)
    .split(/[,、]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function inList(o: { left: unknown; right: unknown; caseSensitive: boolean }): boolean {
  const items = listItems(o.right);
  const lefts: unknown[] = Array.isArray(o.left) ? o.left : [o.left];
  return lefts.some((left) =>
    items.some((item) => valuesEqual({ left, right: item, caseSensitive: o.caseSensitive })),
  );
}

/** Nothing, blank text, an empty list or an empty object. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.normalize('NFKC').trim().length === 0;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && !(value instanceof Date)) return Object.keys(value).length === 0;
  return false;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on', '1', 'はい']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off', '0', 'いいえ']);

/** true / false for a boolean or a yes/no word; undefined for anything else (a missing value too). */
function truthWord(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const word = value.normalize('NFKC').trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}
