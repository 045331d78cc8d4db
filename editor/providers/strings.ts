import type { Localized } from '../../runtime/model/localized';

/** Strings of the provider connections (Zoho, Salesforce) and the Zoho field mapping. */
const PT = {
  title: { ja: 'Zoho・Salesforce', en: 'Zoho and Salesforce' },
  help: {
    ja: '外部の CRM への連携です。「壊れています」と出たら再認証してください。',
    en: 'Connections to external CRMs. When one shows “Broken”, authorise it again.',
  },
  none: { ja: 'Zoho・Salesforce の連携はありません。', en: 'There are no Zoho or Salesforce connections.' },
  ok: { ja: '接続できています', en: 'Working' },
  broken: { ja: '壊れています', en: 'Broken' },
  untested: { ja: '未確認', en: 'Not tested yet' },
  disabled: { ja: '無効', en: 'Switched off' },
  test: { ja: '接続を確認', en: 'Test' },
  authorise: { ja: '認証する', en: 'Authorise' },
  mapping: { ja: '項目の割り当て', en: 'Field mapping' },
  module: { ja: 'モジュール', en: 'Module' },
  field: { ja: 'Zoho の項目', en: 'Zoho field' },
  value: { ja: '値', en: 'Value' },
  mandatory: { ja: '必須', en: 'Required' },
  mappingHelp: {
    ja: '値には {{ name }} などノードの項目、{{ vars.変数名 }}、または固定の文字を書けます。空欄の項目は送りません。使える項目: {sources}',
    en: 'A value may hold the node’s fields such as {{ name }}, {{ vars.name }}, or fixed text. Empty fields are not sent. Node fields: {sources}',
  },
  save: { ja: '保存', en: 'Save' },
  saved: { ja: '割り当てを保存しました。', en: 'Field mapping saved.' },
  close: { ja: '閉じる', en: 'Close' },
} satisfies Record<string, Localized>;

export function pt(key: keyof typeof PT, lang: 'ja' | 'en', values: Record<string, string> = {}): string {
  return PT[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
