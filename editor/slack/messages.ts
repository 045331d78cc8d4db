import type { Localized } from '../../runtime/model/localized';
import type { SlackEvent } from './api';

/** The Slack settings screen's words (kept here so the screen stays one self-contained folder). */
export const M = {
  title: { ja: 'Slack 連携', en: 'Slack integration' },
  integration: { ja: 'Slack 連携全体', en: 'Whole Slack integration' },
  integrationOff: {
    ja: 'Slack 連携全体を無効にします。すべての通知が止まります。続けますか？',
    en: 'Switch the whole Slack integration off? Every notification stops.',
  },
  deleteAll: { ja: '連携を削除', en: 'Delete integration' },
  deleteAllWarn: {
    ja: 'すべてのワークスペースと設定を削除します。元に戻せません。',
    en: 'Every workspace and its settings will be deleted. This cannot be undone.',
  },
  addWorkspace: { ja: '+ Slack ワークスペース', en: '+ Slack workspace' },
  byOAuth: { ja: 'Slack アプリで追加（OAuth）', en: 'Add to Slack (OAuth)' },
  byToken: { ja: 'ボットトークンを貼り付け', en: 'Paste a bot token' },
  clientId: { ja: 'クライアント ID', en: 'Client ID' },
  clientSecret: { ja: 'クライアントシークレット', en: 'Client secret' },
  signingSecret: { ja: '署名シークレット', en: 'Signing secret' },
  botToken: { ja: 'ボットトークン (xoxb-…)', en: 'Bot token (xoxb-…)' },
  connect: { ja: '接続', en: 'Connect' },
  enabled: { ja: '有効', en: 'On' },
  workspaceOff: {
    ja: 'このワークスペースを無効にします。無効の間は通知が送られず、設定は編集できません。',
    en: 'Switch this workspace off? It sends nothing and its settings cannot be edited while off.',
  },
  delete: { ja: '削除', en: 'Delete' },
  deleteWarn: {
    ja: 'このワークスペースに関するすべてのデータ（関連付け・通知設定・ユーザー連携）を削除します。',
    en: 'All data about this workspace (mapping, notification settings, user links) will be deleted.',
  },
  regenerate: { ja: 'トークンを再生成', en: 'Regenerate token' },
  readOnly: { ja: '無効のため読み取り専用です。', en: 'Switched off: read-only.' },
  lastError: { ja: '配信エラー', en: 'Delivery error' },
  mapping: { ja: '部門とチャンネルの関連付け', en: 'Departments and channels' },
  modeAll: { ja: 'すべての部門を 1 つのチャンネルへ', en: 'All departments to one channel' },
  modeEach: { ja: '部門ごとにチャンネルを選ぶ', en: 'A channel per department' },
  none: { ja: '（送らない）', en: '(none)' },
  save: { ja: '保存', en: 'Save' },
  saved: { ja: '保存しました。', en: 'Saved.' },
  notifications: { ja: 'Slack 通知', en: 'Slack notifications' },
  cont: { ja: '続ける', en: 'Continue' },
  test: { ja: '接続テスト', en: 'Test connection' },
  testOk: { ja: '接続できました', en: 'Connected' },
  testFailed: {
    ja: 'Slack が接続を拒否しました。トークンを確認し、必要なら貼り直すか再生成してください',
    en: 'Slack refused the connection. Check the token; paste it again or regenerate it',
  },
  addChannel: { ja: 'チャンネルを追加', en: 'Add a channel' },
  removeChannel: { ja: 'このチャンネルを外す', en: 'Remove this channel' },
} satisfies Record<string, Localized>;

export const EVENT_LABELS: Record<SlackEvent, Localized> = {
  ticket_created: { ja: '問い合わせの作成', en: 'Ticket created' },
  ticket_assigned: { ja: '担当者の割り当て', en: 'Ticket assigned' },
  status_changed: { ja: 'ステータスの変更', en: 'Status changed' },
  ticket_closed: { ja: '問い合わせの完了', en: 'Ticket closed' },
  comment_added: { ja: 'コメントの追加', en: 'Comment added' },
  rating_received: { ja: '顧客満足度評価の受信', en: 'Customer rating received' },
  stage_upcoming: { ja: '今後の遷移', en: 'Upcoming stage transition' },
};
