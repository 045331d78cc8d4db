/** The records link of the top bar and the settings refusal, in the UI language (kept out of the lazy chunks). */
export function recordsNavLabel(lang: 'ja' | 'en'): { records: string; forbidden: string } {
  return lang === 'en'
    ? { records: 'Records', forbidden: 'Only owners and admins can change these settings.' }
    : { records: 'レコード', forbidden: 'この設定を変更できるのはオーナーと管理者だけです。' };
}
