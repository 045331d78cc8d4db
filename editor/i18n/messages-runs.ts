import type { Localized } from '../../runtime/model/localized';

type Tree = { [key: string]: Localized | Tree };

/** Strings of test runs, the trace, the executions list and run detail. */
export const RUN_MESSAGES = {
  sampleTitle: { ja: 'テスト実行', en: 'Test run' },
  sampleInput: { ja: 'サンプル入力（JSON）', en: 'Sample input (JSON)' },
  sampleHelp: {
    ja: 'トリガーが受け取るデータです。ワークフローごとに記憶されます。',
    en: 'The data the trigger receives. Remembered for each workflow.',
  },
  sampleInvalid: { ja: 'JSON として読めません: {{message}}', en: 'Not valid JSON: {{message}}' },
  start: { ja: '実行する', en: 'Run' },
  running: { ja: '実行中…', en: 'Running…' },
  sideEffects: {
    ja: 'このワークフローには外部に影響するノード（送信・登録など）があります。実行しますか？',
    en: 'This workflow has nodes with side effects (sending, creating …). Run it anyway?',
  },
  clearTrace: { ja: '表示を消す', en: 'Clear trace' },
  status: {
    running: { ja: '実行中', en: 'Running' },
    waiting: { ja: '待機中', en: 'Waiting' },
    succeeded: { ja: '成功', en: 'Succeeded' },
    failed: { ja: '失敗', en: 'Failed' },
    stopped: { ja: '停止', en: 'Stopped' },
    canceled: { ja: '取消', en: 'Canceled' },
    queued: { ja: '待ち行列', en: 'Queued' },
  },
  steps: { ja: 'ステップ', en: 'Steps' },
  step: { ja: 'ステップ {{index}}', en: 'Step {{index}}' },
  branch: { ja: '分岐: {{branch}}', en: 'Branch: {{branch}}' },
  duration: { ja: '{{ms}} ms', en: '{{ms}} ms' },
  attempt: { ja: '試行 {{attempt}} 回目', en: 'Attempt {{attempt}}' },
  input: { ja: '入力', en: 'Input' },
  output: { ja: '出力', en: 'Output' },
  errorTitle: { ja: 'エラー', en: 'Error' },
  noSteps: { ja: 'まだステップはありません。', en: 'No steps yet.' },
  listTitle: { ja: '実行履歴', en: 'Executions' },
  empty: { ja: '実行履歴はまだありません。', en: 'No executions yet.' },
  workflow: { ja: 'ワークフロー', en: 'Workflow' },
  started: { ja: '開始', en: 'Started' },
  finished: { ja: '終了', en: 'Finished' },
  version: { ja: '版', en: 'Version' },
  allStatuses: { ja: 'すべての状態', en: 'All statuses' },
  allWorkflows: { ja: 'すべてのワークフロー', en: 'All workflows' },
  detailTitle: { ja: '実行 {{id}}', en: 'Run {{id}}' },
  openOnCanvas: { ja: 'キャンバスで見る', en: 'View on canvas' },
  retryFromFailed: { ja: '失敗したステップから再実行', en: 'Retry from the failed step' },
  retried: { ja: '再実行を開始しました。', en: 'Retry started.' },
  viewing: {
    ja: '過去の実行を表示中（バージョン {{version}}・閲覧のみ）',
    en: 'Viewing a past run (version {{version}}, read-only)',
  },
  viewingDraft: {
    ja: '過去の実行を表示中（当時の下書き・閲覧のみ）',
    en: 'Viewing a past run (of the draft, read-only)',
  },
  backToDraft: { ja: '下書きに戻る', en: 'Back to the draft' },
  trigger: { ja: 'トリガー', en: 'Trigger' },
  loadMore: { ja: 'さらに表示', en: 'Load more' },
} satisfies Tree;
