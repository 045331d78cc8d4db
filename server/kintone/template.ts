/**
 * The two kintone apps the integration expects — "customer management" and "call history" — as
 * field definitions for kintone's form API (`POST /k/v1/preview/app/form/fields.json` with
 * `{ app, properties }`, then `POST /k/v1/preview/app/deploy.json`). kintone's own app-template
 * ZIP (System administration → App templates) has no public format, so it is not imitated: this
 * file gives the same fields, with the codes the Connections form fills in by default.
 */

interface FieldProperty {
  type: string;
  code: string;
  label: string;
  required?: boolean;
  unique?: boolean;
  maxLength?: string;
}

const text = (code: string, label: string, extra: Partial<FieldProperty> = {}): FieldProperty => ({
  type: 'SINGLE_LINE_TEXT',
  code,
  label,
  ...extra,
});

const byCode = (fields: FieldProperty[]) => Object.fromEntries(fields.map((field) => [field.code, field]));

export const CUSTOMER_APP_FIELDS: FieldProperty[] = [
  text('顧客名', '顧客名'),
  text('会社名', '会社名'),
  // Single-line text, not LINK/phone type: numbers are matched as the strings both apps store.
  text('電話番号', '電話番号', { required: true }),
  text('メールアドレス', 'メールアドレス'),
];

export const CALL_HISTORY_APP_FIELDS: FieldProperty[] = [
  text('電話番号', '電話番号', { required: true }),
  text('発着信', '発着信'),
  text('開始日時', '開始日時'),
  { type: 'NUMBER', code: '通話秒数', label: '通話秒数' },
  // One line of text: a call put on hold has several URLs, which a Link field refuses.
  text('録音URL', '録音URL', { maxLength: '' }),
  text('担当者', '担当者'),
  // Prohibit duplicates: a repeated call event updates its record instead of adding one.
  text('通話ID', '通話ID', { unique: true }),
];

/** The downloadable file: both apps' `properties`, and how to use them. */
export function kintoneAppTemplate() {
  return {
    format: 'musubi.kintone-apps/1',
    howTo: {
      ja: [
        'kintone で空のアプリを 2 つ（「顧客管理」「通話履歴」）作ります。',
        '各アプリの properties を POST /k/v1/preview/app/form/fields.json に { "app": <アプリ ID>, "properties": … } として送り、POST /k/v1/preview/app/deploy.json で運用環境に反映します（アプリ管理の権限を持つユーザーで）。',
        '顧客に紐づく通話を kintone で一覧するには、顧客管理アプリに関連レコード一覧を追加し、「電話番号 = 電話番号」を条件にします（関連先のアプリ ID が決まってから画面で設定します）。',
        'kintone のアプリテンプレート（ZIP）形式は公開されていないため、この JSON で同じフィールドを作ります。',
      ],
      en: [
        'Create two empty kintone apps ("customer management" and "call history").',
        'Send each app\'s properties to POST /k/v1/preview/app/form/fields.json as { "app": <app id>, "properties": … } and deploy with POST /k/v1/preview/app/deploy.json (as a user who may manage the app).',
        'To list a customer\'s calls in kintone, add a related-records field to the customer app matching "phone = phone" (set it on screen once the call-history app\'s id is known).',
        "kintone's app-template ZIP format is not public, so this JSON builds the same fields instead.",
      ],
    },
    apps: [
      {
        key: 'customers',
        name: { ja: '顧客管理', en: 'Customer management' },
        properties: byCode(CUSTOMER_APP_FIELDS),
      },
      {
        key: 'callHistory',
        name: { ja: '通話履歴', en: 'Call history' },
        properties: byCode(CALL_HISTORY_APP_FIELDS),
      },
    ],
  };
}
