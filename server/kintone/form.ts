import { isRecord } from '../../runtime/engine/registry';
import type { Localized } from '../../runtime/model/localized';
import type { KintoneClient } from './client';

/** One field of an app's form as `/k/v1/app/form/fields.json` describes it. */
export interface FormField {
  code: string;
  type: string;
  label: string;
  required: boolean;
  /** Set for a field inside a table: the table's code. */
  subtable?: string;
}

/** The app's fields by code, subtable fields included (with their table's code). */
export async function readForm(client: KintoneClient, appId: string): Promise<Map<string, FormField>> {
  const response = await client.request('GET', '/k/v1/app/form/fields.json', { app: appId });
  const properties = isRecord(response) && isRecord(response.properties) ? response.properties : {};
  const form = new Map<string, FormField>();
  for (const [code, raw] of Object.entries(properties)) {
    if (!isRecord(raw)) continue;
    const type = String(raw.type);
    form.set(code, {
      code,
      type,
      label: typeof raw.label === 'string' ? raw.label : code,
      required: raw.required === true,
    });
    if (type === 'SUBTABLE' && isRecord(raw.fields)) {
      for (const [inner, innerRaw] of Object.entries(raw.fields)) {
        if (!isRecord(innerRaw)) continue;
        form.set(inner, {
          code: inner,
          type: String(innerRaw.type),
          label: typeof innerRaw.label === 'string' ? innerRaw.label : inner,
          required: innerRaw.required === true,
          subtable: code,
        });
      }
    }
  }
  return form;
}

export type MappingProblemCode =
  | 'unknown_field'
  | 'subtable_field'
  | 'required_unmapped'
  | 'wrong_type'
  | 'no_updated_time'
  | 'phone_missing';

export interface MappingProblem {
  code: MappingProblemCode;
  /** The mapping key at fault (`phone`, `name` …) or the kintone field code. */
  field: string;
  message: Localized;
}

/** Types a value can be written into as text. */
const TEXT_TYPES = new Set(['SINGLE_LINE_TEXT', 'MULTI_LINE_TEXT', 'LINK', 'NUMBER', 'RICH_TEXT']);

/**
 * Every problem of a mapping (our key → kintone field code) against the form, at once:
 * unknown codes, fields inside a table, required fields left unmapped, a phone field that cannot
 * hold text; and the updated-time field when `needsUpdatedTime`.
 */
export function checkMapping(options: {
  form: Map<string, FormField>;
  mapping: Record<string, string | undefined>;
  requiredKeys?: string[];
  /** Keys whose field must hold a single line (recording URLs: a LINK field refuses several). */
  singleLineKeys?: string[];
  needsUpdatedTime?: boolean;
}): { problems: MappingProblem[]; updatedTimeCode: string | undefined } {
  const { form, mapping } = options;
  const problems: MappingProblem[] = [];
  for (const key of options.requiredKeys ?? []) {
    if (!mapping[key]) {
      problems.push({
        code: 'phone_missing',
        field: key,
        message: {
          ja: `「${key}」のフィールドコードは必須です。`,
          en: `The field code for "${key}" is required.`,
        },
      });
    }
  }
  const mapped = new Set<string>();
  for (const [key, code] of Object.entries(mapping)) {
    if (!code) continue;
    mapped.add(code);
    const field = form.get(code);
    if (!field) {
      problems.push({
        code: 'unknown_field',
        field: key,
        message: {
          ja: `「${key}」のフィールドコード「${code}」はアプリにありません。kintone のフォーム設定でフィールドコードを確認してください。`,
          en: `The field code "${code}" (for "${key}") does not exist in the app. Check the field code in the kintone form settings.`,
        },
      });
    } else if (field.subtable) {
      problems.push({
        code: 'subtable_field',
        field: key,
        message: {
          ja: `「${code}」はテーブル「${field.subtable}」の中のフィールドです。テーブル内のフィールドは連携できません。テーブルの外のフィールドを指定してください。`,
          en: `"${code}" is inside the table "${field.subtable}". Fields inside a table cannot be mapped; choose a field outside the table.`,
        },
      });
    } else if (!TEXT_TYPES.has(field.type)) {
      problems.push({
        code: 'wrong_type',
        field: key,
        message: {
          ja: `「${code}」の種類（${field.type}）には文字を書き込めません。文字列（1行）のフィールドを指定してください。`,
          en: `"${code}" is a ${field.type} field, which cannot hold text. Choose a single-line text field.`,
        },
      });
    } else if ((options.singleLineKeys ?? []).includes(key) && field.type !== 'SINGLE_LINE_TEXT') {
      problems.push({
        code: 'wrong_type',
        field: key,
        message: {
          ja: `「${code}」は ${field.type} です。保留で録音 URL が複数になるとリンクのフィールドは拒否するため、文字列（1行）のフィールドを指定してください。`,
          en: `"${code}" is a ${field.type} field. A call put on hold has several recording URLs, which a Link field refuses: choose a single-line text field.`,
        },
      });
    }
  }
  for (const field of form.values()) {
    if (field.required && !field.subtable && !mapped.has(field.code)) {
      problems.push({
        code: 'required_unmapped',
        field: field.code,
        message: {
          ja: `kintone のフィールド「${field.label}」（${field.code}）は必須ですが、連携で値を入れていません。kintone がレコードの作成・更新を拒否します。必須を外すか、別のアプリを使ってください。`,
          en: `The kintone field "${field.label}" (${field.code}) is required but the mapping leaves it empty, so kintone would refuse creates and updates. Make it optional, map it, or use another app.`,
        },
      });
    }
  }
  const updatedTime = [...form.values()].find((field) => field.type === 'UPDATED_TIME');
  if (options.needsUpdatedTime && !updatedTime) {
    problems.push({
      code: 'no_updated_time',
      field: 'updatedTime',
      message: {
        ja: 'アプリに「更新日時」のフィールドがありません。',
        en: 'The app has no updated-time field.',
      },
    });
  }
  return { problems, updatedTimeCode: updatedTime?.code };
}
