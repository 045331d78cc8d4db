import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language, Localized } from '../../runtime/model/localized';
import { MESSAGES, type MessageTree } from './messages';

const STORAGE_KEY = 'musubi.language';

/** Picks `en` for any English locale, `ja` otherwise (our users read Japanese first). */
export function languageFromLocale(locale: string | undefined): Language {
  return locale && /^en\b/i.test(locale) ? 'en' : 'ja';
}

function isLocalized(value: Localized | MessageTree): value is Localized {
  return typeof value.ja === 'string' && typeof value.en === 'string';
}

/** Splits the `{ ja, en }` message tree into one i18next resource tree per language. */
export function resourcesFor(tree: MessageTree, lang: Language): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] = isLocalized(value) ? value[lang] : resourcesFor(value, lang);
  }
  return out;
}

/** The language the user chose before, else the browser's. */
export function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === 'ja' || stored === 'en') return stored;
  } catch {
    // Storage can be blocked (private mode); the browser language is a fine fallback.
  }
  return languageFromLocale(globalThis.navigator?.language);
}

/** Starts i18next with both languages bundled (they are small; no second request on switch). */
export async function setupI18n(lang: Language = initialLanguage()): Promise<typeof i18next> {
  if (!i18next.isInitialized) {
    await i18next.use(initReactI18next).init({
      lng: lang,
      fallbackLng: 'ja',
      resources: {
        ja: { translation: resourcesFor(MESSAGES, 'ja') },
        en: { translation: resourcesFor(MESSAGES, 'en') },
      },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  } else if (i18next.language !== lang) {
    await i18next.changeLanguage(lang);
  }
  setDocumentLanguage(lang);
  return i18next;
}

function setDocumentLanguage(lang: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Switches the UI language and remembers the choice. */
export async function switchLanguage(lang: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered: the switch still applies to this page.
  }
  await i18next.changeLanguage(lang);
  setDocumentLanguage(lang);
}

/** The current UI language as our `Language` type. */
export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'ja';
}

/** Picks the text of a `{ ja, en }` value in the given language (falls back to the other one). */
export function pick(text: Localized | undefined, lang: Language): string {
  if (!text) return '';
  return text[lang] || text[lang === 'ja' ? 'en' : 'ja'];
}
