import type { Localized } from '../../runtime/model/localized';
import type { PipelineModule } from '../../runtime/ports/crm';
import type { CustomFieldDefinition } from '../db/models/crm/index';
import { MODULE_SPECS } from '../crm/modules';
import type { FieldKind } from '../crm/modules';

/** One field a pipeline's share page may show: a module field, or `custom.<key>`. */
export interface ShareableField {
  key: string;
  label: Localized;
  kind: FieldKind | 'custom';
}

/** Fields never offered: the pipeline is the page itself, the owner is an internal user. */
const NEVER_SHARED = new Set(['pipelineId', 'ownerId']);

/** The contact's own fields a share page may show (only behind OTP). */
export const CONTACT_SUB_FIELDS: readonly { key: string; label: Localized }[] = [
  { key: 'name', label: { ja: '名前', en: 'Name' } },
  { key: 'email', label: { ja: 'メールアドレス', en: 'E-mail' } },
  { key: 'phone', label: { ja: '電話番号', en: 'Phone' } },
  { key: 'company', label: { ja: '会社名', en: 'Company name' } },
  { key: 'title', label: { ja: '役職', en: 'Title' } },
];

/** Every field of a pipeline's records that the permissions editor lists, in display order. */
export function shareableFields(options: {
  module: PipelineModule;
  customFields: readonly CustomFieldDefinition[];
}): ShareableField[] {
  const fields: ShareableField[] = [];
  if (options.module === 'tickets') {
    fields.push({ key: 'number', label: { ja: 'チケット番号', en: 'Ticket number' }, kind: 'integer' });
  }
  for (const spec of MODULE_SPECS[options.module].fields) {
    if (!NEVER_SHARED.has(spec.key)) fields.push({ key: spec.key, label: spec.label, kind: spec.kind });
  }
  for (const custom of options.customFields) {
    fields.push({ key: `custom.${custom.key}`, label: custom.label, kind: 'custom' });
  }
  return fields;
}

/** The fields selected by default when sharing is first switched on: the name and the stage. */
export const DEFAULT_SHARED_FIELDS: readonly string[] = ['name', 'stageId'];
