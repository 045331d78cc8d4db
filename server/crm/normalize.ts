import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Our users are in Japan: a number written without a country code is a Japanese one. */
export const DEFAULT_PHONE_REGION: CountryCode = 'JP';

/**
 * A phone number in any written form ("03-1234-5678", "(03)1234-5678", "+81 3 1234 5678",
 * full-width digits) as E.164 ("+81312345678"), or undefined when it is not a possible number.
 * Matching compares this form, so every way of writing one number finds the same record.
 */
export function normalizePhone(text: string, region: CountryCode = DEFAULT_PHONE_REGION): string | undefined {
  const cleaned = text.normalize('NFKC').trim();
  if (cleaned === '' || !/\d/.test(cleaned)) return undefined;
  const parsed = parsePhoneNumberFromString(cleaned, region);
  if (!parsed || !parsed.isPossible()) return undefined;
  return parsed.number;
}

/** An e-mail as matched: NFKC (full-width letters typed on a Japanese keyboard), trimmed, lower-cased. */
export function normalizeEmail(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** A loose e-mail check: catches a name or a phone typed into the e-mail field. */
export function looksLikeEmail(text: string): boolean {
  return EMAIL.test(text.normalize('NFKC').trim());
}
