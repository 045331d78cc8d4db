import type { Localized } from '../../runtime/model/localized';

/** Every string of the call screens, in both languages. */
export const TT = {
  title: { ja: '通話ログ', en: 'Call log' },
  matches: { ja: '{count} 件の候補', en: '{count} matches' },
  pick: { ja: 'この通話の相手を選んでください', en: 'Choose who this call was with' },
  choose: { ja: '選択', en: 'Choose' },
  cancel: { ja: 'キャンセル', en: 'Cancel' },
  logged: { ja: '記録済み', en: 'Logged' },
  completedTodo: { ja: '完了した ToDo: {name}', en: 'Completed to-do: {name}' },
  noCalls: { ja: '通話はありません。', en: 'No calls.' },
  when: { ja: '日時', en: 'When' },
  direction: { ja: '方向', en: 'Direction' },
  number: { ja: '番号', en: 'Number' },
  status: { ja: '状態', en: 'Status' },
  inbound: { ja: '着信', en: 'Inbound' },
  outbound: { ja: '発信', en: 'Outbound' },
  internal: { ja: '内線', en: 'Internal' },
  no_match: { ja: '該当なし', en: 'No match' },
  multiple_matches: { ja: '候補が複数', en: 'Several matches' },
  skipped_internal: { ja: '内線のため対象外', en: 'Internal, skipped' },
  skipped_missed: { ja: '不在のため対象外', en: 'Missed, skipped' },
  received: { ja: '受信', en: 'Received' },
  failure: { ja: '失敗', en: 'Failed' },
} satisfies Record<string, Localized>;

/** A string of TT (or the raw key when there is none) with `{name}` placeholders filled. */
export function tt(key: string, lang: 'ja' | 'en', values: Record<string, string | number> = {}): string {
  const entry: Localized | undefined = Object.entries(TT).find(([k]) => k === key)?.[1];
  const text = entry ? entry[lang] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}
