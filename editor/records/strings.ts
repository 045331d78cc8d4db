import type { Localized } from '../../runtime/model/localized';

/** Every string of the records screens, in both languages. */
export const RT = {
  title: { ja: 'レコード', en: 'Records' },
  nav: { ja: 'レコード', en: 'Records' },
  search: { ja: '検索', en: 'Search' },
  stage: { ja: 'ステージ', en: 'Stage' },
  allStages: { ja: 'すべてのステージ', en: 'All stages' },
  pipeline: { ja: 'パイプライン', en: 'Pipeline' },
  status: { ja: '状態', en: 'Status' },
  any: { ja: 'すべて', en: 'Any' },
  name: { ja: '名前', en: 'Name' },
  updatedAt: { ja: '更新日時', en: 'Updated' },
  empty: { ja: 'レコードはありません。', en: 'No records.' },
  previous: { ja: '前へ', en: 'Previous' },
  next: { ja: '次へ', en: 'Next' },
  range: { ja: '{total} 件中 {from}–{to} 件', en: '{from}–{to} of {total}' },
  list: { ja: '一覧', en: 'List' },
  board: { ja: 'ボード', en: 'Board' },
  create: { ja: '新規作成', en: 'New record' },
  edit: { ja: '編集', en: 'Edit' },
  save: { ja: '保存', en: 'Save' },
  cancel: { ja: 'キャンセル', en: 'Cancel' },
  saved: { ja: '保存しました。', en: 'Saved.' },
  fixErrors: { ja: '入力内容を確認してください。', en: 'Check the highlighted fields.' },
  back: { ja: '一覧に戻る', en: 'Back to the list' },
  loadSample: { ja: 'サンプルワークスペースを読み込む', en: 'Load sample workspace' },
  sampleLoaded: { ja: 'サンプルワークスペースを読み込みました。', en: 'The sample workspace was loaded.' },
  shared: { ja: '外部共有中', en: 'Shared externally' },
  notShared: {
    ja: '未共有（外部共有の画面で共有）',
    en: 'Not shared (share it on the external sharing screen)',
  },
  timeline: { ja: 'タイムライン', en: 'Timeline' },
  stageHistory: { ja: 'ステージ履歴', en: 'Stage history' },
  runs: { ja: 'このレコードに関わった実行', en: 'Runs that touched this record' },
  calls: { ja: '通話', en: 'Calls' },
  tasks: { ja: 'ToDo', en: 'To-dos' },
  nextSteps: { ja: '次のステップ', en: 'Next steps' },
  pastActivities: { ja: '過去の活動', en: 'Past activities' },
  none: { ja: 'なし', en: 'None' },
  automations: { ja: 'ステージ自動化', en: 'Stage automations' },
  now: { ja: 'すぐに実行', en: 'runs now' },
  after: { ja: '{amount}{unit}後に実行', en: 'runs after {amount} {unit}' },
  moved: { ja: '「{name}」を「{stage}」に移動しました。', en: 'Moved “{name}” to “{stage}”.' },
  cards: { ja: '{count} 件', en: '{count} records' },
  dropHere: { ja: 'ここにドロップ', en: 'Drop here' },
  savedViews: { ja: '保存したビュー', en: 'Saved views' },
  allRecords: { ja: 'すべてのレコード', en: 'All records' },
  viewName: { ja: 'ビュー名', en: 'View name' },
  saveView: { ja: '現在の条件をビューとして保存', en: 'Save the current filters as a view' },
  noPipelines: { ja: 'パイプラインがありません。', en: 'There are no pipelines.' },
} satisfies Record<string, Localized>;

const UNITS: Record<string, Localized> = {
  minutes: { ja: '分', en: 'minutes' },
  hours: { ja: '時間', en: 'hours' },
  days: { ja: '日', en: 'days' },
};

/** A string of RT in the language, with `{name}` placeholders filled. */
export function rt(
  key: keyof typeof RT,
  lang: 'ja' | 'en',
  values: Record<string, string | number> = {},
): string {
  return RT[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** A delay unit's word. */
export function unitLabel(unit: string, lang: 'ja' | 'en'): string {
  return UNITS[unit]?.[lang] ?? unit;
}

/** Displays a field value as text (dates and lists included). */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}
