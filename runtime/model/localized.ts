/** A text shown to people, in both languages the product speaks. */
export interface Localized {
  ja: string;
  en: string;
}

export type Language = keyof Localized;

export const LANGUAGES: readonly Language[] = ['ja', 'en'];

/** Picks `en` for any English locale, `ja` otherwise (our users read Japanese first). */
export function languageFromLocale(locale: string | undefined): Language {
  return locale && /^en(?:[-_.@]|$)/i.test(locale) ? 'en' : 'ja';
}
