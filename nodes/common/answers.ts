import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Localized } from '../../runtime/model/localized';
import { isEmailAddress } from './email';

export const INPUT_TYPES = ['text', 'name', 'email', 'phone', 'number', 'date'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** What a visitor's answer became, or undefined when it is not an answer of that type. */
export function parseAnswer(o: {
  text: string;
  inputType: InputType;
  defaultRegion: string;
}): string | number | undefined {
  switch (o.inputType) {
    case 'text':
      return nonEmpty(o.text.trim());
    case 'name':
      return parseName(o.text);
    case 'email': {
      const address = o.text.normalize('NFKC').trim().toLowerCase();
      return isEmailAddress(address) ? address : undefined;
    }
    case 'phone':
      return normalizePhone(o.text, o.defaultRegion);
    case 'number':
      return parseNumber(o.text);
    case 'date':
      return parseDate(o.text);
  }
}

function nonEmpty(text: string): string | undefined {
  return text.length > 0 ? text : undefined;
}

/** Trimmed, inner spaces (the full-width one too) collapsed, 1–100 characters. */
function parseName(text: string): string | undefined {
  const name = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return name.length > 0 && [...name].length <= 100 ? name : undefined;
}

/** A phone number in E.164 (+81312345678), read in `region` when written without a country code. */
export function normalizePhone(text: string, region: string): string | undefined {
  if (!isSupportedCountry(region)) return undefined;
  const phone = parsePhoneNumberFromString(text.normalize('NFKC').trim(), region);
  return phone?.isValid() ? phone.number : undefined;
}

const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** "１２３", "1,234", "-5.5", "−3" (a minus sign) → a number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text
    .normalize('NFKC')
    .trim()
    .replace(/^[\u2212\u2010-\u2015]/, '-');
  const plain = GROUPED.test(trimmed) ? trimmed.replaceAll(',', '') : trimmed;
  if (!DECIMAL.test(plain)) return undefined;
  const value = Number(plain);
  return Number.isFinite(value) ? value : undefined;
}

const DATE_PATTERNS = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/,
];

/** 2026-11-22, 2026/11/22 or 2026年11月22日 → "2026-11-22"; a day that does not exist → undefined. */
export function parseDate(text: string): string | undefined {
  const normalized = text.normalize('NFKC').trim();
  for (const pattern of DATE_PATTERNS) {
    const match = pattern.exec(normalized);
    if (!match) continue;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
      return undefined;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return undefined;
}

/** What the bot says when an answer does not fit, unless the node has its own message. */
export const RETRY_MESSAGES: Record<InputType, Localized> = {
  text: { ja: 'もう一度入力してください。', en: 'Please type your answer again.' },
  name: {
    ja: 'お名前を100文字以内で入力してください。',
    en: 'Please enter your name (up to 100 characters).',
  },
  email: {
    ja: 'メールアドレスの形式が正しくないようです。もう一度入力してください（例: taro@example.com）。',
    en: 'That does not look like an e-mail address. Please try again (e.g. taro@example.com).',
  },
  phone: {
    ja: '電話番号を確認して、もう一度入力してください（例: 03-1234-5678）。',
    en: 'Please check the phone number and enter it again (e.g. +81 3-1234-5678).',
  },
  number: { ja: '数字で入力してください（例: 1,234）。', en: 'Please enter a number (e.g. 1,234).' },
  date: {
    ja: '日付を 2026/11/22 のような形式で入力してください。',
    en: 'Please enter a date such as 2026-11-22.',
  },
};
