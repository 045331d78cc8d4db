import type { Localized } from '../../runtime/model/localized';

type Tree = { [key: string]: Localized | Tree };

/** Strings of the settings screens: users and roles, API tokens, preferences, outbox. */
export const SETTINGS_MESSAGES = {
  title: { ja: '設定', en: 'Settings' },
  tabs: {
    users: { ja: 'ユーザーと権限', en: 'Users and roles' },
    tokens: { ja: 'API トークン', en: 'API tokens' },
    preferences: { ja: '表示', en: 'Display' },
    outbox: { ja: '送信メール', en: 'Outbox' },
    connections: { ja: '連携', en: 'Connections' },
  },
  roles: {
    owner: { ja: 'オーナー', en: 'Owner' },
    admin: { ja: '管理者', en: 'Admin' },
    editor: { ja: '編集者', en: 'Editor' },
    viewer: { ja: '閲覧者', en: 'Viewer' },
  },
  users: {
    email: { ja: 'メールアドレス', en: 'Email' },
    name: { ja: '名前', en: 'Name' },
    role: { ja: '権限', en: 'Role' },
    sharing: { ja: '外部共有', en: 'External sharing' },
    lastLogin: { ja: '最終ログイン', en: 'Last sign-in' },
    disabled: { ja: '無効', en: 'Disabled' },
    invite: { ja: '招待する', en: 'Invite' },
    invited: {
      ja: '{{email}} を招待しました。仮パスワード（この画面でのみ表示）: {{password}}',
      en: 'Invited {{email}}. Temporary password (shown only now): {{password}}',
    },
    adminOnly: { ja: 'ユーザーの管理は管理者だけができます。', en: 'Only admins manage users.' },
  },
  tokens: {
    name: { ja: 'トークン名', en: 'Token name' },
    create: { ja: '作成', en: 'Create' },
    created: {
      ja: 'トークンを作成しました。今しか表示されないので控えてください:',
      en: 'Token created. Copy it now; it is not shown again:',
    },
    prefix: { ja: '先頭', en: 'Starts with' },
    lastUsed: { ja: '最終使用', en: 'Last used' },
    revoke: { ja: '取り消す', en: 'Revoke' },
    confirmRevoke: {
      ja: 'トークン「{{name}}」を取り消しますか？ これを使うスクリプトは動かなくなります。',
      en: 'Revoke the token “{{name}}”? Scripts using it will stop working.',
    },
    empty: { ja: 'トークンはありません。', en: 'No tokens.' },
  },
  preferences: {
    language: { ja: '表示言語', en: 'Language' },
    timeZone: { ja: 'タイムゾーン', en: 'Time zone' },
    timeZoneHelp: {
      ja: '日時はワークスペースのタイムゾーンで表示されます。',
      en: 'Dates and times are shown in the workspace time zone.',
    },
  },
  outbox: {
    to: { ja: '宛先', en: 'To' },
    subject: { ja: '件名', en: 'Subject' },
    status: { ja: '状態', en: 'Status' },
    sentAt: { ja: '日時', en: 'Date' },
    empty: { ja: '送信メールはありません。', en: 'No mail yet.' },
  },
} satisfies Tree;
