import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A phone number as E.164 (`+81312345678`), read as a Japanese number unless it carries a country
 * code; undefined when it is not a phone number at all. Full-width digits and hyphens are accepted.
 */
export function toE164(raw: string, defaultCountry: 'JP' | 'US' = 'JP'): string | undefined {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return undefined;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed?.isPossible() ? parsed.number : undefined;
}

/** The national form (`03-1234-5678` style digits `0312345678`) kintone apps often store. */
export function nationalDigits(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatNational().replace(/\D/g, '') : e164.replace(/\D/g, '');
}
