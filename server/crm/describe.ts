import { isRecord } from '../../runtime/engine/registry';
import type { RecordModule } from '../../runtime/ports/crm';
import type { CrmRecordModel } from '../db/models/crm/index';
import { MODULE_SPECS } from './modules';

/** A record as the API and triggers show it: the module's fields flat, custom fields apart. */
export type RecordView = Record<string, unknown> & { id: string; module: RecordModule; name: string };

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

/** The JSON form of a record (`{{ trigger.record.… }}` reads the same shape). */
export function describeRecord(record: CrmRecordModel): RecordView {
  const spec = MODULE_SPECS[record.module];
  const fields = isRecord(record.fields) ? record.fields : {};
  const view: RecordView = { id: record.id, module: record.module, name: record.name };
  if (record.module === 'tickets') view.number = record.number;
  for (const field of spec.fields) {
    view[field.key] = plain(field.column ? record[field.column] : fields[field.key]);
  }
  if (spec.fields.some((field) => field.key === 'phone')) view.phoneE164 = record.phoneE164;
  if (spec.pipeline) {
    view.stageEnteredAt = plain(record.stageEnteredAt);
    view.customFields = isRecord(fields.custom) ? { ...fields.custom } : {};
  }
  view.createdBy = record.createdBy;
  view.updatedBy = record.updatedBy;
  view.createdAt = plain(record.createdAt);
  view.updatedAt = plain(record.updatedAt);
  return view;
}

const IGNORED_IN_DIFF = new Set(['updatedAt', 'updatedBy', 'stageEnteredAt']);

/** The field names whose value differs (custom fields as `customFields.<key>`). */
export function changedFields(before: RecordView, after: RecordView): string[] {
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (IGNORED_IN_DIFF.has(key)) continue;
    if (key === 'customFields') {
      const a = isRecord(before.customFields) ? before.customFields : {};
      const b = isRecord(after.customFields) ? after.customFields : {};
      for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (JSON.stringify(a[name] ?? null) !== JSON.stringify(b[name] ?? null))
          changed.push(`customFields.${name}`);
      }
      continue;
    }
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) changed.push(key);
  }
  return changed;
}
