import type { FieldDef, KintoneEmulator } from './server';

/** The stock customer app's fields, plus a table (whose fields cannot be mapped). */
export const CUSTOMER_FIELDS: FieldDef[] = [
  { code: '顧客名', type: 'SINGLE_LINE_TEXT', label: '顧客名' },
  { code: '会社名', type: 'SINGLE_LINE_TEXT', label: '会社名' },
  { code: '電話番号', type: 'SINGLE_LINE_TEXT', label: '電話番号' },
  { code: 'メールアドレス', type: 'SINGLE_LINE_TEXT', label: 'メールアドレス' },
  { code: 'ランク', type: 'DROP_DOWN', label: 'ランク' },
  {
    code: '対応履歴',
    type: 'SUBTABLE',
    label: '対応履歴',
    fields: [{ code: '対応内容', type: 'SINGLE_LINE_TEXT' }],
  },
];

export const CALL_HISTORY_FIELDS: FieldDef[] = [
  { code: '電話番号', type: 'SINGLE_LINE_TEXT', label: '電話番号', required: true },
  { code: '発着信', type: 'SINGLE_LINE_TEXT', label: '発着信' },
  { code: '開始日時', type: 'SINGLE_LINE_TEXT', label: '開始日時' },
  { code: '通話秒数', type: 'NUMBER', label: '通話秒数' },
  { code: '録音URL', type: 'SINGLE_LINE_TEXT', label: '録音URL' },
  { code: '録音リンク', type: 'LINK', label: '録音リンク' },
  { code: '通話ID', type: 'SINGLE_LINE_TEXT', label: '通話ID', unique: true },
];

export const CUSTOMER_MAPPING = {
  appId: '1',
  fields: { phone: '電話番号', name: '顧客名', company: '会社名', email: 'メールアドレス' },
};

export const TOKENS = { customer: 'tok-customer', history: 'tok-history', viewOnly: 'tok-view' };

/** Minutes before `now` as kintone's DATETIME. */
export function minutesAgo(now: number, minutes: number): string {
  return new Date(now - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The customer app (1) and the call-history app (2) with their tokens. */
export function setUpApps(emulator: KintoneEmulator): void {
  emulator.addApp({ id: '1', fields: CUSTOMER_FIELDS });
  emulator.addApp({ id: '2', fields: CALL_HISTORY_FIELDS });
  emulator.addToken({
    token: TOKENS.customer,
    appId: '1',
    permissions: { view: true, add: true, edit: true },
  });
  emulator.addToken({ token: TOKENS.history, appId: '2', permissions: { add: true, edit: true } });
  emulator.addToken({ token: TOKENS.viewOnly, appId: '1', permissions: { view: true } });
}

/** A Japanese landline number that differs per index. */
export function phoneOf(index: number): string {
  return `03-${String(1000 + Math.floor(index / 10000)).padStart(4, '0')}-${String(index % 10000).padStart(4, '0')}`;
}

/**
 * 3,500 customers: every tenth without a phone, updated times shuffled against $id (so "newest
 * first" cannot be mistaken for "highest id first"), all within the last three days; and 50 more
 * with phones updated 61+ days ago. Returns the phones of the 3,000 newest with a phone.
 */
export function seedCustomers(emulator: KintoneEmulator, now: number, count = 3500): string[] {
  const withPhone: Array<{ phone: string; updated: string; id: number }> = [];
  for (let index = 1; index <= count; index += 1) {
    const minutes = (index * 7919) % count;
    const updated = minutesAgo(now, minutes + 1);
    const phone = index % 10 === 0 ? '' : phoneOf(index);
    const record = emulator.seed(
      '1',
      {
        顧客名: `顧客 ${index}`,
        会社名: `会社 ${index % 50}`,
        電話番号: phone,
        メールアドレス: `c${index}@example.jp`,
      },
      updated,
    );
    if (phone) withPhone.push({ phone, updated, id: record.id });
  }
  for (let index = 0; index < 50; index += 1) {
    emulator.seed(
      '1',
      { 顧客名: `古い顧客 ${index}`, 電話番号: phoneOf(9000 + index) },
      minutesAgo(now, 61 * 24 * 60 + index),
    );
  }
  withPhone.sort((a, b) => (a.updated === b.updated ? b.id - a.id : a.updated < b.updated ? 1 : -1));
  return withPhone.slice(0, 3000).map((entry) => entry.phone);
}
