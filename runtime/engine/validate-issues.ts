import type { Localized } from '../model/localized';
import type { ConfigIssue } from './registry';
import { quoteList } from './validate-problem';
import { isRecord } from './registry';
import { allowedKeysAt, schemasAt, valueAt } from './validate-schema-walk';
import { closestMatch } from './validate-suggest';

/** Where an issue was found: a node's config ("setting") or the document itself ("field"). */
export type IssueScope = 'config' | 'document';

export interface DescribedIssue {
  /** `missing`, `unknown_key`, `wrong_type` or `invalid_value`: the tail of the problem code. */
  kind: 'missing' | 'unknown_key' | 'wrong_type' | 'invalid_value';
  message: Localized;
}

/** Pointer segments of the issue, relative to the schema's root (the config, or the document). */
export interface IssueContext {
  issue: ConfigIssue;
  segments: readonly string[];
  /** The segments that name the field to people (inside a node: without `/nodes/N`). */
  fieldSegments: readonly string[];
  scope: IssueScope;
  schema: unknown;
  value: unknown;
  /** Values a union (anyOf of consts) accepts, gathered by `collapseUnions`. */
  allowed?: readonly unknown[];
  /** Types a union of plain types accepts, gathered by `collapseUnions`. */
  types?: readonly unknown[];
}

const TYPE_NAMES: Record<string, Localized> = {
  string: { ja: '文字列', en: 'text' },
  number: { ja: '数値', en: 'a number' },
  integer: { ja: '整数', en: 'a whole number' },
  boolean: { ja: '真偽値 (true / false)', en: 'true or false' },
  object: { ja: 'オブジェクト ({ … })', en: 'an object ({ … })' },
  array: { ja: 'リスト ([ … ])', en: 'a list ([ … ])' },
  null: { ja: 'null', en: 'null' },
};

const FORMAT_NAMES: Record<string, Localized> = {
  email: { ja: 'メールアドレス', en: 'e-mail address' },
  uri: { ja: 'URL', en: 'URL' },
  url: { ja: 'URL', en: 'URL' },
  'date-time': { ja: '日時', en: 'date and time' },
  date: { ja: '日付', en: 'date' },
  time: { ja: '時刻', en: 'time' },
  hostname: { ja: 'ホスト名', en: 'host name' },
  ipv4: { ja: 'IPv4 アドレス', en: 'IPv4 address' },
  ipv6: { ja: 'IPv6 アドレス', en: 'IPv6 address' },
};

/** The pattern of ids in the workflow schema, explained in words instead of as a regex. */
const ID_PATTERN = '^[A-Za-z0-9_.:-]+$';

/** Turns one Ajv issue into a sentence that names the field and says how to fix it. */
export function describeIssue(context: IssueContext): DescribedIssue {
  const { issue } = context;
  const params = issue.params;
  const field = fieldName(context.fieldSegments);
  const label = annotationAt(context, 'x-label');
  const subject = subjectOf({ scope: context.scope, field, label, segments: context.fieldSegments });
  const actual = valueAt(context.value, context.segments);
  switch (issue.keyword) {
    case 'required':
      return { kind: 'missing', message: missingMessage(context.scope, field, label) };
    case 'additionalProperties':
      return { kind: 'unknown_key', message: unknownKeyMessage(context, String(params.additionalProperty)) };
    case 'type':
      return { kind: 'wrong_type', message: typeMessage(subject, params.type, actual) };
    case 'const':
      return { kind: 'invalid_value', message: oneOfMessage(subject, [params.allowedValue], actual) };
    case 'enum':
      return { kind: 'invalid_value', message: oneOfMessage(subject, listOf(params.allowedValues), actual) };
    case 'anyOf':
    case 'oneOf':
      if (context.allowed && context.allowed.length > 0) {
        return { kind: 'invalid_value', message: oneOfMessage(subject, context.allowed, actual) };
      }
      if (context.types && context.types.length > 0) {
        return { kind: 'wrong_type', message: typeMessage(subject, context.types, actual) };
      }
      return {
        kind: 'invalid_value',
        message: {
          ja: `${subject.ja}の値が、使える形のどれにも当てはまりません。入力し直してください。`,
          en: `${subject.en} does not match any of the accepted forms. Enter it again.`,
        },
      };
    default:
      return { kind: 'invalid_value', message: valueMessage(context, subject, actual) };
  }
}

function valueMessage(context: IssueContext, subject: Localized, actual: unknown): Localized {
  const { keyword, params, message } = context.issue;
  const limit = typeof params.limit === 'number' ? params.limit : Number.NaN;
  switch (keyword) {
    case 'minLength':
      if (limit <= 1) {
        return { ja: `${subject.ja}が空です。入力してください。`, en: `${subject.en} is empty. Fill it in.` };
      }
      return {
        ja: `${subject.ja}は ${limit} 文字以上にしてください。`,
        en: `${subject.en} must be at least ${limit} characters long.`,
      };
    case 'maxLength': {
      const length = typeof actual === 'string' ? actual.length : 0;
      return {
        ja: `${subject.ja}が長すぎます (${length} 文字)。${limit} 文字以内にしてください。`,
        en: `${subject.en} is too long (${length} characters). Keep it to ${limit} characters.`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return rangeMessage(subject, keyword, limit);
    case 'pattern':
      return patternMessage(context, subject, actual);
    case 'format': {
      const format = String(params.format);
      const name = FORMAT_NAMES[format] ?? { ja: format, en: format };
      return {
        ja: `${subject.ja}が正しい${name.ja}の形式ではありません。入力し直してください。`,
        en: `${subject.en} is not a valid ${name.en}. Enter it again.`,
      };
    }
    case 'minItems':
      return {
        ja: `${subject.ja}には少なくとも ${limit} 個の項目が必要です。追加してください。`,
        en: `${subject.en} needs at least ${limit} ${limit === 1 ? 'item' : 'items'}. Add some.`,
      };
    case 'maxItems': {
      const count = Array.isArray(actual) ? actual.length : 0;
      return {
        ja: `${subject.ja}の項目が多すぎます (${count} 個)。${limit} 個までにしてください。`,
        en: `${subject.en} has too many items (${count}). Keep it to ${limit}.`,
      };
    }
    case 'uniqueItems':
      return {
        ja: `${subject.ja}に同じ値が重複しています (${Number(params.j) + 1} 番目と ${Number(params.i) + 1} 番目)。重複を削除してください。`,
        en: `${subject.en} has the same value twice (items ${Number(params.j) + 1} and ${Number(params.i) + 1}). Remove the repeat.`,
      };
    default:
      return {
        ja: `${subject.ja}の値が正しくありません (${message})。`,
        en: `${subject.en} is not valid: ${message}.`,
      };
  }
}

function patternMessage(context: IssueContext, subject: Localized, actual: unknown): Localized {
  const pattern = String(context.issue.params.pattern);
  if (pattern === ID_PATTERN) {
    return {
      ja: `${subject.ja}「${String(actual)}」に使えない文字があります。半角英数字と _ . : - だけを使ってください。`,
      en: `${subject.en} "${String(actual)}" has characters that are not allowed. Use only letters, digits and _ . : -`,
    };
  }
  // A regex means nothing to most people; the field's help text says the rule in words.
  const help = annotationAt(context, 'x-help');
  if (help) {
    return {
      ja: `${subject.ja}の書き方が正しくありません。${help.ja}`,
      en: `${subject.en} is not written as expected. ${help.en}`,
    };
  }
  return {
    ja: `${subject.ja}の形式が正しくありません (期待する形式: ${pattern})。`,
    en: `${subject.en} is not in the expected form (${pattern}).`,
  };
}

function rangeMessage(subject: Localized, keyword: string, limit: number): Localized {
  const words: Record<string, Localized> = {
    minimum: { ja: `${limit} 以上`, en: `at least ${limit}` },
    maximum: { ja: `${limit} 以下`, en: `at most ${limit}` },
    exclusiveMinimum: { ja: `${limit} より大きい値`, en: `greater than ${limit}` },
    exclusiveMaximum: { ja: `${limit} 未満`, en: `less than ${limit}` },
  };
  const word = words[keyword] ?? { ja: String(limit), en: String(limit) };
  return { ja: `${subject.ja}は ${word.ja}にしてください。`, en: `${subject.en} must be ${word.en}.` };
}

function missingMessage(scope: IssueScope, field: string, label: Localized | undefined): Localized {
  const named = withLabel(field, label);
  if (scope === 'config') {
    return {
      ja: `必須の設定${named.ja}がありません。値を入力してください。`,
      en: `The required setting ${named.en} is missing. Fill it in.`,
    };
  }
  return {
    ja: `必須の項目${named.ja}がありません。追加してください。`,
    en: `The required field ${named.en} is missing. Add it.`,
  };
}

/** `「質問」(prompt)` when the schema gives the field a label people know it by, else `「prompt」`. */
function withLabel(field: string, label: Localized | undefined): Localized {
  if (!label || label.en === field) return { ja: `「${field}」`, en: `"${field}"` };
  return { ja: `「${label.ja}」(${field})`, en: `"${label.en}" (${field})` };
}

/** A form annotation (`x-label`, `x-help`) of the field at the issue's path, if its schema has one. */
function annotationAt(context: IssueContext, keyword: string): Localized | undefined {
  for (const schema of schemasAt(context.schema, context.segments)) {
    const value = schema[keyword];
    if (isRecord(value) && typeof value.ja === 'string' && typeof value.en === 'string') {
      return { ja: value.ja, en: value.en };
    }
  }
  return undefined;
}

function unknownKeyMessage(context: IssueContext, key: string): Localized {
  const known = allowedKeysAt(context.schema, context.segments.slice(0, -1));
  const guess = closestMatch(key, known);
  const word = context.scope === 'config' ? { ja: '設定', en: 'setting' } : { ja: '項目', en: 'field' };
  if (guess !== undefined) {
    return {
      ja: `不明な${word.ja}「${key}」があります。「${guess}」の書き間違いではありませんか？名前を直してください。`,
      en: `Unknown ${word.en} "${key}" — did you mean "${guess}"? Correct the name.`,
    };
  }
  const list = quoteList(known.slice(0, 15));
  return {
    ja: `不明な${word.ja}「${key}」があります。ここでは使えないので削除してください。${known.length > 0 ? `使える${word.ja}: ${list.ja}` : ''}`,
    en: `Unknown ${word.en} "${key}": it is not used here, remove it.${known.length > 0 ? ` Known ${word.en}s: ${list.en}.` : ''}`,
  };
}

function typeMessage(subject: Localized, expected: unknown, actual: unknown): Localized {
  const types = listOf(expected).map(String);
  const want = types.map((type) => TYPE_NAMES[type] ?? { ja: type, en: type });
  const got = TYPE_NAMES[typeOf(actual)] ?? { ja: typeOf(actual), en: typeOf(actual) };
  return {
    ja: `${subject.ja}は${want.map((w) => w.ja).join('か')}でなければなりません (今は${got.ja}です)。`,
    en: `${subject.en} must be ${want.map((w) => w.en).join(' or ')} (it is ${got.en}).`,
  };
}

function oneOfMessage(subject: Localized, allowed: readonly unknown[], actual: unknown): Localized {
  const words = allowed.filter((value): value is string => typeof value === 'string');
  const guess = typeof actual === 'string' ? closestMatch(actual, words) : undefined;
  // Text is quoted, numbers and other JSON values are shown as they are written.
  const show = (value: unknown, lang: keyof Localized): string =>
    typeof value === 'string' ? (lang === 'ja' ? `「${value}」` : `"${value}"`) : JSON.stringify(value);
  const list: Localized = {
    ja: allowed.map((value) => show(value, 'ja')).join(''),
    en: allowed.map((value) => show(value, 'en')).join(', '),
  };
  if (allowed.length === 1) {
    return { ja: `${subject.ja}は ${list.ja} にしてください。`, en: `${subject.en} must be ${list.en}.` };
  }
  return {
    ja: `${subject.ja}は次のどれかにしてください: ${list.ja}。${guess === undefined ? '' : `「${guess}」のことですか？`}`,
    en: `${subject.en} must be one of ${list.en}.${guess === undefined ? '' : ` Did you mean "${guess}"?`}`,
  };
}

/** `headers[0].name`: a field path people can read. */
function fieldName(segments: readonly string[]): string {
  let name = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) name += `[${segment}]`;
    else name += name.length === 0 ? segment : `.${segment}`;
  }
  return name;
}

function subjectOf(options: {
  scope: IssueScope;
  field: string;
  label: Localized | undefined;
  segments: readonly string[];
}): Localized {
  const { scope, field, segments } = options;
  if (field.length > 0) {
    const named = withLabel(field, options.label);
    return scope === 'config'
      ? { ja: `設定${named.ja}`, en: `The setting ${named.en}` }
      : { ja: `項目${named.ja}`, en: `The field ${named.en}` };
  }
  if (scope === 'config') return { ja: '設定', en: 'The settings' };
  if (segments.length === 0) return { ja: 'ワークフロー', en: 'The workflow' };
  return { ja: 'この要素', en: 'This entry' };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
