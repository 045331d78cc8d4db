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
  connectionsTitle: { ja: '電話システム', en: 'Phone system' },
  connectionsHelp: {
    ja: '電話システム（PBX）が通話の終了ごとに Musubi へ通話を送ります。送り先の URL とトークンを電話システムに設定してください。',
    en: 'The phone system (PBX) posts each ended call to Musubi. Set the URL and the token below in the phone system.',
  },
  connectionName: { ja: '連携の名前', en: 'Connection name' },
  create: { ja: '電話の連携を作成', en: 'Create phone connection' },
  noConnections: { ja: '電話の連携はまだありません。', en: 'No phone connection yet.' },
  endpoint: { ja: '送り先 URL', en: 'Endpoint URL' },
  header: { ja: 'ヘッダー', en: 'Header' },
  token: { ja: 'トークン', en: 'Token' },
  example: { ja: '例（コピーして端末で実行できます）', en: 'Example (copy and run it in a terminal)' },
  copy: { ja: 'コピー', en: 'Copy' },
  copied: { ja: 'コピーしました', en: 'Copied' },
  regenerate: { ja: 'トークンを再発行', en: 'Regenerate token' },
  confirmRegenerate: {
    ja: '「{name}」のトークンを再発行しますか？今のトークンはすぐに使えなくなり、電話システムの設定を新しいトークンに変えるまで通話は届きません。',
    en: 'Regenerate the token of "{name}"? The current token stops working at once; calls are refused until the phone system uses the new one.',
  },
  regenerated: {
    ja: 'トークンを再発行しました。以前のトークンは使えません。',
    en: 'The token was regenerated. The old one no longer works.',
  },
  disabled: { ja: '無効', en: 'Switched off' },
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
