import type { Localized } from '../../runtime/model/localized';
import { RECORD_MODULES, TICKET_PRIORITIES, type RecordModule } from '../../runtime/ports/crm';
import type { CrmRecordModel } from '../db/models/crm/index';

/**
 * What each module's records hold. A field is stored in a column of crm_records (when it is
 * matched, filtered or joined on) or in the `fields` JSON; the API shows both the same way.
 */

export type FieldKind =
  | 'text'
  | 'longtext'
  | 'email'
  | 'phone'
  | 'number'
  | 'integer'
  | 'date'
  | 'datetime'
  | 'url'
  | 'enum'
  | 'record'
  | 'user'
  | 'pipeline'
  | 'stage'
  | 'department'
  | 'agent';

/** The columns a spec field may live in (the rest of crm_records is managed by the service). */
export type RecordColumn = Extract<
  keyof CrmRecordModel,
  | 'name'
  | 'email'
  | 'phone'
  | 'ownerId'
  | 'companyId'
  | 'contactId'
  | 'pipelineId'
  | 'stageId'
  | 'amount'
  | 'closingDate'
  | 'dueAt'
  | 'departmentId'
  | 'agentId'
  | 'priority'
  | 'classification'
  | 'status'
  | 'relatedModule'
  | 'relatedId'
>;

export interface FieldSpec {
  key: string;
  label: Localized;
  kind: FieldKind;
  /** Where it is stored; undefined: the `fields` JSON under `key`. */
  column?: RecordColumn;
  required?: boolean;
  maxLength?: number;
  /** For `enum`. */
  options?: readonly string[];
  /** For `record`: the module the id must belong to (or the field holding the module, for `relatedId`). */
  target?: RecordModule | 'relatedModule';
}

export interface ModuleSpec {
  module: RecordModule;
  labels: Localized;
  /** Deals and tickets live in pipelines. */
  pipeline: boolean;
  fields: readonly FieldSpec[];
}

const NAME = (label: Localized): FieldSpec => ({
  key: 'name',
  label,
  kind: 'text',
  column: 'name',
  required: true,
  maxLength: 500,
});
const OWNER: FieldSpec = {
  key: 'ownerId',
  label: { ja: '担当者', en: 'Owner' },
  kind: 'user',
  column: 'ownerId',
};
const EMAIL: FieldSpec = {
  key: 'email',
  label: { ja: 'メールアドレス', en: 'E-mail' },
  kind: 'email',
  column: 'email',
  maxLength: 320,
};
const PHONE: FieldSpec = {
  key: 'phone',
  label: { ja: '電話番号', en: 'Phone' },
  kind: 'phone',
  column: 'phone',
  maxLength: 50,
};
const DESCRIPTION: FieldSpec = {
  key: 'description',
  label: { ja: '説明', en: 'Description' },
  kind: 'longtext',
  maxLength: 20_000,
};
const COMPANY_REF: FieldSpec = {
  key: 'companyId',
  label: { ja: '会社', en: 'Company' },
  kind: 'record',
  column: 'companyId',
  target: 'companies',
};
const CONTACT_REF: FieldSpec = {
  key: 'contactId',
  label: { ja: '連絡先', en: 'Contact' },
  kind: 'record',
  column: 'contactId',
  target: 'contacts',
};
const PIPELINE: FieldSpec = {
  key: 'pipelineId',
  label: { ja: 'パイプライン', en: 'Pipeline' },
  kind: 'pipeline',
  column: 'pipelineId',
};
const RELATED: FieldSpec[] = [
  {
    key: 'relatedModule',
    label: { ja: '関連先の種類', en: 'Related module' },
    kind: 'enum',
    column: 'relatedModule',
    options: RECORD_MODULES,
  },
  {
    key: 'relatedId',
    label: { ja: '関連先', en: 'Related record' },
    kind: 'record',
    column: 'relatedId',
    target: 'relatedModule',
  },
];

export const MODULE_SPECS: Record<RecordModule, ModuleSpec> = {
  leads: {
    module: 'leads',
    labels: { ja: '見込み客', en: 'Leads' },
    pipeline: false,
    fields: [
      NAME({ ja: '名前', en: 'Name' }),
      { key: 'company', label: { ja: '会社名', en: 'Company' }, kind: 'text', maxLength: 200 },
      EMAIL,
      PHONE,
      { key: 'source', label: { ja: 'データ元', en: 'Source' }, kind: 'text', maxLength: 100 },
      {
        key: 'status',
        label: { ja: 'ステータス', en: 'Status' },
        kind: 'text',
        column: 'status',
        maxLength: 32,
      },
      DESCRIPTION,
      OWNER,
    ],
  },
  contacts: {
    module: 'contacts',
    labels: { ja: '連絡先', en: 'Contacts' },
    pipeline: false,
    fields: [
      NAME({ ja: '名前', en: 'Name' }),
      COMPANY_REF,
      { key: 'company', label: { ja: '会社名', en: 'Company name' }, kind: 'text', maxLength: 200 },
      { key: 'title', label: { ja: '役職', en: 'Title' }, kind: 'text', maxLength: 100 },
      EMAIL,
      PHONE,
      DESCRIPTION,
      OWNER,
    ],
  },
  companies: {
    module: 'companies',
    labels: { ja: '会社', en: 'Companies' },
    pipeline: false,
    fields: [
      NAME({ ja: '会社名', en: 'Name' }),
      PHONE,
      { key: 'website', label: { ja: 'Web サイト', en: 'Website' }, kind: 'url', maxLength: 500 },
      { key: 'address', label: { ja: '住所', en: 'Address' }, kind: 'text', maxLength: 500 },
      DESCRIPTION,
      OWNER,
    ],
  },
  deals: {
    module: 'deals',
    labels: { ja: '商談', en: 'Deals' },
    pipeline: true,
    fields: [
      NAME({ ja: '商談名', en: 'Deal name' }),
      { ...PIPELINE, required: true },
      { key: 'stageId', label: { ja: 'ステージ', en: 'Stage' }, kind: 'stage', column: 'stageId' },
      { key: 'amount', label: { ja: '金額', en: 'Amount' }, kind: 'number', column: 'amount' },
      {
        key: 'closingDate',
        label: { ja: '完了予定日', en: 'Closing date' },
        kind: 'date',
        column: 'closingDate',
      },
      CONTACT_REF,
      COMPANY_REF,
      DESCRIPTION,
      OWNER,
    ],
  },
  tickets: {
    module: 'tickets',
    labels: { ja: 'チケット（問い合わせ）', en: 'Tickets' },
    pipeline: true,
    fields: [
      NAME({ ja: '件名', en: 'Subject' }),
      PIPELINE,
      { key: 'stageId', label: { ja: 'ステータス', en: 'Status' }, kind: 'stage', column: 'stageId' },
      DESCRIPTION,
      {
        key: 'priority',
        label: { ja: '優先度', en: 'Priority' },
        kind: 'enum',
        column: 'priority',
        options: TICKET_PRIORITIES,
      },
      {
        key: 'classification',
        label: { ja: '分類', en: 'Classification' },
        kind: 'text',
        column: 'classification',
        maxLength: 100,
      },
      {
        key: 'departmentId',
        label: { ja: '部門', en: 'Department' },
        kind: 'department',
        column: 'departmentId',
      },
      {
        key: 'agentId',
        label: { ja: '担当者（エージェント）', en: 'Agent' },
        kind: 'agent',
        column: 'agentId',
      },
      CONTACT_REF,
      EMAIL,
      PHONE,
      OWNER,
    ],
  },
  tasks: {
    module: 'tasks',
    labels: { ja: 'ToDo', en: 'To-dos' },
    pipeline: false,
    fields: [
      NAME({ ja: '件名', en: 'Subject' }),
      { key: 'dueAt', label: { ja: '期限', en: 'Due' }, kind: 'datetime', column: 'dueAt' },
      {
        key: 'status',
        label: { ja: '状態', en: 'Status' },
        kind: 'enum',
        column: 'status',
        options: ['open', 'done'],
      },
      ...RELATED,
      DESCRIPTION,
      OWNER,
    ],
  },
  calls: {
    module: 'calls',
    labels: { ja: '通話', en: 'Calls' },
    pipeline: false,
    fields: [
      NAME({ ja: '件名', en: 'Subject' }),
      {
        key: 'direction',
        label: { ja: '発着信', en: 'Direction' },
        kind: 'enum',
        options: ['inbound', 'outbound'],
      },
      PHONE,
      { key: 'startedAt', label: { ja: '開始日時', en: 'Started at' }, kind: 'datetime' },
      { key: 'durationSec', label: { ja: '通話時間（秒）', en: 'Duration (s)' }, kind: 'integer' },
      CONTACT_REF,
      ...RELATED,
      DESCRIPTION,
      OWNER,
    ],
  },
  mailing_lists: {
    module: 'mailing_lists',
    labels: { ja: '配信リスト', en: 'Mailing lists' },
    pipeline: false,
    fields: [NAME({ ja: 'リスト名', en: 'List name' }), DESCRIPTION, OWNER],
  },
};

/** True for a module name the records API knows. */
export function isRecordModule(value: unknown): value is RecordModule {
  return RECORD_MODULES.some((module) => module === value);
}

/** A module's spec field by key. */
export function fieldSpec(module: RecordModule, key: string): FieldSpec | undefined {
  return MODULE_SPECS[module].fields.find((spec) => spec.key === key);
}
