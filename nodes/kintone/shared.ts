import { Type } from 'typebox';
import { isRecord } from '../../runtime/engine/registry';
import { NodeError } from '../../runtime/model/errors';
import type { Localized } from '../../runtime/model/localized';
import type { NodeContext, NodeResult } from '../../runtime/model/node-definition';
import { field } from '../common/schema';

/** What the kintone nodes share: the connection and app fields, field maps, calls and errors. */

export const KINTONE_BRANCH_LABELS = {
  success: { ja: '成功', en: 'Success' },
  failure: { ja: '失敗', en: 'Failure' },
  validation_error: { ja: '入力エラー', en: 'Validation error' },
  integration_disabled: { ja: '連携が無効', en: 'Integration disabled' },
} satisfies Record<string, Localized>;

export function kintoneConnectionField() {
  return Type.String({
    minLength: 1,
    maxLength: 100,
    'x-widget': 'connection:kintone',
    ...field({ ja: 'kintone の連携', en: 'kintone connection' }),
  });
}

export function appIdField(label: Localized = { ja: 'アプリ ID', en: 'App ID' }) {
  return Type.String({
    pattern: '^[0-9]{1,10}$',
    'x-placeholder': '12',
    ...field(label, {
      ja: 'https://<ドメイン>/k/<アプリ ID>/ の数字です。',
      en: 'The number in https://<domain>/k/<app id>/.',
    }),
  });
}

export function fieldCodeField(label: Localized) {
  return Type.String({
    minLength: 1,
    maxLength: 128,
    ...field(label, { ja: 'kintone のフィールドコード', en: 'The kintone field code' }),
  });
}

/** A list of kintone field code → value (templates allowed). */
export function fieldMapField() {
  return Type.Array(
    Type.Object(
      {
        code: Type.String({
          minLength: 1,
          maxLength: 128,
          ...field({ ja: 'フィールドコード', en: 'Field code' }),
        }),
        value: Type.String({
          maxLength: 10_000,
          'x-widget': 'template',
          ...field({ ja: '値', en: 'Value' }),
        }),
      },
      { additionalProperties: false },
    ),
    { maxItems: 100, default: [], ...field({ ja: '書き込むフィールド', en: 'Fields to write' }) },
  );
}

/** `{ code: { value } }` for kintone, skipping codes left empty. */
export function recordOf(
  entries: ReadonlyArray<{ code: string; value: unknown }>,
): Record<string, { value: string }> {
  const record: Record<string, { value: string }> = {};
  for (const entry of entries) {
    const value =
      typeof entry.value === 'string'
        ? entry.value
        : entry.value === undefined || entry.value === null
          ? ''
          : JSON.stringify(entry.value);
    if (entry.code !== '') record[entry.code] = { value };
  }
  return record;
}

export type KintoneOutcome = { ok: true; body: Record<string, unknown> } | { ok: false; error: NodeError };

/** A kintone call whose refusal comes back as a value, so the node can branch on its code. */
export async function callKintone(
  ctx: NodeContext<{ connectionId: string }>,
  request: { method: 'GET' | 'POST' | 'PUT'; path: string; body: Record<string, unknown> },
): Promise<KintoneOutcome> {
  try {
    const body = await ctx.port('kintone').request(ctx.config.connectionId, request);
    return { ok: true, body: isRecord(body) ? body : {} };
  } catch (error) {
    if (error instanceof NodeError && error.code !== 'port_missing') return { ok: false, error };
    throw error;
  }
}

/** The validation messages of a CB_VA01 refusal, by field key. */
export function validationErrors(error: NodeError): Record<string, string[]> {
  const details = error.details;
  if (!isRecord(details) || !isRecord(details.errors)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(details.errors))
    out[key] = Array.isArray(value) ? value.map(String) : [];
  return out;
}

/**
 * The branch of a refusal: `integration_disabled`, `validation_error` (CB_VA01, with kintone's
 * per-field messages), else it is thrown as a failure carrying kintone's code.
 */
export function refusal(error: NodeError, branches: readonly string[]): NodeResult {
  if (error.code === 'integration_disabled' && branches.includes('integration_disabled')) {
    return {
      branch: 'integration_disabled',
      output: { error: { code: error.code, message: error.localized ?? error.message } },
    };
  }
  if (error.code === 'CB_VA01' && branches.includes('validation_error')) {
    return {
      branch: 'validation_error',
      output: { error: { code: error.code, message: error.message, errors: validationErrors(error) } },
    };
  }
  throw error;
}

/** Double-quoted for a kintone query. */
export function quoteValue(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
