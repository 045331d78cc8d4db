import { isoDateToEpoch, toFiniteNumber } from '../../runtime/engine/conditions';
import type { Localized } from '../../runtime/model/localized';
import type { FieldProblem } from './errors';
import { looksLikeEmail, normalizePhone } from './normalize';

/** A parsed field value: what goes into a column or the JSON. `null` clears it. */
export type FieldValue = string | number | Date | null;

/** Scalar kinds that need no database lookup. */
export type ScalarKind =
  'text' | 'longtext' | 'email' | 'phone' | 'number' | 'integer' | 'date' | 'datetime' | 'url' | 'enum';

type Parsed = { ok: true; value: FieldValue } | { ok: false; problem: FieldProblem };

/**
 * Parses one input value of a scalar kind. Empty ('' or null) clears the field; a required field
 * is checked by the caller. Every refusal names the field and says why in both languages.
 */
export function parseScalar(options: {
  field: string;
  label: Localized;
  kind: ScalarKind;
  value: unknown;
  maxLength?: number;
  options?: readonly string[];
}): Parsed {
  const { field, label, kind, value } = options;
  const fail = (why: Localized): Parsed => ({
    ok: false,
    problem: { field, message: { ja: `${label.ja}: ${why.ja}`, en: `${label.en}: ${why.en}` } },
  });
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return { ok: true, value: null };
  }
  if (kind === 'number' || kind === 'integer') {
    const number = toFiniteNumber(value);
    if (number === undefined) return fail({ ja: '数値ではありません。', en: 'is not a number.' });
    if (kind === 'integer' && (!Number.isInteger(number) || number < 0)) {
      return fail({ ja: '0 以上の整数にしてください。', en: 'must be a whole number, 0 or more.' });
    }
    return { ok: true, value: number };
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return fail({ ja: '文字列で指定してください。', en: 'must be a string.' });
  }
  const text = String(value).trim();
  const max = options.maxLength ?? (kind === 'longtext' ? 20_000 : 500);
  if (text.length > max) {
    return fail({ ja: `${max} 文字以内にしてください。`, en: `must be at most ${max} characters.` });
  }
  switch (kind) {
    case 'text':
    case 'longtext':
      return { ok: true, value: text };
    case 'email':
      return looksLikeEmail(text)
        ? { ok: true, value: text.normalize('NFKC') }
        : fail({ ja: 'メールアドレスの形ではありません。', en: 'is not an e-mail address.' });
    case 'phone':
      return normalizePhone(text) !== undefined
        ? { ok: true, value: text }
        : fail({
            ja: '電話番号として読めません（例: 03-1234-5678）。',
            en: 'is not a phone number (e.g. 03-1234-5678).',
          });
    case 'date': {
      const date = parseDate(text);
      return date === undefined
        ? fail({ ja: '日付ではありません（例: 2026-04-30）。', en: 'is not a date (e.g. 2026-04-30).' })
        : { ok: true, value: date };
    }
    case 'datetime': {
      const epoch = isoDateToEpoch(text);
      return epoch === undefined
        ? fail({
            ja: '日時ではありません（例: 2026-04-30T10:00:00+09:00）。',
            en: 'is not a date-time (e.g. 2026-04-30T10:00:00+09:00).',
          })
        : { ok: true, value: new Date(epoch) };
    }
    case 'url':
      return isWebUrl(text)
        ? { ok: true, value: text }
        : fail({
            ja: 'http:// か https:// で始まる URL にしてください。',
            en: 'must be an http:// or https:// URL.',
          });
    case 'enum': {
      const choices = options.options ?? [];
      return choices.includes(text)
        ? { ok: true, value: text }
        : fail({
            ja: `${choices.join('・')} のどれかにしてください。`,
            en: `must be one of ${choices.join(', ')}.`,
          });
    }
  }
}

const DATE_ONLY = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** `YYYY-MM-DD` (or `YYYY/M/D`) as `YYYY-MM-DD`, when it is a real calendar date. */
export function parseDate(text: string): string | undefined {
  const match = DATE_ONLY.exec(text.normalize('NFKC').trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.toISOString().slice(0, 10) : undefined;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A stored JSON value as a field value (what the JSON can hold back). */
export function jsonFieldValue(value: unknown): FieldValue {
  if (typeof value === 'string' || typeof value === 'number') return value;
  return null;
}
