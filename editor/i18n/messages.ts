import type { Localized } from '../../runtime/model/localized';
import { PREVIEW_MESSAGES } from '../chat/preview-strings';
import { CANVAS_MESSAGES } from './messages-canvas';
import { RUN_MESSAGES } from './messages-runs';
import { SETTINGS_MESSAGES } from './messages-settings';

/** Every UI string, written once with both languages side by side so neither can be forgotten. */
export interface MessageTree {
  [key: string]: Localized | MessageTree;
}

const COMMON = {
  appName: { ja: 'Musubi', en: 'Musubi' },
  loading: { ja: '読み込み中…', en: 'Loading…' },
  save: { ja: '保存', en: 'Save' },
  cancel: { ja: 'キャンセル', en: 'Cancel' },
  close: { ja: '閉じる', en: 'Close' },
  delete: { ja: '削除', en: 'Delete' },
  confirm: { ja: '確認', en: 'Confirm' },
  back: { ja: '戻る', en: 'Back' },
  search: { ja: '検索', en: 'Search' },
  retry: { ja: '再試行', en: 'Retry' },
  yes: { ja: 'はい', en: 'Yes' },
  no: { ja: 'いいえ', en: 'No' },
  none: { ja: 'なし', en: 'None' },
  error: { ja: 'エラーが発生しました: {{message}}', en: 'Something went wrong: {{message}}' },
  networkError: {
    ja: 'サーバーに接続できません。ネットワークを確認してください。',
    en: 'Cannot reach the server. Check your network.',
  },
  language: { ja: '言語', en: 'Language' },
  japanese: { ja: '日本語', en: '日本語' },
  english: { ja: 'English', en: 'English' },
} satisfies MessageTree;

const NAV = {
  workflows: { ja: 'ワークフロー', en: 'Workflows' },
  executions: { ja: '実行履歴', en: 'Executions' },
  signOut: { ja: 'ログアウト', en: 'Sign out' },
  signedInAs: { ja: '{{email}} でログイン中', en: 'Signed in as {{email}}' },
  main: { ja: 'メインメニュー', en: 'Main menu' },
} satisfies MessageTree;

const AUTH = {
  signInTitle: { ja: 'ログイン', en: 'Sign in' },
  signIn: { ja: 'ログイン', en: 'Sign in' },
  email: { ja: 'メールアドレス', en: 'Email' },
  password: { ja: 'パスワード', en: 'Password' },
  name: { ja: 'お名前', en: 'Your name' },
  badCredentials: {
    ja: 'メールアドレスまたはパスワードが違います。',
    en: 'The email or password is not right.',
  },
  setupTitle: { ja: 'はじめに: オーナーアカウントを作成', en: 'Welcome: create the owner account' },
  setupIntro: {
    ja: 'このワークスペースを管理するオーナーのアカウントを作成します。あとから他のメンバーを招待できます。',
    en: 'Create the account of the owner who manages this workspace. You can invite others later.',
  },
  setupSubmit: { ja: 'アカウントを作成', en: 'Create account' },
  passwordHint: { ja: '12 文字以上', en: 'At least 12 characters' },
} satisfies MessageTree;

const WORKFLOWS = {
  title: { ja: 'ワークフロー', en: 'Workflows' },
  create: { ja: '新規作成', en: 'New workflow' },
  import: { ja: 'インポート', en: 'Import' },
  searchPlaceholder: { ja: '名前で検索', en: 'Search by name' },
  empty: {
    ja: 'ワークフローはまだありません。「新規作成」から始めましょう。',
    en: 'No workflows yet. Start with “New workflow”.',
  },
  noMatch: { ja: '一致するワークフローはありません。', en: 'No workflow matches.' },
  name: { ja: '名前', en: 'Name' },
  status: { ja: '状態', en: 'Status' },
  updated: { ja: '更新日時', en: 'Updated' },
  lastRun: { ja: '最終実行', en: 'Last run' },
  active: { ja: '有効', en: 'Active' },
  inactive: { ja: '無効', en: 'Inactive' },
  published: { ja: '公開済み v{{version}}', en: 'Published v{{version}}' },
  draftOnly: { ja: '下書きのみ', en: 'Draft only' },
  actions: { ja: '操作', en: 'Actions' },
  open: { ja: '開く', en: 'Open' },
  duplicate: { ja: '複製', en: 'Duplicate' },
  export: { ja: 'エクスポート', en: 'Export' },
  copySuffix: { ja: '（コピー）', en: ' (copy)' },
  defaultName: { ja: '新しいワークフロー', en: 'New workflow' },
  confirmDelete: {
    ja: '「{{name}}」を削除しますか？ 公開済みのバージョンと実行履歴も見られなくなります。',
    en: 'Delete “{{name}}”? Its published versions and run history will no longer be available.',
  },
  importFailed: { ja: 'インポートできませんでした', en: 'The import failed' },
  activateFirst: {
    ja: '有効にするには、まず公開してください。',
    en: 'Publish the workflow before activating it.',
  },
  toggleActive: { ja: '「{{name}}」の有効/無効を切り替え', en: 'Turn “{{name}}” on or off' },
} satisfies MessageTree;

const PROBLEMS = {
  title: { ja: '問題', en: 'Problems' },
  none: { ja: '問題はありません。', en: 'No problems.' },
  count: { ja: 'エラー {{errors}} 件、警告 {{warnings}} 件', en: '{{errors}} errors, {{warnings}} warnings' },
  error: { ja: 'エラー', en: 'Error' },
  warning: { ja: '警告', en: 'Warning' },
  check: { ja: 'チェック', en: 'Check' },
  publishRefused: {
    ja: 'エラーがあるため公開できません。問題の一覧を確認してください。',
    en: 'Cannot publish while errors remain. See the list of problems.',
  },
} satisfies MessageTree;

const VERSIONS = {
  title: { ja: 'バージョン履歴', en: 'Version history' },
  empty: { ja: 'まだ公開されていません。', en: 'Not published yet.' },
  version: { ja: 'バージョン {{n}}', en: 'Version {{n}}' },
  publishedAt: { ja: '{{date}} に公開', en: 'Published {{date}}' },
  restore: { ja: '下書きに復元', en: 'Restore as draft' },
  confirmRestore: {
    ja: 'バージョン {{n}} を下書きに復元しますか？ 今の下書きは「元に戻す」で戻せます。',
    en: 'Restore version {{n}} as the draft? You can undo to get the current draft back.',
  },
  compare: { ja: '下書きと比較', en: 'Compare with draft' },
  diffTitle: { ja: 'バージョン {{n}} と下書きの違い', en: 'Version {{n}} vs. draft' },
  added: { ja: '追加', en: 'Added' },
  removed: { ja: '削除', en: 'Removed' },
  changed: { ja: '変更', en: 'Changed' },
  noDiff: { ja: '違いはありません。', en: 'No differences.' },
  nodes: { ja: 'ノード', en: 'Nodes' },
  edges: { ja: '接続', en: 'Connections' },
  active: { ja: '稼働中', en: 'Active' },
} satisfies MessageTree;

export const MESSAGES = {
  common: COMMON,
  nav: NAV,
  auth: AUTH,
  workflows: WORKFLOWS,
  problems: PROBLEMS,
  versions: VERSIONS,
  canvas: CANVAS_MESSAGES,
  runs: RUN_MESSAGES,
  preview: PREVIEW_MESSAGES,
  settings: SETTINGS_MESSAGES,
} satisfies MessageTree;
