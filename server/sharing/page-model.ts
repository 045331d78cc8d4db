import { isRecord } from '../../runtime/engine/registry';
import type { Localized } from '../../runtime/model/localized';
import type { PipelineModule } from '../../runtime/ports/crm';
import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/index';
import type { ShareSettingsModel } from '../db/models/sharing/index';
import { fieldSpec } from '../crm/modules';
import { CONTACT_SUB_FIELDS, shareableFields } from './fields';

/** One label and its shown value. */
export interface PageField {
  label: Localized;
  value: string;
}

/**
 * Everything a share page may show, already reduced to the permitted fields. The renderer sees
 * nothing else, so an unpermitted value cannot reach the HTML by mistake.
 */
export interface SharePageModel {
  pageTitle: string | null;
  orgName: string | null;
  hasLogo: boolean;
  /** The record's name when the name field is permitted. */
  heading: string | null;
  fields: PageField[];
  /** The stage to show: the current one, or the last permitted one reached. */
  stage: string | null;
  /** Moves into permitted stages, oldest first; null when hidden or the stage is not shared. */
  history: Array<{ stage: string; at: string }> | null;
  contact: PageField[] | null;
  updatedAt: string;
}

const SECTION_FIELDS = new Set(['name', 'stageId', 'contactId']);

/** Builds the permitted view of a record for its share page (read fresh on every load). */
export async function buildPageModel(options: {
  db: Database;
  record: CrmRecordModel;
  settings: ShareSettingsModel;
}): Promise<SharePageModel> {
  const { db, record, settings } = options;
  const models = db.models;
  const allowed = new Set(settings.fields);
  const pipeline = await models.CrmPipeline.findByPk(settings.pipelineId);
  const module: PipelineModule = record.module === 'deals' ? 'deals' : 'tickets';
  const catalogue = shareableFields({ module, customFields: pipeline?.customFields ?? [] });
  const stored = isRecord(record.fields) ? record.fields : {};
  const custom = isRecord(stored.custom) ? stored.custom : {};

  const fields: PageField[] = [];
  for (const field of catalogue) {
    if (!allowed.has(field.key) || SECTION_FIELDS.has(field.key)) continue;
    const raw = await fieldValue({ db, record, key: field.key, stored, custom });
    fields.push({ label: field.label, value: raw });
  }

  const stageShown = allowed.has('stageId');
  const { stage, history } = stageShown
    ? await stageView({ db, record, settings })
    : { stage: null, history: null };

  return {
    pageTitle: settings.pageTitle,
    orgName: settings.orgName,
    hasLogo: settings.logo !== null && settings.logo !== undefined,
    heading: allowed.has('name') ? record.name : null,
    fields,
    stage,
    history: settings.hideHistory ? null : history,
    // Contact details only behind OTP: with open access anyone holding the link would see them.
    contact:
      allowed.has('contactId') && settings.access === 'otp'
        ? await contactView({ db, record, settings })
        : null,
    updatedAt: record.updatedAt.toISOString(),
  };
}

async function fieldValue(options: {
  db: Database;
  record: CrmRecordModel;
  key: string;
  stored: Record<string, unknown>;
  custom: Record<string, unknown>;
}): Promise<string> {
  const { db, record, key } = options;
  if (key === 'number')
    return record.number === null || record.number === undefined ? '' : `#${record.number}`;
  if (key.startsWith('custom.')) return display(options.custom[key.slice('custom.'.length)]);
  const spec = fieldSpec(record.module, key);
  if (!spec) return '';
  const raw: unknown = spec.column ? record[spec.column] : options.stored[key];
  if (raw === null || raw === undefined || raw === '') return '';
  if (typeof raw !== 'string') return display(raw);
  switch (spec.kind) {
    case 'record':
      return (await db.models.CrmRecord.findByPk(raw))?.name ?? '';
    case 'department':
      return (await db.models.CrmDepartment.findByPk(raw))?.name ?? '';
    case 'agent':
      return (await db.models.CrmAgent.findByPk(raw))?.name ?? '';
    default:
      return raw;
  }
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatTime(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return '';
}

/** Japan time, `2026-11-22 12:30`: the customers read it there. */
export function formatTime(date: Date): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  return parts;
}

async function stageView(options: {
  db: Database;
  record: CrmRecordModel;
  settings: ShareSettingsModel;
}): Promise<{ stage: string | null; history: Array<{ stage: string; at: string }> }> {
  const { db, record, settings } = options;
  const permitted = new Set(settings.stageIds);
  const [stages, moves] = await Promise.all([
    db.models.CrmStage.findAll({ where: { pipelineId: settings.pipelineId } }),
    db.models.CrmStageHistory.findAll({
      where: { recordId: record.id, pipelineId: settings.pipelineId },
      order: [
        ['changedAt', 'ASC'],
        ['id', 'ASC'],
      ],
    }),
  ]);
  const names = new Map(stages.map((stage) => [stage.id, stage.name]));
  const history = moves
    .filter((move) => permitted.has(move.toStageId) && names.has(move.toStageId))
    .map((move) => ({ stage: names.get(move.toStageId) ?? '', at: formatTime(move.changedAt) }));
  let stage: string | null = null;
  if (record.stageId && permitted.has(record.stageId)) stage = names.get(record.stageId) ?? null;
  else stage = history.at(-1)?.stage ?? null;
  return { stage, history };
}

async function contactView(options: {
  db: Database;
  record: CrmRecordModel;
  settings: ShareSettingsModel;
}): Promise<PageField[] | null> {
  const { db, record, settings } = options;
  if (!record.contactId) return null;
  const contact = await db.models.CrmRecord.findByPk(record.contactId);
  if (!contact) return null;
  const stored = isRecord(contact.fields) ? contact.fields : {};
  const values: Record<string, unknown> = {
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    company: stored.company,
    title: stored.title,
  };
  const allowed = new Set(settings.contactFields);
  return CONTACT_SUB_FIELDS.filter((field) => allowed.has(field.key)).map((field) => ({
    label: field.label,
    value: display(values[field.key]),
  }));
}
