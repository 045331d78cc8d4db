/**
 * The sample workspace's CRM data: two pipelines, departments, agents and about twenty records
 * with Japanese names and phone numbers. Every id is fixed, so loading twice finds them and adds
 * nothing. Names, companies and numbers are invented (0120 / 03-xxxx-0xxx style, example.jp mail).
 */

export const SAMPLE_PIPELINES = [
  {
    id: 'sample-sales',
    module: 'deals' as const,
    name: '商談 / Sales',
    stages: [
      { id: 'sample-sales-new', name: '新規', outcome: 'open' as const, color: '#64748b' },
      { id: 'sample-sales-proposal', name: '提案', outcome: 'open' as const, color: '#0ea5e9' },
      { id: 'sample-sales-negotiation', name: '交渉', outcome: 'open' as const, color: '#f59e0b' },
      { id: 'sample-sales-won', name: '受注', outcome: 'won' as const, color: '#16a34a' },
      { id: 'sample-sales-lost', name: '失注', outcome: 'lost' as const, color: '#dc2626' },
    ],
    customFields: [
      { key: 'budget', label: { ja: '予算', en: 'Budget' }, type: 'number' as const },
      { key: 'start_date', label: { ja: '導入予定日', en: 'Start date' }, type: 'date' as const },
      {
        key: 'product',
        label: { ja: '商材', en: 'Product' },
        type: 'picklist' as const,
        options: ['クラウド版', 'オンプレミス版', '導入支援'],
      },
    ],
  },
  {
    id: 'sample-support',
    module: 'tickets' as const,
    name: 'サポート / Support',
    stages: [
      { id: 'sample-support-open', name: '未対応', outcome: 'open' as const, color: '#dc2626' },
      { id: 'sample-support-progress', name: '対応中', outcome: 'open' as const, color: '#0ea5e9' },
      { id: 'sample-support-hold', name: '保留', outcome: 'open' as const, color: '#f59e0b' },
      { id: 'sample-support-done', name: '完了', outcome: 'closed' as const, color: '#16a34a' },
    ],
    customFields: [
      {
        key: 'channel',
        label: { ja: '受付経路', en: 'Channel' },
        type: 'picklist' as const,
        options: ['電話', 'メール', 'チャット'],
      },
    ],
  },
];

export const SAMPLE_DEPARTMENTS = [
  { id: 'sample-dept-support', name: 'カスタマーサポート部' },
  { id: 'sample-dept-sales', name: '営業部' },
  { id: 'sample-dept-billing', name: '経理部' },
];

export const SAMPLE_AGENTS = [
  { id: 'sample-agent-sato', name: '佐藤 健', email: 'sato@example.jp', departmentId: 'sample-dept-support' },
  {
    id: 'sample-agent-kobayashi',
    name: '小林 由美',
    email: 'kobayashi@example.jp',
    departmentId: 'sample-dept-support',
  },
  { id: 'sample-agent-ito', name: '伊藤 誠', email: 'ito@example.jp', departmentId: 'sample-dept-sales' },
];

/** Records in creation order (companies before the contacts that point at them). */
export const SAMPLE_RECORDS: Array<{ id: string; module: string; input: Record<string, unknown> }> = [
  {
    id: 'sample-company-musubi',
    module: 'companies',
    input: {
      name: '結び商事株式会社',
      phone: '03-5555-0101',
      website: 'https://musubi-shoji.example.jp',
      address: '東京都千代田区丸の内1-1-1',
    },
  },
  {
    id: 'sample-company-sakura',
    module: 'companies',
    input: {
      name: '株式会社さくらテック',
      phone: '06-6555-0202',
      website: 'https://sakura-tech.example.jp',
      address: '大阪府大阪市北区梅田2-2-2',
    },
  },
  {
    id: 'sample-company-minato',
    module: 'companies',
    input: { name: '港町物産株式会社', phone: '045-555-0303', address: '神奈川県横浜市中区山下町3-3' },
  },

  {
    id: 'sample-contact-yamada',
    module: 'contacts',
    input: {
      name: '山田 太郎',
      companyId: 'sample-company-musubi',
      title: '営業部長',
      email: 'taro.yamada@musubi-shoji.example.jp',
      phone: '03-5555-0111',
    },
  },
  {
    id: 'sample-contact-tanaka',
    module: 'contacts',
    input: {
      name: '田中 花子',
      companyId: 'sample-company-musubi',
      title: '情報システム課',
      email: 'hanako.tanaka@musubi-shoji.example.jp',
      phone: '090-5555-0112',
    },
  },
  {
    id: 'sample-contact-suzuki',
    module: 'contacts',
    input: {
      name: '鈴木 一郎',
      companyId: 'sample-company-sakura',
      title: '代表取締役',
      email: 'ichiro@sakura-tech.example.jp',
      phone: '06-6555-0211',
    },
  },
  {
    id: 'sample-contact-takahashi',
    module: 'contacts',
    input: {
      name: '高橋 美咲',
      companyId: 'sample-company-sakura',
      email: 'misaki@sakura-tech.example.jp',
      phone: '080-5555-0212',
    },
  },
  {
    id: 'sample-contact-watanabe',
    module: 'contacts',
    input: {
      name: '渡辺 翔太',
      companyId: 'sample-company-minato',
      title: '購買担当',
      email: 'shota.watanabe@minato-bussan.example.jp',
      phone: '045-555-0311',
    },
  },

  {
    id: 'sample-lead-nakamura',
    module: 'leads',
    input: {
      name: '中村 さくら',
      company: '株式会社みどり工房',
      email: 'sakura@midori-kobo.example.jp',
      phone: '070-5555-0401',
      source: 'Web フォーム',
      status: '未連絡',
    },
  },
  {
    id: 'sample-lead-kato',
    module: 'leads',
    input: {
      name: '加藤 大輔',
      company: '北斗システム株式会社',
      email: 'kato@hokuto-sys.example.jp',
      phone: '011-555-0402',
      source: 'チャットボット',
      status: '連絡済み',
    },
  },
  {
    id: 'sample-lead-yoshida',
    module: 'leads',
    input: {
      name: '吉田 彩',
      company: '吉田デザイン事務所',
      email: 'aya@yoshida-design.example.jp',
      phone: '092-555-0403',
      source: '展示会',
      status: '未連絡',
    },
  },
  {
    id: 'sample-lead-yamamoto',
    module: 'leads',
    input: {
      name: '山本 健太',
      company: '山本食品株式会社',
      email: 'kenta@yamamoto-foods.example.jp',
      phone: '052-555-0404',
      source: '紹介',
      status: '商談化',
    },
  },

  {
    id: 'sample-deal-musubi-cloud',
    module: 'deals',
    input: {
      name: '結び商事 クラウド版導入',
      pipelineId: 'sample-sales',
      stageId: 'sample-sales-proposal',
      amount: 1_800_000,
      closingDate: '2026-12-25',
      contactId: 'sample-contact-yamada',
      companyId: 'sample-company-musubi',
      customFields: { budget: 2_000_000, product: 'クラウド版' },
    },
  },
  {
    id: 'sample-deal-sakura-support',
    module: 'deals',
    input: {
      name: 'さくらテック 導入支援',
      pipelineId: 'sample-sales',
      stageId: 'sample-sales-new',
      amount: 450_000,
      closingDate: '2027-01-31',
      contactId: 'sample-contact-suzuki',
      companyId: 'sample-company-sakura',
      customFields: { product: '導入支援' },
    },
  },
  {
    id: 'sample-deal-minato-onprem',
    module: 'deals',
    input: {
      name: '港町物産 オンプレミス版更新',
      pipelineId: 'sample-sales',
      stageId: 'sample-sales-negotiation',
      amount: 3_200_000,
      closingDate: '2027-02-28',
      contactId: 'sample-contact-watanabe',
      companyId: 'sample-company-minato',
      customFields: { product: 'オンプレミス版', start_date: '2027-04-01' },
    },
  },
  {
    id: 'sample-deal-musubi-extra',
    module: 'deals',
    input: {
      name: '結び商事 ライセンス追加',
      pipelineId: 'sample-sales',
      stageId: 'sample-sales-won',
      amount: 600_000,
      closingDate: '2026-10-31',
      contactId: 'sample-contact-tanaka',
      companyId: 'sample-company-musubi',
    },
  },

  {
    id: 'sample-ticket-login',
    module: 'tickets',
    input: {
      name: 'ログインできない',
      pipelineId: 'sample-support',
      stageId: 'sample-support-open',
      description: 'パスワードを再設定してもログインできません。',
      priority: 'high',
      classification: '不具合',
      departmentId: 'sample-dept-support',
      agentId: 'sample-agent-sato',
      contactId: 'sample-contact-tanaka',
      email: 'hanako.tanaka@musubi-shoji.example.jp',
      customFields: { channel: 'メール' },
    },
  },
  {
    id: 'sample-ticket-invoice',
    module: 'tickets',
    input: {
      name: '請求書の再発行について',
      pipelineId: 'sample-support',
      stageId: 'sample-support-progress',
      description: '10 月分の請求書を再発行してほしい。',
      priority: 'medium',
      classification: '質問',
      departmentId: 'sample-dept-billing',
      contactId: 'sample-contact-suzuki',
      customFields: { channel: '電話' },
    },
  },
  {
    id: 'sample-ticket-csv',
    module: 'tickets',
    input: {
      name: 'CSV 取り込みの文字化け',
      pipelineId: 'sample-support',
      stageId: 'sample-support-hold',
      description: 'Shift_JIS の CSV を取り込むと文字化けする。',
      priority: 'low',
      classification: '課題',
      departmentId: 'sample-dept-support',
      agentId: 'sample-agent-kobayashi',
      contactId: 'sample-contact-watanabe',
      customFields: { channel: 'チャット' },
    },
  },

  {
    id: 'sample-call-yamada',
    module: 'calls',
    input: {
      name: '山田様 提案内容の確認',
      direction: 'outbound',
      phone: '03-5555-0111',
      startedAt: '2026-11-20T14:00:00+09:00',
      durationSec: 540,
      contactId: 'sample-contact-yamada',
      relatedModule: 'deals',
      relatedId: 'sample-deal-musubi-cloud',
    },
  },
  {
    id: 'sample-call-suzuki',
    module: 'calls',
    input: {
      name: '鈴木様 請求書の件',
      direction: 'inbound',
      phone: '06-6555-0211',
      startedAt: '2026-11-21T10:30:00+09:00',
      durationSec: 180,
      contactId: 'sample-contact-suzuki',
      relatedModule: 'tickets',
      relatedId: 'sample-ticket-invoice',
    },
  },

  {
    id: 'sample-task-quote',
    module: 'tasks',
    input: {
      name: '見積書を送付する',
      dueAt: '2026-11-27T18:00:00+09:00',
      status: 'open',
      relatedModule: 'deals',
      relatedId: 'sample-deal-musubi-cloud',
    },
  },
  {
    id: 'sample-task-callback',
    module: 'tasks',
    input: {
      name: '鈴木様に折り返し電話',
      dueAt: '2026-11-24T12:00:00+09:00',
      status: 'open',
      relatedModule: 'contacts',
      relatedId: 'sample-contact-suzuki',
    },
  },

  {
    id: 'sample-list-newsletter',
    module: 'mailing_lists',
    input: { name: 'ニュースレター / Newsletter', description: '製品ニュースの配信先' },
  },
];

export const SAMPLE_LIST_MEMBERS = [
  {
    listId: 'sample-list-newsletter',
    name: '山田 太郎',
    email: 'taro.yamada@musubi-shoji.example.jp',
    phone: '03-5555-0111',
  },
  { listId: 'sample-list-newsletter', name: '中村 さくら', email: 'sakura@midori-kobo.example.jp' },
];
