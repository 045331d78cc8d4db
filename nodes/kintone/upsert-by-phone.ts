import { Type } from 'typebox';
import { isRecord } from '../../runtime/engine/registry';
import { defineNode } from '../../runtime/model/node-definition';
import type { NodeResult } from '../../runtime/model/node-definition';
import { field } from '../common/schema';
import {
  appIdField,
  callKintone,
  fieldCodeField,
  fieldMapField,
  KINTONE_BRANCH_LABELS,
  kintoneConnectionField,
  quoteValue,
  recordOf,
  refusal,
} from './shared';

const BRANCHES = [
  'created',
  'updated',
  'skipped_no_phone',
  'validation_error',
  'failure',
  'integration_disabled',
] as const;

/**
 * The ways one number may be written in a kintone text field: as given, digits only, E.164 and
 * the Japanese national form (`+81 3-1234-5678` ↔ `0312345678`).
 */
export function phoneForms(phone: string): string[] {
  const text = phone.normalize('NFKC').trim();
  const digits = text.replace(/\D/g, '');
  const forms = new Set([text, digits]);
  if (text.startsWith('+81') && digits.length > 2) forms.add(`0${digits.slice(2)}`);
  if (text.startsWith('+')) forms.add(`+${digits}`);
  if (digits.startsWith('0') && digits.length >= 10) forms.add(`+81${digits.slice(1)}`);
  // 03-1234-5678, 090-1234-5678: the hyphenated forms people type most.
  const national = [...forms].find((form) => /^0\d{9,10}$/.test(form));
  if (national) {
    if (national.length === 11)
      forms.add(`${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`);
    else forms.add(`${national.slice(0, 2)}-${national.slice(2, 6)}-${national.slice(6)}`);
  }
  return [...forms].filter((form) => form !== '');
}

/** Updates the kintone record with this phone number, or creates one with what is known. */
export const upsertByPhoneNode = defineNode({
  type: 'kintone.upsert_by_phone',
  version: 1,
  category: 'kintone',
  labels: { ja: '電話番号で kintone に登録・更新', en: 'Upsert kintone record by phone' },
  description: {
    ja: '電話番号でレコードを探し、あれば更新、なければ作成します（わかっているのが電話番号だけでも作成します）。',
    en: 'Finds the record by phone number and updates it, or creates one (with only the phone if that is all that is known).',
  },
  config: Type.Object(
    {
      connectionId: kintoneConnectionField(),
      appId: appIdField(),
      phoneField: fieldCodeField({ ja: '電話番号のフィールドコード', en: 'Phone field code' }),
      phone: Type.String({
        maxLength: 50,
        'x-widget': 'template',
        ...field({ ja: '電話番号', en: 'Phone number' }),
      }),
      fields: Type.Optional(fieldMapField()),
    },
    { additionalProperties: false },
  ),
  branches: BRANCHES,
  branchLabels: {
    created: { ja: '作成した', en: 'Created' },
    updated: { ja: '更新した', en: 'Updated' },
    skipped_no_phone: { ja: '電話番号なし', en: 'No phone number' },
    ...KINTONE_BRANCH_LABELS,
  },
  sideEffects: true,
  outputs: Type.Object({ recordId: Type.String(), revision: Type.String(), action: Type.String() }),
  run: async (ctx): Promise<NodeResult> => {
    const { config } = ctx;
    const phone = config.phone.trim();
    if (phone === '' || !/\d/.test(phone))
      return { branch: 'skipped_no_phone', output: { action: 'skipped' } };
    const forms = phoneForms(phone).map(quoteValue).join(', ');
    const found = await callKintone(ctx, {
      method: 'GET',
      path: '/k/v1/records.json',
      body: {
        app: config.appId,
        query: `${config.phoneField} in (${forms}) order by $id asc limit 1`,
        fields: ['$id', '$revision'],
      },
    });
    if (!found.ok) return refusal(found.error, BRANCHES);
    const record = recordOf(config.fields ?? []);
    const [existing] = Array.isArray(found.body.records) ? found.body.records.filter(isRecord) : [];
    const id = existing && isRecord(existing.$id) ? String(existing.$id.value) : undefined;
    if (id && existing) {
      const revision = isRecord(existing.$revision) ? String(existing.$revision.value) : '-1';
      const updated = await callKintone(ctx, {
        method: 'PUT',
        path: '/k/v1/record.json',
        body: { app: config.appId, id, revision, record },
      });
      if (!updated.ok) return refusal(updated.error, BRANCHES);
      return {
        branch: 'updated',
        output: { recordId: id, revision: String(updated.body.revision), action: 'updated' },
      };
    }
    const created = await callKintone(ctx, {
      method: 'POST',
      path: '/k/v1/record.json',
      body: { app: config.appId, record: { ...record, [config.phoneField]: { value: phone } } },
    });
    if (!created.ok) return refusal(created.error, BRANCHES);
    return {
      branch: 'created',
      output: {
        recordId: String(created.body.id),
        revision: String(created.body.revision),
        action: 'created',
      },
    };
  },
});
