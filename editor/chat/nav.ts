/** The inbox's link in the top bar, in the UI language. */
export function inboxNavLabel(lang: 'ja' | 'en'): string {
  return lang === 'en' ? 'Inbox' : '受信箱';
}
