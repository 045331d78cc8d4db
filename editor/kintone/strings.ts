import type { Localized } from '../../runtime/model/localized';

/** Every string of the kintone screens, in both languages. */
export const KT = {
  title: { ja: 'kintone', en: 'kintone' },
  help: {
    ja: 'kintone の顧客アプリと Musubi の連絡先を同期します。電話番号のフィールドがあれば、標準の顧客管理アプリでも独自のアプリでも使えます。',
    en: "Syncs a kintone customer app with Musubi's contacts. Any app works, stock or custom, as long as it has a phone-number field.",
  },
  newConnection: { ja: 'kintone の連携を追加', en: 'Add a kintone connection' },
  name: { ja: '連携の名前', en: 'Connection name' },
  domain: { ja: 'ドメイン', en: 'Domain' },
  domainHelp: { ja: '例: example.cybozu.com', en: 'e.g. example.cybozu.com' },
  appId: { ja: 'アプリ ID', en: 'App ID' },
  appIdHelp: {
    ja: 'アプリの URL https://{ドメイン}/k/{アプリ ID}/ の数字',
    en: 'The number in the app URL https://{domain}/k/{app id}/',
  },
  tokens: { ja: 'API トークン', en: 'API tokens' },
  tokensHelp: {
    ja: 'アプリの設定で「レコード閲覧」「レコード追加」「レコード編集」に印を付けて生成し、「アプリを更新」を押してください。通話履歴アプリのトークンもカンマで区切って並べます（9 個まで）。',
    en: 'Generate it in the app settings with View, Add and Edit records ticked, then press "Update app". Add the call-history app\'s token after a comma (at most 9).',
  },
  basicUser: {
    ja: 'Basic 認証のユーザー名（IP 制限があるとき）',
    en: 'Basic auth user (when IP restriction is on)',
  },
  basicPassword: { ja: 'Basic 認証のパスワード', en: 'Basic auth password' },
  add: { ja: '追加', en: 'Add' },
  noConnections: { ja: 'kintone の連携はまだありません。', en: 'No kintone connection yet.' },
  test: { ja: '接続テスト', en: 'Test' },
  disabled: { ja: '無効', en: 'Switched off' },
  syncTitle: { ja: '顧客の同期', en: 'Customer sync' },
  customerApp: { ja: '顧客アプリ', en: 'Customer app' },
  fieldCodes: { ja: 'フィールドコード', en: 'Field codes' },
  fieldCodesHelp: {
    ja: 'アプリの設定 > フォームで各フィールドのフィールドコードを確認できます。テーブル内のフィールドは指定できません。空欄の項目は書き込みません。',
    en: 'Find each field code in the app settings > Form. Fields inside a table cannot be used. Empty ones are left blank.',
  },
  phone: { ja: '電話番号（必須）', en: 'Phone (required)' },
  personName: { ja: '顧客名', en: 'Name' },
  company: { ja: '会社名', en: 'Company' },
  email: { ja: 'メールアドレス', en: 'E-mail' },
  createCustomer: {
    ja: '顧客作成: 未登録の番号と通話したら kintone に顧客を登録する（わかっている情報がなければ電話番号だけ）',
    en: 'Create customer: a call with an unknown number creates a kintone customer (just the phone when nothing else is known)',
  },
  callHistory: {
    ja: '通話履歴の作成: 通話を kintone のアプリに書き出す',
    en: 'Create call history: write calls to a kintone app',
  },
  callHistoryApp: { ja: '通話履歴アプリ', en: 'Call-history app' },
  callHistoryHelp: {
    ja: 'トークンには「レコード追加」の権限が必要です。録音 URL は「リンク」ではなく「文字列（1行）」のフィールドにしてください（保留があると URL が複数になります）。',
    en: 'Its token needs Add records. Put recording URLs in a single-line text field, not a Link field (a call put on hold has several URLs).',
  },
  direction: { ja: '発着信', en: 'Direction' },
  startedAt: { ja: '開始日時', en: 'Started at' },
  durationSec: { ja: '通話秒数', en: 'Duration (s)' },
  recordings: { ja: '録音 URL（文字列 1 行）', en: 'Recording URLs (single-line text)' },
  user: { ja: '担当者', en: 'User' },
  callId: { ja: '通話 ID（重複禁止）', en: 'Call ID (no duplicates)' },
  events: { ja: '通知イベント（書き出す通話）', en: 'Notification events (calls to write out)' },
  event_inbound: { ja: '着信（応答あり）', en: 'Inbound, answered' },
  event_outbound: { ja: '発信（応答あり）', en: 'Outbound, answered' },
  event_missed: { ja: '不在着信・応答なし', en: 'Missed / unanswered' },
  event_voicemail: { ja: '留守番電話', en: 'Voicemail' },
  event_internal: { ja: '内線', en: 'Internal' },
  check: { ja: '設定を確認', en: 'Check mapping' },
  checkOk: {
    ja: 'フィールドの設定に問題はありません（更新日時: {field}）。',
    en: 'The mapping is fine (updated time: {field}).',
  },
  integrate: { ja: '連携する', en: 'Integrate' },
  problems: { ja: 'フィールドの設定に問題があります', en: 'The mapping has problems' },
  progressLabel: { ja: '初回の取り込み', en: 'First import' },
  incrementalLabel: { ja: '変更の取り込み', en: 'Changes import' },
  progressText: {
    ja: '{done} / {total} 件を取り込み（{fetched} 件・{pages} ページを読み込み）',
    en: '{done} of {total} imported ({fetched} records, {pages} pages read)',
  },
  state_running: { ja: '実行中', en: 'Running' },
  state_idle: { ja: '完了', en: 'Done' },
  state_interrupted: {
    ja: '中断（次の実行で続きから再開します）',
    en: 'Interrupted (resumes where it stopped)',
  },
  state_failed: { ja: '失敗', en: 'Failed' },
  state_waiting: { ja: '開始待ち', en: 'Waiting to start' },
  report: {
    ja: '作成 {created} 件・更新 {updated} 件・スキップ {skipped} 件',
    en: '{created} created, {updated} updated, {skipped} skipped',
  },
  skipped_no_phone: { ja: '電話番号なし', en: 'no phone number' },
  skipped_invalid_phone: { ja: '電話番号として読めない', en: 'not a phone number' },
  skipped_unchanged: { ja: '変更なし', en: 'unchanged' },
  skipped_crm_newer: { ja: 'Musubi 側の編集が新しい', en: 'newer edit in Musubi' },
  nextRun: { ja: '次回の自動取り込み: {when}（1 時間ごと）', en: 'Next automatic pull: {when} (hourly)' },
  runNow: { ja: '今すぐ取り込む', en: 'Sync now' },
  lastError: { ja: '最後のエラー: {message}', en: 'Last error: {message}' },
  template: { ja: 'アプリのフィールド定義をダウンロード', en: "Download the apps' field definitions" },
  templateHelp: {
    ja: '「顧客管理」と「通話履歴」の 2 つのアプリのフィールド（このフォームの既定のフィールドコードと一致）を kintone のフォーム設定 API に渡せる JSON です。',
    en: 'The fields of the two apps, "customer management" and "call history" (matching this form\'s default codes), as JSON for kintone\'s form settings API.',
  },
} satisfies Record<string, Localized>;

/** A string of KT (or the raw key) with `{name}` placeholders filled. */
export function kt(key: string, lang: 'ja' | 'en', values: Record<string, string | number> = {}): string {
  const entry: Localized | undefined = Object.entries(KT).find(([k]) => k === key)?.[1];
  const text = entry ? entry[lang] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : typeof value === 'number' ? value.toLocaleString(lang) : value;
  });
}
